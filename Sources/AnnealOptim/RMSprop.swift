// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealLRScheduler

/// RMSprop, optionally centred and with momentum (PyTorch: `torch.optim.RMSprop`; Hinton,
/// Lecture 6e of "Neural Networks for Machine Learning"; Graves, 2013, for the centred form).
///
/// ```
/// g = maximize ? -g : g;   if weightDecay != 0: g += weightDecay·p
/// s = α·s + (1 − α)·g²
/// centered ? (ḡ = lerp(ḡ, g, 1 − α); a = √(s − ḡ²)) : a = √s;   a += eps
/// momentum > 0 ? (b = momentum·b + g/a; p −= lr·b) : p −= lr·g/a
/// ```
public final class RMSprop: GroupedOptimizer {
  /// One param group and its hyperparameters.
  public struct ParamGroup: ParamGroupProtocol {
    public var params: [Tensor]
    public var lr: Double
    /// The smoothing constant (PyTorch: `alpha`).
    public var alpha: Double
    /// Added to the denominator (PyTorch: `eps`).
    public var eps: Double
    /// The L2 penalty (PyTorch: `weight_decay`).
    public var weightDecay: Double
    /// The momentum factor (PyTorch: `momentum`).
    public var momentum: Double
    /// Whether to normalise by the variance estimate (PyTorch: `centered`).
    public var centered: Bool
    /// Whether to maximise the objective (PyTorch: `maximize`).
    public var maximize: Bool
    public var initialLR: Double?
    public var extras: [String: Double] = [:]

    /// Creates a group; each default is PyTorch's.
    public init(
      params: [Tensor], lr: Double = 1e-2, alpha: Double = 0.99, eps: Double = 1e-8, weightDecay: Double = 0,
      momentum: Double = 0, centered: Bool = false, maximize: Bool = false
    ) {
      self.params = params
      self.lr = lr
      self.alpha = alpha
      self.eps = eps
      self.weightDecay = weightDecay
      self.momentum = momentum
      self.centered = centered
      self.maximize = maximize
    }

    public var schedulableMomentum: Double? {
      get { momentum }
      set { momentum = newValue ?? momentum }
    }

    public var hyperparameters: StateDict {
      [
        "alpha": .double(alpha), "eps": .double(eps), "weight_decay": .double(weightDecay),
        "momentum": .double(momentum), "centered": .bool(centered), "maximize": .bool(maximize),
      ]
    }

    public mutating func restoreHyperparameters(from state: StateDict) throws(OptimizerError) {
      do {
        alpha = try state.double("alpha")
        eps = try state.double("eps")
        weightDecay = try state.double("weight_decay")
        momentum = try state.double("momentum")
        centered = try state.bool("centered")
        maximize = try state.bool("maximize")
      } catch {
        throw .stateMismatch("RMSprop param group: \(error)")
      }
    }

    public func validate() throws(OptimizerError) {
      guard lr >= 0 else { throw .invalidArgument("Invalid learning rate: \(lr)") }
      guard eps >= 0 else { throw .invalidArgument("Invalid epsilon value: \(eps)") }
      guard momentum >= 0 else { throw .invalidArgument("Invalid momentum value: \(momentum)") }
      guard weightDecay >= 0 else { throw .invalidArgument("Invalid weight_decay value: \(weightDecay)") }
      guard alpha >= 0 else { throw .invalidArgument("Invalid alpha value: \(alpha)") }
    }
  }

  public var paramGroups: [ParamGroup]
  public var buffers: [[[String: Tensor]]]

  /// Creates the optimizer over one group; each default is PyTorch's.
  public convenience init(
    _ params: [Tensor], lr: Double = 1e-2, alpha: Double = 0.99, eps: Double = 1e-8, weightDecay: Double = 0,
    momentum: Double = 0, centered: Bool = false, maximize: Bool = false
  ) throws(OptimizerError) {
    try self.init(paramGroups: [
      ParamGroup(
        params: params, lr: lr, alpha: alpha, eps: eps, weightDecay: weightDecay, momentum: momentum,
        centered: centered, maximize: maximize)
    ])
  }

  /// Creates the optimizer over several param groups.
  public init(paramGroups: [ParamGroup]) throws(OptimizerError) {
    self.paramGroups = try Self.validated(paramGroups)
    self.buffers = paramGroups.map { Array(repeating: [:], count: $0.params.count) }
  }

  public func step() {
    forEachParameterWithGradient { group, parameter, grad, state in
      if state["step"] == nil {
        state["step"] = Tensor(scalar: 0)
        state["square_avg"] = Tensor.zeros(parameter.shape)
        if group.momentum > 0 { state["momentum_buffer"] = Tensor.zeros(parameter.shape) }
        if group.centered { state["grad_avg"] = Tensor.zeros(parameter.shape) }
      }
      guard let stepTensor = state["step"], let squareAvg = state["square_avg"] else { return }
      _ = stepTensor.incrementStep()
      Kernels.rmspropStep(
        parameter: parameter, grad: grad, squareAvg: squareAvg, gradAvg: group.centered ? state["grad_avg"] : nil,
        momentumBuffer: group.momentum > 0 ? state["momentum_buffer"] : nil, lr: group.lr, alpha: group.alpha,
        eps: group.eps, weightDecay: group.weightDecay, momentum: group.momentum, maximize: group.maximize)
    }
  }
}
