// Copyright © 2026 the Anneal authors.

/// The view of an optimizer that a learning-rate scheduler drives: the hyperparameters of
/// each param group (PyTorch: the `lr`, `initial_lr`, `momentum`/`betas` entries of
/// `optimizer.param_groups`).
///
/// This is the whole contract between the scheduler layer and optimizers, so schedulers work
/// with any optimizer that adopts it — Anneal's own or yours:
///
/// ```swift
/// final class MyOptimizer: SchedulableOptimizer {
///   var schedulableGroups = [SchedulableGroup(lr: 0.1)]
/// }
/// let scheduler = try StepLR(MyOptimizer(), stepSize: 30)
/// ```
public protocol SchedulableOptimizer: AnyObject {
  /// The scheduled hyperparameters, one entry per param group, in group order.
  var schedulableGroups: [SchedulableGroup] { get set }

  /// Each group's learning rate (PyTorch: `[group["lr"] for group in optimizer.param_groups]`).
  ///
  /// Schedulers read and write learning rates every step; the default implementations go
  /// through ``schedulableGroups``, and an optimizer may implement both without building the
  /// groups (Anneal's optimizers do).
  var learningRates: [Double] { get }

  /// Sets each group's learning rate, one value per group in group order.
  func setLearningRates(_ values: [Double])
}

extension SchedulableOptimizer {
  public var learningRates: [Double] { schedulableGroups.map(\.lr) }

  public func setLearningRates(_ values: [Double]) {
    var groups = schedulableGroups
    precondition(values.count == groups.count, "Expected \(groups.count) learning rates, got \(values.count)")
    for index in groups.indices { groups[index].lr = values[index] }
    schedulableGroups = groups
  }
}
