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
  /// Other values schedulers keep in the group, under PyTorch's keys: `max_lr`, `min_lr`,
  /// `max_momentum`, `base_momentum` (OneCycleLR, CyclicLR) and `swa_lr` (SWALR). An
  /// optimizer stores them as given and hands them back unchanged.
  public var extras: [String: Double]

  /// Creates a group's scheduled hyperparameters.
  public init(lr: Double, initialLR: Double? = nil, momentum: Double? = nil, extras: [String: Double] = [:]) {
    self.lr = lr
    self.initialLR = initialLR
    self.momentum = momentum
    self.extras = extras
  }
}
