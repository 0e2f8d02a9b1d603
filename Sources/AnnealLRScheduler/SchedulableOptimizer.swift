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
}
