// Copyright © 2026 the Anneal authors.

/// Data collation kernels.
extension CPU {
  /// Gathers rows of `rowLength` bytes at `rows` of `bytes` into the contiguous float32
  /// `out`, each byte divided by `divisor` in `Float` (torchvision's `ToTensor` is `/ 255`).
  package static func collateBytes(
    _ bytes: UnsafeBufferPointer<UInt8>, rows: ArraySlice<Int>, rowLength: Int, divisor: Float, into out: Tensor
  ) {
    check(out.isContiguous && out.dtype == .float32 && out.count == rows.count * rowLength, "collate output mismatch")
    guard let source = bytes.baseAddress else { return }
    let target = base(out, Float.self)
    for (row, index) in rows.enumerated() {
      check(index >= 0 && (index + 1) * rowLength <= bytes.count, "index \(index) is out of range")
      let from = source + index * rowLength
      let to = target + row * rowLength
      for j in 0..<rowLength { to[j] = Float(from[j]) / divisor }
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
