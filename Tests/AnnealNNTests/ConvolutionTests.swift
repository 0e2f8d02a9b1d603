// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealNN
import Foundation
import Testing
import _AnnealTestSupport

/// `Conv2d` against PyTorch: default initialisation (pytorch/examples' MNIST layers after
/// `manual_seed(1)`), PyTorch's messages for bad shapes in release builds, empty batches. Values
/// and gradients of `conv2d` itself are in `TensorOpFixtureTests`.
@Suite struct ConvolutionTests {
  struct InitFixture: Decodable {
    let conv1Weight: [Float]
    let conv1Bias: [Float]
    let conv2First: [Float]
    let conv2Last: [Float]
    let conv2Sum: Double
    let conv2Bias: [Float]
    enum CodingKeys: String, CodingKey {
      case conv1Weight = "conv1.weight"
      case conv1Bias = "conv1.bias"
      case conv2First = "conv2.weight.first"
      case conv2Last = "conv2.weight.last"
      case conv2Sum = "conv2.weight.sum"
      case conv2Bias = "conv2.bias"
    }
  }

  @Test func defaultInitMatchesPyTorch() throws {
    let f = try Fixtures.load(InitFixture.self, named: "conv_init.json", in: .module)
    let generator = Generator(seed: 1)
    let conv1 = Conv2d(1, 32, kernelSize: 3, stride: 1, generator: generator)
    let conv2 = Conv2d(32, 64, kernelSize: 3, stride: 1, generator: generator)
    #expect(conv1.weight.shape == [32, 1, 3, 3] && conv2.weight.shape == [64, 32, 3, 3])
    #expect(conv1.weight.scalars == f.conv1Weight)
    #expect(conv1.bias?.scalars == f.conv1Bias)
    let w2 = conv2.weight.scalars
    #expect(Array(w2.prefix(64)) == f.conv2First && Array(w2.suffix(64)) == f.conv2Last)
    #expect(w2.reduce(0.0) { $0 + Double($1) } == f.conv2Sum)
    #expect(conv2.bias?.scalars == f.conv2Bias)
    #expect(conv1.namedParameters().map(\.name) == ["weight", "bias"])
  }

  @Test func anEmptyBatchGivesAnEmptyOutput() throws {
    let conv = Conv2d(1, 4, kernelSize: 3, generator: Generator(seed: 0))
    let out = conv(Tensor.zeros([0, 1, 8, 8]))
    #expect(out.shape == [0, 4, 6, 6])
    let x = Tensor.zeros([0, 1, 8, 8], requiresGrad: true)
    try conv(x).sum().backward()
    #expect(x.grad?.shape == [0, 1, 8, 8])
    #expect(conv.weight.grad?.scalars.allSatisfy { $0 == 0 } == true)
  }

  @Test func aWrongChannelCountStopsWithPyTorchsMessage() async throws {
    let result = try #require(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        let conv = Conv2d(1, 32, kernelSize: 3, generator: Generator(seed: 0))
        _ = conv(Tensor.zeros([64, 3, 28, 28]))
      })
    let text = String(decoding: result.standardErrorContent, as: UTF8.self)
    #expect(
      text.contains(
        "Given groups=1, weight of size [32, 1, 3, 3], expected input[64, 3, 28, 28] to have 1 channels, but got 3 channels instead"
      ), "\(text)")
  }

  @Test func aKernelLargerThanTheInputStopsWithPyTorchsMessage() async throws {
    let result = try #require(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        let conv = Conv2d(1, 2, kernelSize: 5, generator: Generator(seed: 0))
        _ = conv(Tensor.zeros([1, 1, 3, 3]))
      })
    let text = String(decoding: result.standardErrorContent, as: UTF8.self)
    #expect(
      text.contains(
        "Calculated padded input size per channel: (3 x 3). Kernel size: (5 x 5). Kernel size can't be greater than actual input size"
      ), "\(text)")
  }
}
