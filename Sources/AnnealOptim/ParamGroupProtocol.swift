// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealLRScheduler
import AnnealState

/// What every optimizer's param group provides: its parameters, the values schedulers drive,
/// and its hyperparameters under PyTorch's `state_dict` keys.
public protocol ParamGroupProtocol {
  /// The parameters of the group.
  var params: [Tensor] { get set }
  /// The learning rate (PyTorch: `lr`).
  var lr: Double { get set }
  /// The learning rate a scheduler started from (PyTorch: `initial_lr`).
  var initialLR: Double? { get set }
  /// Values schedulers keep in the group (PyTorch: `max_lr`, `swa_lr`, …); the schedulers name
  /// them, and a state dict restores every number that is not one of the group's own keys.
  var extras: [String: Double] { get set }
  /// The momentum a scheduler may cycle: SGD's and RMSprop's `momentum`, Adam's β₁, or `nil`.
  var schedulableMomentum: Double? { get set }
  /// The hyperparameters other than `lr`, under PyTorch's keys.
  var hyperparameters: StateDict { get }
  /// Restores ``hyperparameters``.
  mutating func restoreHyperparameters(from state: StateDict) throws(OptimizerError)
  /// Throws PyTorch's `ValueError` for an invalid hyperparameter.
  func validate() throws(OptimizerError)
}

/// An optimizer built from param groups and per-parameter buffers; the extension supplies
/// parameters, scheduling, `addParamGroup` and the state dict.
public protocol GroupedOptimizer: Optimizer {
  associatedtype Group: ParamGroupProtocol
  /// The param groups (PyTorch: `param_groups`).
  var paramGroups: [Group] { get set }
  /// Each parameter's named buffers, by group and position (PyTorch: `state`).
  var buffers: [[[String: Tensor]]] { get set }
}

extension GroupedOptimizer {
  public var parameters: [Tensor] { paramGroups.flatMap(\.params) }

  public var schedulableGroups: [SchedulableGroup] {
    get {
      paramGroups.map {
        SchedulableGroup(lr: $0.lr, initialLR: $0.initialLR, momentum: $0.schedulableMomentum, extras: $0.extras)
      }
    }
    set {
      check(newValue.count == paramGroups.count, "Expected \(paramGroups.count) groups, got \(newValue.count)")
      for (index, group) in newValue.enumerated() {
        paramGroups[index].lr = group.lr
        paramGroups[index].initialLR = group.initialLR
        paramGroups[index].extras = group.extras
        if let momentum = group.momentum, paramGroups[index].schedulableMomentum != nil {
          paramGroups[index].schedulableMomentum = momentum
        }
      }
    }
  }

  public var learningRates: [Double] { paramGroups.map(\.lr) }

  public func setLearningRates(_ values: [Double]) {
    check(values.count == paramGroups.count, "Expected \(paramGroups.count) learning rates, got \(values.count)")
    for index in paramGroups.indices { paramGroups[index].lr = values[index] }
  }

  /// Checks the groups a constructor receives, with PyTorch's errors: at least one group,
  /// valid hyperparameters, and no parameter in two groups.
  public static func validated(_ groups: [Group]) throws(OptimizerError) -> [Group] {
    guard !groups.isEmpty else { throw .invalidArgument("optimizer got an empty parameter list") }
    var seen: Set<ObjectIdentifier> = []
    for group in groups {
      try group.validate()
      for parameter in group.params where !seen.insert(ObjectIdentifier(parameter)).inserted {
        throw .invalidArgument("some parameters appear in more than one parameter group")
      }
    }
    return groups
  }

  /// Adds a param group (PyTorch: `add_param_group`).
  public func addParamGroup(_ group: Group) throws(OptimizerError) {
    try group.validate()
    let existing = Set(parameters.map(ObjectIdentifier.init))
    guard group.params.allSatisfy({ !existing.contains(ObjectIdentifier($0)) }) else {
      throw .invalidArgument("some parameters appear in more than one parameter group")
    }
    paramGroups.append(group)
    buffers.append(Array(repeating: [:], count: group.params.count))
  }

  /// The state to save with a checkpoint (PyTorch: `state_dict()`).
  public func stateDict() -> OptimizerState {
    var index = 0
    var groups: [StateDict] = []
    var state: [Int: [String: TensorData]] = [:]
    for (groupIndex, group) in paramGroups.enumerated() {
      var entry = group.hyperparameters
      entry["lr"] = .double(group.lr)
      if let initial = group.initialLR { entry["initial_lr"] = .double(initial) }
      for (key, value) in group.extras { entry[key] = .double(value) }
      entry["params"] = .from(Array(index..<(index + group.params.count)))
      groups.append(entry)
      for position in group.params.indices {
        let named = buffers[groupIndex][position]
        if !named.isEmpty { state[index + position] = named.mapValues(\.data) }
      }
      index += group.params.count
    }
    return OptimizerState(paramGroups: groups, state: state)
  }

  /// Restores a saved state into this optimizer, whose groups must hold the same number of
  /// parameters of the same shapes (PyTorch: `load_state_dict`).
  ///
  /// - Throws: ``OptimizerError/stateMismatch(_:)`` naming the difference.
  public func loadStateDict(_ saved: OptimizerState) throws(OptimizerError) {
    guard saved.paramGroups.count == paramGroups.count else {
      throw .stateMismatch("the state has \(saved.paramGroups.count) param groups, the optimizer \(paramGroups.count)")
    }
    var restoredGroups = paramGroups
    var restoredBuffers: [[[String: Tensor]]] = []
    var index = 0
    for (groupIndex, entry) in saved.paramGroups.enumerated() {
      var group = restoredGroups[groupIndex]
      guard case .array(let ids)? = entry["params"], ids.count == group.params.count else {
        throw .stateMismatch("param group \(groupIndex) holds a different number of parameters")
      }
      do {
        group.lr = try entry.double("lr")
        group.initialLR = entry["initial_lr"] == nil ? nil : try entry.double("initial_lr")
      } catch {
        throw .stateMismatch("param group \(groupIndex): \(error)")
      }
      // Every other number is a value a scheduler keeps in the group (max_lr, swa_lr, …): the
      // optimizer knows its own keys only.
      let own = Set(group.hyperparameters.keys).union(["lr", "initial_lr", "params"])
      group.extras = entry.filter { !own.contains($0.key) }.compactMapValues(\.doubleValue)
      try group.restoreHyperparameters(from: entry)
      try group.validate()
      var groupBuffers: [[String: Tensor]] = []
      for parameter in group.params {
        var named: [String: Tensor] = [:]
        for (name, data) in saved.state[index] ?? [:] {
          // Per-parameter counters are 0-D (PyTorch: `step`, NAdam's `mu_product`, ASGD's `eta`
          // and `mu`); the rest have the parameter's shape.
          let isScalar = ["step", "mu_product", "eta", "mu"].contains(name)
          guard isScalar ? data.count == 1 : data.shape == parameter.shape else {
            throw .stateMismatch(
              "\(name) of parameter \(index) has shape \(data.shape), the parameter \(parameter.shape)")
          }
          named[name] = Tensor(data)
        }
        groupBuffers.append(named)
        index += 1
      }
      restoredGroups[groupIndex] = group
      restoredBuffers.append(groupBuffers)
    }
    paramGroups = restoredGroups
    buffers = restoredBuffers
  }

  /// Runs `update` for every parameter with a gradient, outside the autograd graph.
  func forEachParameterWithGradient(
    _ update: (_ group: Group, _ parameter: Tensor, _ grad: Tensor, _ buffers: inout [String: Tensor]) -> Void
  ) {
    for (index, group) in paramGroups.enumerated() {
      stepGroup(index) { parameter, grad, buffers in update(group, parameter, grad, &buffers) }
    }
  }

  /// Runs `update` on every parameter of group `index` that has a gradient, without recording.
  func stepGroup(
    _ index: Int, _ update: (_ parameter: Tensor, _ grad: Tensor, _ buffers: inout [String: Tensor]) -> Void
  ) {
    withNoGrad {
      for (position, parameter) in paramGroups[index].params.enumerated() {
        guard let grad = parameter.grad else { continue }
        check(
          grad.shape == parameter.shape, "Gradient shape \(grad.shape) differs from parameter shape \(parameter.shape)")
        update(parameter, grad, &buffers[index][position])
        parameter.storage.version &+= 1
      }
    }
  }
}
