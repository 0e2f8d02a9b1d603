// Copyright © 2026 the Anneal authors.

/// The state every epoch-driven scheduler keeps, with PyTorch's `state_dict` meaning.
public struct LRSchedulerProgress: Sendable, Hashable, Codable {
  /// The learning rates the schedule is relative to (PyTorch: `base_lrs`).
  public var baseLRs: [Double]
  /// The current epoch (PyTorch: `last_epoch`).
  public var lastEpoch: Int
  /// The number of `step()` calls, including the one at construction
  /// (PyTorch: `_step_count`).
  public var stepCount: Int
  /// The learning rates set by the last step (PyTorch: `_last_lr`).
  public var lastLR: [Double]
  /// Whether the step being taken is the one at construction (PyTorch: `_is_initial`).
  public var isInitial: Bool

  /// PyTorch's `state_dict` key names.
  enum CodingKeys: String, CodingKey {
    case baseLRs = "base_lrs"
    case lastEpoch = "last_epoch"
    case stepCount = "_step_count"
    case lastLR = "_last_lr"
    case isInitial = "_is_initial"
  }
}
