// Copyright © 2026 the Anneal authors.

import Anneal

/// An affine map `y = x · weightᵀ + bias` (PyTorch: `torch.nn.Linear`).
///
/// Parameters are initialised as in PyTorch's `reset_parameters`: the weight with
/// `kaiming_uniform_(a: √5)`, i.e. U(−1/√inFeatures, 1/√inFeatures), and the bias with the
/// same bound.
public final class Linear: Module, Layer {
  /// The weight, of shape `[outFeatures, inFeatures]`.
  public let weight: Tensor
  /// The bias, of shape `[outFeatures]`, or `nil` without bias.
  public let bias: Tensor?

  /// Creates the layer.
  ///
  /// - Parameters:
  ///   - inFeatures: The size of each input sample.
  ///   - outFeatures: The size of each output sample.
  ///   - bias: Whether to add a learnable bias. The default value is `true`.
  ///   - generator: The random source for initialisation. The default is the global one.
  public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, generator: Generator = .default) {
    check(inFeatures >= 0 && outFeatures >= 0, "Linear needs non-negative sizes")
    weight = Tensor.zeros([outFeatures, inFeatures], requiresGrad: true)
    self.bias = bias ? Tensor.zeros([outFeatures], requiresGrad: true) : nil
    super.init()
    Init.kaimingUniform(weight, a: 5.0.squareRoot(), generator: generator)
    if let b = self.bias {
      let bound = inFeatures > 0 ? 1 / Double(inFeatures).squareRoot() : 0
      Init.uniform(b, low: -bound, high: bound, generator: generator)
    }
  }

  /// The number of input features.
  public var inFeatures: Int { weight.shape[1] }
  /// The number of output features.
  public var outFeatures: Int { weight.shape[0] }

  public func forward(_ input: Tensor) -> Tensor {
    linear(input, weight: weight, bias: bias)
  }
}
