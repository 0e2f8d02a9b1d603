// Copyright © 2026 the Anneal authors.

import CAnnealSIMD

/// Data collation kernels.
extension CPU {
  /// Gathers rows of `rowLength` bytes at `rows` of `bytes` into the contiguous float32
  /// `out`, each byte divided by `divisor` in `Float` (torchvision's `ToTensor` is `/ 255`),
  /// with `kernel`'s vectors (the selected SIMD variant by default; `nil`: the portable code).
  package static func collateBytes(
    _ bytes: UnsafeBufferPointer<UInt8>, rows: ArraySlice<Int>, rowLength: Int, divisor: Float, into out: Tensor,
    kernel: SIMDKernel? = SIMDKernel.selection.kernel
  ) {
    check(out.isContiguous && out.dtype == .float32 && out.count == rows.count * rowLength, "collate output mismatch")
    guard let source = bytes.baseAddress else { return }
    let target = base(out, Float.self)
    for index in rows {
      check(index >= 0 && (index + 1) * rowLength <= bytes.count, "index \(index) is out of range")
    }
    // A large batch (from 2¹⁸ floats: a batch of 1000 MNIST images, not one of 100) is
    // shared among the kernel threads by rows, so that it costs the step half the time
    // instead of taking a processor from the step's products on a loader thread.
    elementwiseParts(rows.count, work: rows.count * rowLength, minimum: 1 << 18) { range in
      collateRows(
        source, rows: rows.dropFirst(range.lowerBound).prefix(range.count), rowLength: rowLength, divisor: divisor,
        into: target + range.lowerBound * rowLength, kernel: kernel)
    }
  }

  /// ``collateBytes(_:rows:rowLength:divisor:into:kernel:)`` for `rows` into `target`, on this
  /// thread.
  private static func collateRows(
    _ source: UnsafePointer<UInt8>, rows: ArraySlice<Int>, rowLength: Int, divisor: Float,
    into target: UnsafeMutablePointer<Float>, kernel: SIMDKernel?
  ) {
    // AVX2 or AVX-512 when the processor has it: twice or four times the lanes of the baseline
    // build's vectors, one instruction to widen bytes, and a corrected reciprocal where it is
    // exact for every byte (the same bits as division per lane).
    if let kernel, kernel.collates {
      let done = rows.withUnsafeBufferPointer { indices in
        anneal_collate_bytes(
          kernel.flag, source, indices.baseAddress, indices.count, rowLength, divisor, target) == 0
      }
      if done { return }
    }
    // Sixteen bytes at a time, converted and divided in vector registers: IEEE division is
    // correctly rounded in every lane, so the bits are those of dividing each byte alone.
    let divisors = SIMD16<Float>(repeating: divisor)
    for (row, index) in rows.enumerated() {
      let from = source + index * rowLength
      let to = target + row * rowLength
      var j = 0
      while j + 16 <= rowLength {
        let lanes = UnsafeRawPointer(from + j).loadUnaligned(as: SIMD16<UInt8>.self)
        UnsafeMutableRawPointer(to + j).storeBytes(of: SIMD16<Float>(lanes) / divisors, as: SIMD16<Float>.self)
        j += 16
      }
      while j < rowLength {
        to[j] = Float(from[j]) / divisor
        j += 1
      }
    }
  }
}

extension Tensor {
  /// Rows of a byte array as a float32 tensor of `shape`, each byte divided by `divisor`
  /// (the batch collation of image datasets).
  public static func collating(
    bytes: [UInt8], rows: ArraySlice<Int>, rowLength: Int, divisor: Float = 255, shape: [Int]
  ) -> Tensor {
    let out = empty(shape)
    bytes.withUnsafeBufferPointer {
      Kernels.collateBytes($0, rows: rows, rowLength: rowLength, divisor: divisor, into: out)
    }
    return out
  }
}
