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

  /// With Anneal's own kernels the weight gradient's input channels are shared among threads,
  /// each thread forming its channels' columns only: the bits are those of the whole product,
  /// however the channels are shared (groups and a stride and padding included).
  @Test(arguments: [(5, 1), (6, 2), (1, 1)])
  func sharedWeightGradientEqualsTheWholeOne(channels: Int, groups: Int) throws {
    guard GEMM.Backend.current.partsKeepBits else { return }  // a CBLAS: shared only with ANNEAL_BLAS=none
    let g = Generator(seed: 2)
    let (n, outputs) = (3, 4)
    let input = Tensor.randn([n, channels, 11, 9], generator: g)
    let geometry = ConvolutionGeometry(
      channels: channels / groups, height: 11, width: 9, kernel: (3, 2), stride: (2, 1), padding: (1, 1),
      dilation: (1, 1), outputHeight: 6, outputWidth: 10)
    let gradOutput = Tensor.randn([n, outputs, 6, 10], generator: g)
    let rows = geometry.columnRows
    let whole = Tensor.zeros([outputs, rows])
    CPU.convolution2dWeightGradient(
      gradOutput: gradOutput, input: input, geometry, groups: groups, gradWeight: whole, parts: 1)
    for parts in [2, 3, 8] {
      let shared = Tensor.zeros([outputs, rows])
      CPU.convolution2dWeightGradient(
        gradOutput: gradOutput, input: input, geometry, groups: groups, gradWeight: shared, parts: parts)
      #expect(shared.scalars.map(\.bitPattern) == whole.scalars.map(\.bitPattern), "\(parts) parts")
    }
  }

  /// The bias gradient: per channel, each plane summed in `Double` in order and the planes
  /// added in sample order, bit for bit, whichever channels are summed together (tails of 1–3
  /// channels included) and however the channels are shared among the threads.
  @Test(arguments: [1, 4, 7, 70])
  func channelSumsAddEachChannelInOrder(channels: Int) {
    let (n, length) = (13, 301)  // 70 channels: 273 910 elements, shared among the threads
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
