// Copyright © 2026 the Anneal authors.

import Anneal
import Testing

/// im2col and col2im on every SIMD variant this processor runs equal the portable loops, bit
/// for bit: padding, stride, dilation, and rows shorter and longer than a vector register.
@Suite struct ConvolutionKernelTests {
  /// (channels, height, width, kernel, stride, padding, dilation)
  static let geometries: [(Int, Int, Int, (Int, Int), (Int, Int), (Int, Int), (Int, Int))] = [
    (2, 28, 28, (3, 3), (1, 1), (0, 0), (1, 1)),  // the CNN's: rows of 26
    (3, 7, 9, (3, 2), (1, 1), (1, 1), (1, 1)),  // rows of 10, padded
    (2, 9, 40, (2, 3), (1, 1), (2, 0), (1, 1)),  // rows of 38
    (2, 11, 13, (3, 3), (2, 3), (1, 2), (1, 1)),  // strided
    (1, 12, 50, (3, 3), (1, 1), (1, 3), (2, 2)),  // dilated, rows of 50
    (1, 5, 5, (5, 5), (1, 1), (0, 0), (1, 1)),  // one output column
    (1, 3, 3, (3, 3), (1, 1), (4, 4), (1, 1)),  // mostly padding
  ]

  static func geometry(_ index: Int) -> ConvolutionGeometry {
    let (channels, height, width, kernel, stride, padding, dilation) = geometries[index]
    func output(_ size: Int, _ k: Int, _ s: Int, _ p: Int, _ d: Int) -> Int { (size + 2 * p - d * (k - 1) - 1) / s + 1 }
    return ConvolutionGeometry(
      channels: channels, height: height, width: width, kernel: kernel, stride: stride, padding: padding,
      dilation: dilation, outputHeight: output(height, kernel.0, stride.0, padding.0, dilation.0),
      outputWidth: output(width, kernel.1, stride.1, padding.1, dilation.1))
  }

  @Test(arguments: geometries.indices)
  func everyVariantEqualsThePortableLoops(index: Int) {
    let g = Self.geometry(index)
    let planeCount = g.channels * g.height * g.width
    let columnCount = g.columnRows * g.columnCount
    let generator = Generator(seed: UInt64(index))
    let image = Tensor.randn([planeCount], generator: generator).scalars
    let columns = Tensor.randn([columnCount], generator: generator).scalars
    func im2col(_ kernel: SIMDKernel?) -> [UInt32] {
      // Starts from NaN, so that an element the kernel does not write shows.
      var out = [Float](repeating: .nan, count: columnCount)
      image.withUnsafeBufferPointer { x in
        out.withUnsafeMutableBufferPointer { CPU.im2col(x.baseAddress!, g, $0.baseAddress!, kernel: kernel) }
      }
      return out.map(\.bitPattern)
    }
    func col2im(_ kernel: SIMDKernel?) -> [UInt32] {
      var out = image
      columns.withUnsafeBufferPointer { c in
        out.withUnsafeMutableBufferPointer { CPU.col2im(c.baseAddress!, g, $0.baseAddress!, kernel: kernel) }
      }
      return out.map(\.bitPattern)
    }
    let (portableColumns, portableImage) = (im2col(nil), col2im(nil))
    #expect(!portableColumns.contains(Float.nan.bitPattern))
    func firstDifference(_ a: [UInt32], _ b: [UInt32]) -> Int? { zip(a, b).enumerated().first { $1.0 != $1.1 }?.offset }
    for kernel in SIMDKernel.available {
      let columnsDiffer = firstDifference(im2col(kernel), portableColumns)
      #expect(columnsDiffer == nil, "im2col, \(kernel.displayName): element \(columnsDiffer ?? 0)")
      let imageDiffers = firstDifference(col2im(kernel), portableImage)
      #expect(imageDiffers == nil, "col2im, \(kernel.displayName): element \(imageDiffers ?? 0)")
    }
  }
}
