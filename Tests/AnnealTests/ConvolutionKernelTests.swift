// Copyright © 2026 the Anneal authors.

import Anneal
import Testing

/// im2col and col2im equal their definition, computed index by index, bit for bit: padding,
/// stride, dilation, rows shorter and longer than a vector register, windows that leave the
/// plane on every side.
@Suite struct ConvolutionKernelTests {
  /// (channels, height, width, kernel, stride, padding, dilation)
  static let geometries: [(Int, Int, Int, (Int, Int), (Int, Int), (Int, Int), (Int, Int))] = [
    (2, 28, 28, (3, 3), (1, 1), (0, 0), (1, 1)),  // pytorch/examples' CNN: rows of 26
    (3, 7, 9, (3, 2), (1, 1), (1, 1), (1, 1)),  // rows of 10, padded
    (2, 9, 40, (2, 3), (1, 1), (2, 0), (1, 1)),  // rows of 38, padded above and below only
    (2, 11, 13, (3, 3), (2, 3), (1, 2), (1, 1)),  // strided
    (1, 12, 50, (3, 3), (1, 1), (1, 3), (2, 2)),  // dilated, rows of 50
    (1, 5, 5, (5, 5), (1, 1), (0, 0), (1, 1)),  // one output column
    (1, 3, 3, (3, 3), (1, 1), (4, 4), (1, 1)),  // mostly padding
    (2, 6, 7, (2, 2), (3, 2), (2, 3), (3, 1)),  // stride, padding and dilation together
  ]

  static func geometry(_ index: Int) -> ConvolutionGeometry {
    let (channels, height, width, kernel, stride, padding, dilation) = geometries[index]
    func output(_ size: Int, _ k: Int, _ s: Int, _ p: Int, _ d: Int) -> Int { (size + 2 * p - d * (k - 1) - 1) / s + 1 }
    return ConvolutionGeometry(
      channels: channels, height: height, width: width, kernel: kernel, stride: stride, padding: padding,
      dilation: dilation, outputHeight: output(height, kernel.0, stride.0, padding.0, dilation.0),
      outputWidth: output(width, kernel.1, stride.1, padding.1, dilation.1))
  }

  /// Every (column-matrix row, column) pair in row-major order with the image element it reads
  /// (nil where the window leaves the plane).
  static func entries(_ g: ConvolutionGeometry) -> [(column: Int, pixel: Int?)] {
    var result: [(Int, Int?)] = []
    for c in 0..<g.channels {
      for i in 0..<g.kernel.0 {
        for j in 0..<g.kernel.1 {
          for oy in 0..<g.outputHeight {
            for ox in 0..<g.outputWidth {
              let y = oy * g.stride.0 - g.padding.0 + i * g.dilation.0
              let x = ox * g.stride.1 - g.padding.1 + j * g.dilation.1
              let inside = y >= 0 && y < g.height && x >= 0 && x < g.width
              result.append((result.count, inside ? (c * g.height + y) * g.width + x : nil))
            }
          }
        }
      }
    }
    return result
  }

  @Test(arguments: geometries.indices)
  func im2colAndCol2imFollowTheirDefinition(index: Int) {
    let g = Self.geometry(index)
    let entries = Self.entries(g)
    #expect(entries.count == g.columnRows * g.columnCount)
    let generator = Generator(seed: UInt64(index))
    let image = Tensor.randn([g.channels * g.height * g.width], generator: generator).scalars
    let columns = Tensor.randn([entries.count], generator: generator).scalars

    // Starts from NaN, so that an element the kernel does not write shows.
    var written = [Float](repeating: .nan, count: entries.count)
    image.withUnsafeBufferPointer { x in
      written.withUnsafeMutableBufferPointer { CPU.im2col(x.baseAddress!, g, $0.baseAddress!) }
    }
    let expected = entries.map { $0.pixel.map { image[$0] } ?? 0 }
    #expect(written.map(\.bitPattern) == expected.map(\.bitPattern))

    var added = image
    columns.withUnsafeBufferPointer { c in
      added.withUnsafeMutableBufferPointer { CPU.col2im(c.baseAddress!, g, $0.baseAddress!) }
    }
    var sums = image
    for entry in entries {
      if let pixel = entry.pixel { sums[pixel] += columns[entry.column] }
    }
    #expect(added.map(\.bitPattern) == sums.map(\.bitPattern))
  }
}
