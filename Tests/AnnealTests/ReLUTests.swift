// Copyright © 2026 the Anneal authors.

import Anneal
import Testing

/// `relu` treats NaN and −0 as PyTorch 2.15 does (`torch.relu` is `clamp_min(x, 0)`, its
/// backward `threshold_backward(g, y, 0)`), and `linearReLU` is `relu(linear(…))` bit for bit.
@Suite struct ReLUTests {
  @Test func nanAndNegativeZeroAsInPyTorch() throws {
    let x = Tensor([.nan, -0.0, 0, -1, 2], requiresGrad: true)
    let y = x.relu()
    // torch.relu(tensor([nan, -0., 0., -1., 2.])) == [nan, -0., 0., 0., 2.]
    #expect(y.scalars[0].isNaN)
    #expect(y.scalars[1] == 0 && y.scalars[1].sign == .minus)
    #expect(y.scalars[2] == 0 && y.scalars[2].sign == .plus)
    #expect(Array(y.scalars[3...]) == [0, 2])
    // The gradient passes where the output is NaN or positive: [1, 0, 0, 0, 1].
    try y.sum().backward()
    #expect(try #require(x.grad).scalars == [1, 0, 0, 0, 1])
  }

  @Test(arguments: [true, false])
  func linearReLUIsReluOfLinearBitForBit(withBias: Bool) throws {
    let generator = Generator(seed: 5)
    let input = Tensor.randn([37, 29], generator: generator)
    // A NaN reaches the ReLU (its row of outputs is NaN).
    var scalars = input.scalars
    scalars[3 * 29 + 4] = .nan
    let weight = Tensor.randn([11, 29], generator: generator)
    let bias = withBias ? Tensor.randn([11], generator: generator) : nil

    func run(_ f: (Tensor, Tensor, Tensor?) -> Tensor) throws -> [[Float]] {
      let x = Tensor(scalars, shape: [37, 29]).requiresGrad()
      let w = Tensor(weight.scalars, shape: [11, 29]).requiresGrad()
      let b = bias.map { Tensor($0.scalars, shape: [11]).requiresGrad() }
      let y = f(x, w, b)
      try (y * Tensor.arange(37 * 11).reshaped([37, 11])).sum().backward()
      return [y.scalars, try #require(x.grad).scalars, try #require(w.grad).scalars]
        + (try b.map { [try #require($0.grad).scalars] } ?? [])
    }
    let fused = try run { linearReLU($0, weight: $1, bias: $2) }
    let separate = try run { linear($0, weight: $1, bias: $2).relu() }
    #expect(fused.count == separate.count)
    for (a, b) in zip(fused, separate) {
      #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
    }
    #expect(fused[0].contains { $0.isNaN })
  }
}
