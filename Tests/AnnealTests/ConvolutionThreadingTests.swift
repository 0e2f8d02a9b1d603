// Copyright © 2026 the Anneal authors.

import Anneal
import Testing

/// A batch's convolution is shared among the kernel threads by sample; every sample's output
/// and input gradient are bit for bit those of the sample convolved alone.
@Suite struct ConvolutionThreadingTests {
  @Test func aBatchEqualsItsSamplesOneByOne() throws {
    let g = Generator(seed: 1)
    let x = Tensor.randn([6, 3, 9, 8], generator: g).requiresGrad_()
    let w = Tensor.randn([4, 3, 3, 3], generator: g)
    let b = Tensor.randn([4], generator: g)
    let y = conv2d(x, weight: w, bias: b, padding: 1)
    let gy = Tensor.randn(y.shape, generator: g)
    try (y * gy).sum().backward()
    for sample in 0..<6 {
      let xs = x.detach()[sample..<(sample + 1)].contiguous().requiresGrad_()
      let ys = conv2d(xs, weight: w, bias: b, padding: 1)
      #expect(ys.scalars == y[sample..<(sample + 1)].contiguous().scalars)
      try (ys * gy[sample..<(sample + 1)]).sum().backward()
      #expect(xs.grad?.scalars == x.grad?[sample..<(sample + 1)].contiguous().scalars)
    }
  }
}
