// Copyright © 2026 the Anneal authors.

import Anneal
import Testing

/// Batch collation of bytes, on every SIMD variant this processor runs and on the portable code:
/// each element has the bits of dividing its byte alone, for every byte value and row length.
@Suite struct CollateKernelTests {
  @Test(arguments: [1, 15, 16, 17, 784])
  func everyVariantDividesEachByteAlone(rowLength: Int) {
    check(rowLength: rowLength)
  }

  /// The same with denormals flushed (as `anneal mnist` trains): the kernels' choice between
  /// the reciprocal and division is made again for these modes.
  @Test func everyVariantDividesEachByteAloneWithDenormalsFlushed() {
    withFlushDenormal(true) { check(rowLength: 784) }
  }

  /// A batch of 2¹⁸ floats and more is shared among the kernel threads by rows: the same bits,
  /// under the caller's modes in every part (a subnormal divisor is zero with denormals flushed).
  @Test(arguments: [false, true])
  func aLargeBatchSharedAmongThreadsIsTheSame(flushDenormal: Bool) {
    let rows = (0..<401).map { ($0 * 37 + $0 / 3) % 300 }[...]
    withFlushDenormal(flushDenormal) { check(rowLength: 784, rows: rows) }
  }

  private func check(rowLength: Int, rows: ArraySlice<Int> = [299, 0, 5, 5, 128, 1]) {
    let bytes = (0..<(300 * rowLength)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 256) }
    // 255, 3 and 3e38: the corrected reciprocal is exact for every byte; −0, a subnormal (about
    // 1e-40) and 1e-38: it is not, and the kernels divide.
    let subnormal = Float.leastNonzeroMagnitude * 71_362
    for divisor: Float in [255, 3, 3e38, -0.0, subnormal, 1e-38] {
      let expected = rows.flatMap { row in (0..<rowLength).map { Float(bytes[row * rowLength + $0]) / divisor } }
      for kernel in [nil] + SIMDKernel.available.map(Optional.some) {
        let out = Tensor.empty([rows.count, rowLength])
        bytes.withUnsafeBufferPointer {
          CPU.collateBytes($0, rows: rows, rowLength: rowLength, divisor: divisor, into: out, kernel: kernel)
        }
        let first = zip(out.scalars, expected).enumerated().first { $1.0.bitPattern != $1.1.bitPattern }?.offset
        #expect(
          first == nil,
          "\(kernel?.displayName ?? "portable"), divisor \(divisor): element \(first ?? 0) differs")
      }
    }
  }
}
