// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealNN
import Testing

/// Each activation layer applies its function (whose values and gradients `TensorOpFixtureTests`
/// checks against PyTorch) with its arguments, and has no parameters.
@Suite struct ActivationLayerTests {
  @Test func layersApplyTheirFunctions() {
    let x = Tensor.randn([3, 4], generator: Generator(seed: 8))
    let pairs: [(any Layer, Tensor)] = [
      (GELU(), x.gelu()), (GELU(approximate: .tanh), x.gelu(approximate: .tanh)),
      (LeakyReLU(negativeSlope: 0.2), x.leakyRelu(negativeSlope: 0.2)), (ELU(alpha: 0.5), x.elu(alpha: 0.5)),
      (SiLU(), x.silu()), (LogSigmoid(), x.logSigmoid()), (Mish(), x.mish()),
      (Softplus(beta: 2, threshold: 3), x.softplus(beta: 2, threshold: 3)),
      (Hardswish(), x.hardswish()), (Tanh(), x.tanh()), (Sigmoid(), x.sigmoid()),
      (Softmax(dim: 1), x.softmax(dim: 1)), (LogSoftmax(dim: 0), x.logSoftmax(dim: 0)), (Identity(), x),
    ]
    for (layer, expected) in pairs {
      #expect(layer(x).scalars == expected.scalars, "\(type(of: layer))")
      #expect(layer.parameters().isEmpty)
    }
  }
}
