// Copyright © 2026 the Anneal authors.

import Anneal
import Testing

/// The 2×2, stride-2 max pool decides eight windows at a time; each window must still follow
/// PyTorch's CPU kernel: read in order, the first of equal maxima wins, any NaN wins (the last
/// one), and the index is the flat position in the plane.
@Suite struct PoolingKernelTests {
  @Test(arguments: [7, 16, 17, 24, 40])
  func eachWindowAsPyTorchDecidesIt(width: Int) {
    let (planes, height) = (5, 6)
    let g = Generator(seed: 9)
    // Few distinct values, so that ties are common; NaNs and infinities sprinkled in.
    var values = (0..<(planes * height * width)).map { _ in Float(g.randint(-2, 3)) }
    for (i, special) in zip(stride(from: 3, to: values.count, by: 11), [Float.nan, -.infinity, .infinity, .nan]) {
      values[i] = special
    }
    let x = Tensor(values, shape: [1, planes, height, width])
    let (pooled, indices) = maxPool2dWithIndices(x, kernelSize: (2, 2))
    let (outH, outW) = (height / 2, width / 2)
    var expectedValues: [Float] = []
    var expectedIndices: [Int64] = []
    for plane in 0..<planes {
      for oy in 0..<outH {
        for ox in 0..<outW {
          let first = 2 * oy * width + 2 * ox
          var best = values[plane * height * width + first]
          var index = first
          for candidate in [first + 1, first + width, first + width + 1] {
            let value = values[plane * height * width + candidate]
            if value > best || value.isNaN {
              best = value
              index = candidate
            }
          }
          expectedValues.append(best)
          expectedIndices.append(Int64(index))
        }
      }
    }
    #expect(pooled.scalars.map(\.bitPattern) == expectedValues.map(\.bitPattern))
    #expect(indices.toArray(of: Int64.self) == expectedIndices)
  }
}
