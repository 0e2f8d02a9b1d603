// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealLRScheduler

/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum, weight
/// decay and maximisation (PyTorch: `torch.optim.SGD`).
///
/// The update of each parameter `p` with gradient `g` follows PyTorch exactly:
///
/// ```
/// g = maximize ? -g : g
/// if weightDecay != 0: g = g + weightDecay * p
/// if momentum != 0:
///     b = (first step) ? g : momentum * b + (1 - dampening) * g
///     g = nesterov ? g + momentum * b : b
/// p = p - lr * g
/// ```
///
/// The momentum buffer starts at the first gradient and the learning rate multiplies the
/// whole step, outside the buffer, so changing the learning rate (as schedulers do) takes
/// effect immediately.
///
/// References: Sutskever et al., "On the importance of initialization and momentum in deep
/// learning" (2013).
public final class SGD: GroupedOptimizer {
  /// One param group and its hyperparameters (PyTorch: an entry of `param_groups`).
  public struct ParamGroup: ParamGroupProtocol {
    public var params: [Tensor]
    public var lr: Double
    /// The momentum factor (PyTorch: `momentum`).
    public var momentum: Double
    /// The dampening of the momentum (PyTorch: `dampening`).
    public var dampening: Double
    /// The L2 penalty (PyTorch: `weight_decay`).
    public var weightDecay: Double
    /// Whether to use Nesterov momentum (PyTorch: `nesterov`).
    public var nesterov: Bool
    /// Whether to maximise the objective (PyTorch: `maximize`).
    public var maximize: Bool
    public var initialLR: Double?
    public var extras: [String: Double] = [:]

    /// Creates a group; each default is PyTorch's.
    public init(
      params: [Tensor], lr: Double = 1e-3, momentum: Double = 0, dampening: Double = 0,
      weightDecay: Double = 0, nesterov: Bool = false, maximize: Bool = false
    ) {
      self.params = params
      self.lr = lr
      self.momentum = momentum
      self.dampening = dampening
      self.weightDecay = weightDecay
      self.nesterov = nesterov
      self.maximize = maximize
    }

    public var schedulableMomentum: Double? {
      get { momentum }
      set { momentum = newValue ?? momentum }
    }

    public var hyperparameters: StateDict {
      [
        "momentum": .double(momentum), "dampening": .double(dampening), "weight_decay": .double(weightDecay),
        "nesterov": .bool(nesterov), "maximize": .bool(maximize),
      ]
    }

    public mutating func restoreHyperparameters(from state: StateDict) throws(OptimizerError) {
      do {
        momentum = try state.double("momentum")
        dampening = try state.double("dampening")
        weightDecay = try state.double("weight_decay")
        nesterov = try state.bool("nesterov")
        maximize = try state.bool("maximize")
      } catch {
        throw .stateMismatch("SGD param group: \(error)")
      }
    }

    public func validate() throws(OptimizerError) {
      guard lr >= 0 else { throw .invalidArgument("Invalid learning rate: \(lr)") }
      guard momentum >= 0 else { throw .invalidArgument("Invalid momentum value: \(momentum)") }
      guard weightDecay >= 0 else { throw .invalidArgument("Invalid weight_decay value: \(weightDecay)") }
      if nesterov && (momentum <= 0 || dampening != 0) {
        throw .invalidArgument("Nesterov momentum requires a momentum and zero dampening")
      }
    }
  }

  public var paramGroups: [ParamGroup]
  public var buffers: [[[String: Tensor]]]

  /// Creates the optimizer over one group of parameters.
  ///
  /// - Parameters:
  ///   - params: The parameters to optimise, e.g. `model.parameters()`.
  ///   - lr: The learning rate. The default value is `0.001`.
  ///   - momentum: The momentum factor. The default value is `0`.
  ///   - dampening: The dampening for momentum. The default value is `0`.
  ///   - weightDecay: The L2 penalty. The default value is `0`.
  ///   - nesterov: Whether to use Nesterov momentum. The default value is `false`.
  ///   - maximize: Whether to maximise instead of minimise. The default value is `false`.
  /// - Throws: ``OptimizerError/invalidArgument(_:)`` for a negative learning rate,
  ///   momentum or weight decay, or Nesterov without momentum or with dampening.
  public convenience init(
    _ params: [Tensor], lr: Double = 1e-3, momentum: Double = 0, dampening: Double = 0,
    weightDecay: Double = 0, nesterov: Bool = false, maximize: Bool = false
  ) throws(OptimizerError) {
    try self.init(paramGroups: [
      ParamGroup(
        params: params, lr: lr, momentum: momentum, dampening: dampening, weightDecay: weightDecay,
        nesterov: nesterov, maximize: maximize)
    ])
  }

  /// Creates the optimizer over several param groups, each with its own hyperparameters.
  public init(paramGroups: [ParamGroup]) throws(OptimizerError) {
    self.paramGroups = try Self.validated(paramGroups)
    self.buffers = paramGroups.map { Array(repeating: [:], count: $0.params.count) }
  }

  public func step() {
    forEachParameterWithGradient { group, parameter, grad, state in
      let isFirst = state["momentum_buffer"] == nil
      if group.momentum != 0 && isFirst { state["momentum_buffer"] = Tensor.zeros(parameter.shape) }
      Kernels.sgdStep(
        parameter: parameter, grad: grad, momentumBuffer: state["momentum_buffer"], isFirst: isFirst, lr: group.lr,
        momentum: group.momentum, dampening: group.dampening, weightDecay: group.weightDecay,
        nesterov: group.nesterov, maximize: group.maximize)
    }
  }
}
