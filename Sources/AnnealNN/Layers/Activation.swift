// Copyright © 2026 the Anneal authors.

import Anneal

/// The Gaussian error linear unit, exact or with the tanh approximation (PyTorch:
/// `torch.nn.GELU(approximate=…)`).
public final class GELU: Module, Layer {
  /// `.none` (the default) or `.tanh`.
  public let approximate: Tensor.GELUApproximation
  /// Creates the activation.
  public init(approximate: Tensor.GELUApproximation = .none) {
    self.approximate = approximate
    super.init()
  }
  public func forward(_ input: Tensor) -> Tensor { input.gelu(approximate: approximate) }
}

/// x for x > 0, `negativeSlope`·x otherwise (PyTorch: `torch.nn.LeakyReLU`, default 0.01).
public final class LeakyReLU: Module, Layer {
  /// The slope for negative inputs (PyTorch: `negative_slope`).
  public let negativeSlope: Float
  /// Creates the activation.
  public init(negativeSlope: Float = 0.01) {
    self.negativeSlope = negativeSlope
    super.init()
  }
  public func forward(_ input: Tensor) -> Tensor { input.leakyRelu(negativeSlope: negativeSlope) }
}

/// x for x > 0, α·(eˣ − 1) otherwise (PyTorch: `torch.nn.ELU`, default α 1).
public final class ELU: Module, Layer {
  /// PyTorch: `alpha`.
  public let alpha: Float
  /// Creates the activation.
  public init(alpha: Float = 1) {
    self.alpha = alpha
    super.init()
  }
  public func forward(_ input: Tensor) -> Tensor { input.elu(alpha: alpha) }
}

/// log(1 + e^(β·x))/β (PyTorch: `torch.nn.Softplus`, defaults β 1, threshold 20).
public final class Softplus: Module, Layer {
  /// PyTorch: `beta`.
  public let beta: Float
  /// Above `beta·x > threshold` the input passes unchanged (PyTorch: `threshold`).
  public let threshold: Float
  /// Creates the activation.
  public init(beta: Float = 1, threshold: Float = 20) {
    self.beta = beta
    self.threshold = threshold
    super.init()
  }
  public func forward(_ input: Tensor) -> Tensor { input.softplus(beta: beta, threshold: threshold) }
}

/// x·σ(x) (PyTorch: `torch.nn.SiLU`).
public final class SiLU: Module, Layer {
  /// Creates the activation.
  public override init() { super.init() }
  public func forward(_ input: Tensor) -> Tensor { input.silu() }
}

/// log σ(x) (PyTorch: `torch.nn.LogSigmoid`).
public final class LogSigmoid: Module, Layer {
  /// Creates the activation.
  public override init() { super.init() }
  public func forward(_ input: Tensor) -> Tensor { input.logSigmoid() }
}

/// x·tanh(softplus(x)) (PyTorch: `torch.nn.Mish`).
public final class Mish: Module, Layer {
  /// Creates the activation.
  public override init() { super.init() }
  public func forward(_ input: Tensor) -> Tensor { input.mish() }
}

/// x·relu6(x + 3)/6 (PyTorch: `torch.nn.Hardswish`).
public final class Hardswish: Module, Layer {
  /// Creates the activation.
  public override init() { super.init() }
  public func forward(_ input: Tensor) -> Tensor { input.hardswish() }
}

/// The hyperbolic tangent (PyTorch: `torch.nn.Tanh`).
public final class Tanh: Module, Layer {
  /// Creates the activation.
  public override init() { super.init() }
  public func forward(_ input: Tensor) -> Tensor { input.tanh() }
}

/// The logistic function (PyTorch: `torch.nn.Sigmoid`).
public final class Sigmoid: Module, Layer {
  /// Creates the activation.
  public override init() { super.init() }
  public func forward(_ input: Tensor) -> Tensor { input.sigmoid() }
}

/// softmax along `dim` (PyTorch: `torch.nn.Softmax(dim)`).
public final class Softmax: Module, Layer {
  /// The dimension that sums to 1.
  public let dim: Int
  /// Creates the layer.
  public init(dim: Int) {
    self.dim = dim
    super.init()
  }
  public func forward(_ input: Tensor) -> Tensor { input.softmax(dim: dim) }
}

/// log(softmax) along `dim` (PyTorch: `torch.nn.LogSoftmax(dim)`).
public final class LogSoftmax: Module, Layer {
  /// The dimension normalised.
  public let dim: Int
  /// Creates the layer.
  public init(dim: Int) {
    self.dim = dim
    super.init()
  }
  public func forward(_ input: Tensor) -> Tensor { input.logSoftmax(dim: dim) }
}

/// The input unchanged (PyTorch: `torch.nn.Identity`).
public final class Identity: Module, Layer {
  /// Creates the layer.
  public override init() { super.init() }
  public func forward(_ input: Tensor) -> Tensor { input }
}
