// Copyright © 2026 the Anneal authors.

import Anneal

/// Parameter initialisers (PyTorch: `torch.nn.init`). Each fills a tensor in place, outside
/// the autograd graph, and computes its bounds in `Double` as PyTorch's Python code does.
public enum Init {
  /// Which fan a Kaiming initialiser preserves (PyTorch: `mode`).
  public enum FanMode: String, Sendable, CaseIterable {
    /// Preserves the variance of activations in the forward pass.
    case fanIn = "fan_in"
    /// Preserves the variance of gradients in the backward pass.
    case fanOut = "fan_out"
  }

  /// The nonlinearities ``calculateGain(_:param:)`` knows (PyTorch: `nonlinearity`).
  public enum Nonlinearity: String, Sendable, CaseIterable {
    case linear, conv1d, conv2d, conv3d, sigmoid, tanh, relu, selu
    case leakyReLU = "leaky_relu"
  }

  /// The recommended gain for `nonlinearity` (PyTorch: `calculate_gain`).
  ///
  /// - Parameters:
  ///   - param: The negative slope for ``Nonlinearity/leakyReLU``. The default is
  ///     `0.01`, as in PyTorch.
  ///   - nonlinearity: The function after the layer.
  public static func calculateGain(_ nonlinearity: Nonlinearity, param: Double? = nil) -> Double {
    switch nonlinearity {
    case .linear, .conv1d, .conv2d, .conv3d, .sigmoid: 1
    case .tanh: 5.0 / 3
    case .relu: 2.0.squareRoot()
    case .leakyReLU:
      (2.0 / (1 + pow2(param ?? 0.01))).squareRoot()
    case .selu: 3.0 / 4
    }
  }

  /// The fan-in and fan-out of a weight of shape `[out, in, …]`
  /// (PyTorch: `_calculate_fan_in_and_fan_out`).
  public static func fans(_ tensor: Tensor) -> (fanIn: Int, fanOut: Int) {
    check(tensor.rank >= 2, "Fan in and fan out need a tensor with at least 2 dimensions")
    let receptive = tensor.shape.dropFirst(2).reduce(1, *)
    return (tensor.shape[1] * receptive, tensor.shape[0] * receptive)
  }

  /// Fills with U(low, high) (PyTorch: `uniform_`).
  public static func uniform(_ tensor: Tensor, low: Double = 0, high: Double = 1, generator: Generator = .default) {
    withNoGrad { tensor.fillUniform(low: Float(low), high: Float(high), generator: generator) }
  }

  /// Fills with N(mean, std²) (PyTorch: `normal_`).
  public static func normal(_ tensor: Tensor, mean: Double = 0, std: Double = 1, generator: Generator = .default) {
    withNoGrad { tensor.fillNormal(mean: Float(mean), std: Float(std), generator: generator) }
  }

  /// Fills with `value` (PyTorch: `constant_`).
  public static func constant(_ tensor: Tensor, _ value: Double) {
    withNoGrad { tensor.fill(with: Float(value)) }
  }

  /// Fills with zeros (PyTorch: `zeros_`).
  public static func zeros(_ tensor: Tensor) { constant(tensor, 0) }

  /// Fills with ones (PyTorch: `ones_`).
  public static func ones(_ tensor: Tensor) { constant(tensor, 1) }

  /// He initialisation from a normal distribution: N(0, std²) with
  /// `std = gain / √fan` (PyTorch: `kaiming_normal_`).
  ///
  /// - Parameters:
  ///   - a: The negative slope of the rectifier after this layer. The default value is `0`.
  ///   - mode: The fan to preserve. The default value is ``FanMode/fanIn``.
  ///   - nonlinearity: The default value is ``Nonlinearity/leakyReLU``, which with `a = 0`
  ///     is ReLU's gain √2, as in PyTorch.
  ///   - tensor: The tensor to fill in place.
  ///   - generator: The random source. The default is `Generator.default`.
  public static func kaimingNormal(
    _ tensor: Tensor, a: Double = 0, mode: FanMode = .fanIn, nonlinearity: Nonlinearity = .leakyReLU,
    generator: Generator = .default
  ) {
    let std = calculateGain(nonlinearity, param: a) / Double(fan(tensor, mode)).squareRoot()
    normal(tensor, mean: 0, std: std, generator: generator)
  }

  /// He initialisation from U(−bound, bound) with `bound = gain · √(3 / fan)`
  /// (PyTorch: `kaiming_uniform_`).
  public static func kaimingUniform(
    _ tensor: Tensor, a: Double = 0, mode: FanMode = .fanIn, nonlinearity: Nonlinearity = .leakyReLU,
    generator: Generator = .default
  ) {
    let std = calculateGain(nonlinearity, param: a) / Double(fan(tensor, mode)).squareRoot()
    let bound = 3.0.squareRoot() * std
    uniform(tensor, low: -bound, high: bound, generator: generator)
  }

  /// Glorot initialisation from U(−a, a) with `a = gain · √(6 / (fanIn + fanOut))`
  /// (PyTorch: `xavier_uniform_`).
  public static func xavierUniform(_ tensor: Tensor, gain: Double = 1, generator: Generator = .default) {
    let (fanIn, fanOut) = fans(tensor)
    let std = gain * (2.0 / Double(fanIn + fanOut)).squareRoot()
    let bound = 3.0.squareRoot() * std
    uniform(tensor, low: -bound, high: bound, generator: generator)
  }

  /// Glorot initialisation from N(0, std²) with `std = gain · √(2 / (fanIn + fanOut))`
  /// (PyTorch: `xavier_normal_`).
  public static func xavierNormal(_ tensor: Tensor, gain: Double = 1, generator: Generator = .default) {
    let (fanIn, fanOut) = fans(tensor)
    normal(tensor, mean: 0, std: gain * (2.0 / Double(fanIn + fanOut)).squareRoot(), generator: generator)
  }

  private static func fan(_ tensor: Tensor, _ mode: FanMode) -> Int {
    let (fanIn, fanOut) = fans(tensor)
    let fan = mode == .fanIn ? fanIn : fanOut
    check(fan > 0, "Initialising a tensor with zero fan (shape \(tensor.shape))")
    return fan
  }

  /// Python's `x ** 2` for a float, which is C `pow(x, 2)` — exactly `x * x`.
  private static func pow2(_ x: Double) -> Double { x * x }
}
