// Copyright © 2026 the Anneal authors.

/// The hyperparameters of one param group that schedulers read and write.
public struct SchedulableGroup: Sendable, Hashable, Codable {
  /// The learning rate in force (PyTorch: `group["lr"]`).
  public var lr: Double
  /// The learning rate the schedule started from, set by the first scheduler attached
  /// (PyTorch: `group["initial_lr"]`).
  public var initialLR: Double?
  /// SGD's momentum or the Adam family's β₁, or `nil` when the optimizer has neither
  /// (PyTorch: `group["momentum"]` or `group["betas"][0]`).
  public var momentum: Double?

  /// Creates a group's scheduled hyperparameters.
  public init(lr: Double, initialLR: Double? = nil, momentum: Double? = nil) {
    self.lr = lr
    self.initialLR = initialLR
    self.momentum = momentum
  }
}
