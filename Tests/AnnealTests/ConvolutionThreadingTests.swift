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

  /// The bias gradient: per channel, each plane summed in `Double` in order and the planes
  /// added in sample order, bit for bit, whichever channels are summed together (tails of 1–3
  /// channels included) and however the channels are shared among the threads.
  @Test(arguments: [1, 4, 7, 70])
  func channelSumsAddEachChannelInOrder(channels: Int) {
    let (n, length) = (13, 300)  // 70 channels: 273 000 elements, shared among the threads
    let g = Tensor.randn([n, channels, length], generator: Generator(seed: 4)) * 1000
    let out = Tensor.zeros([channels])
    CPU.channelSums(g, into: out)
    let values = g.scalars
    let expected = (0..<channels).map { channel in
      var total = 0.0
      for sample in 0..<n {
        var t = 0.0
        for i in 0..<length { t += Double(values[(sample * channels + channel) * length + i]) }
        total += t
      }
      return Float(total)
    }
    #expect(out.scalars.map(\.bitPattern) == expected.map(\.bitPattern))
  }
}
