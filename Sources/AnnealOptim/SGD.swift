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
public final class SGD: Optimizer {
  /// One param group and its hyperparameters (PyTorch: an entry of `param_groups`).
  public struct ParamGroup {
    /// The parameters of the group.
    public var params: [Tensor]
    /// The learning rate (PyTorch: `lr`).
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
    /// The learning rate a scheduler started from (PyTorch: `initial_lr`).
    public var initialLR: Double?

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
  }

  /// The param groups (PyTorch: `param_groups`).
  public private(set) var paramGroups: [ParamGroup]
  /// The momentum buffer of each parameter, by group and position (PyTorch:
  /// `state[p]["momentum_buffer"]`).
  private var momentumBuffers: [[Tensor?]]

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
    guard !paramGroups.isEmpty else { throw .invalidArgument("optimizer got an empty parameter list") }
    for group in paramGroups { try Self.validate(group) }
    self.paramGroups = paramGroups
    self.momentumBuffers = paramGroups.map { [Tensor?](repeating: nil, count: $0.params.count) }
  }

  /// Adds a param group (PyTorch: `add_param_group`).
  public func addParamGroup(_ group: ParamGroup) throws(OptimizerError) {
    try Self.validate(group)
    paramGroups.append(group)
    momentumBuffers.append([Tensor?](repeating: nil, count: group.params.count))
  }

  private static func validate(_ group: ParamGroup) throws(OptimizerError) {
    guard group.lr >= 0 else { throw .invalidArgument("Invalid learning rate: \(group.lr)") }
    guard group.momentum >= 0 else { throw .invalidArgument("Invalid momentum value: \(group.momentum)") }
    guard group.weightDecay >= 0 else {
      throw .invalidArgument("Invalid weight_decay value: \(group.weightDecay)")
    }
    if group.nesterov && (group.momentum <= 0 || group.dampening != 0) {
      throw .invalidArgument("Nesterov momentum requires a momentum and zero dampening")
    }
  }

  public var parameters: [Tensor] { paramGroups.flatMap(\.params) }

  public var schedulableGroups: [SchedulableGroup] {
    get { paramGroups.map { SchedulableGroup(lr: $0.lr, initialLR: $0.initialLR, momentum: $0.momentum) } }
    set {
      precondition(newValue.count == paramGroups.count, "Expected \(paramGroups.count) groups")
      for (index, group) in newValue.enumerated() {
        paramGroups[index].lr = group.lr
        paramGroups[index].initialLR = group.initialLR
        if let momentum = group.momentum { paramGroups[index].momentum = momentum }
      }
    }
  }

  /// Replaces the hyperparameters of group `index`, keeping its parameters.
  public func setHyperparameters(ofGroup index: Int, _ update: (inout ParamGroup) -> Void) throws(OptimizerError) {
    var group = paramGroups[index]
    let params = group.params
    update(&group)
    group.params = params
    try Self.validate(group)
    paramGroups[index] = group
  }

  public func step() {
    withNoGrad {
      for (groupIndex, group) in paramGroups.enumerated() {
        for (index, parameter) in group.params.enumerated() {
          guard let grad = parameter.grad else { continue }
          var buffer = momentumBuffers[groupIndex][index]
          Self.update(parameter, grad: grad, buffer: &buffer, group: group)
          momentumBuffers[groupIndex][index] = buffer
        }
      }
    }
  }

  private static func update(_ parameter: Tensor, grad: Tensor, buffer: inout Tensor?, group: ParamGroup) {
    precondition(
      grad.shape == parameter.shape, "Gradient shape \(grad.shape) differs from parameter shape \(parameter.shape)")
    let count = parameter.count
    let lr = Float(-group.lr)
    let weightDecay = Float(group.weightDecay)
    let momentum = Float(group.momentum)
    let dampening = Float(1 - group.dampening)
    let (nesterov, maximize) = (group.nesterov, group.maximize)
    let isFirst = buffer == nil
    if group.momentum != 0 && buffer == nil { buffer = Tensor.zeros(parameter.shape) }
    let (g, p) = (grad.storage.base, parameter.storage.base)
    let b = buffer?.storage.base
    for i in 0..<count {
      var d = maximize ? -g[i] : g[i]
      if weightDecay != 0 { d = d + weightDecay * p[i] }
      if let b {
        b[i] = isFirst ? d : b[i] * momentum + dampening * d
        d = nesterov ? d + momentum * b[i] : b[i]
      }
      p[i] = p[i] + lr * d
    }
  }
}
