// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealLRScheduler

/// An optimizer's saved state (PyTorch: `optimizer.state_dict()`): each group's
/// hyperparameters under PyTorch's keys, and each parameter's buffers and step count.
public struct OptimizerState: Sendable, Hashable {
  /// One entry per param group: `lr`, `momentum`, `betas`, …, `initial_lr`, and `params`, the
  /// indices of the group's parameters.
  public var paramGroups: [StateDict]
  /// Per parameter index (counting across groups), the named buffers: `momentum_buffer`,
  /// `exp_avg`, `exp_avg_sq`, `step`, … A parameter that never had a gradient has none.
  public var state: [Int: [String: TensorData]]

  /// Creates a state.
  public init(paramGroups: [StateDict], state: [Int: [String: TensorData]]) {
    self.paramGroups = paramGroups
    self.state = state
  }
}
