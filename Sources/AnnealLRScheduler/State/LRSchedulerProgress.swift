// Copyright © 2026 the Anneal authors.

/// The state every epoch-driven scheduler keeps, with PyTorch's `state_dict` meaning.
public struct LRSchedulerProgress: Sendable, Hashable {
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

  /// Creates the state.
  public init(baseLRs: [Double], lastEpoch: Int, stepCount: Int, lastLR: [Double], isInitial: Bool) {
    self.baseLRs = baseLRs
    self.lastEpoch = lastEpoch
    self.stepCount = stepCount
    self.lastLR = lastLR
    self.isInitial = isInitial
  }

  /// The state's entries under PyTorch's keys.
  public var stateDict: StateDict {
    [
      "base_lrs": .from(baseLRs), "last_epoch": .int(lastEpoch), "_step_count": .int(stepCount),
      "_last_lr": .from(lastLR), "_is_initial": .bool(isInitial),
    ]
  }

  /// Reads the entries written by ``stateDict``.
  public init(_ state: StateDict) throws(LRSchedulerError) {
    self.init(
      baseLRs: try restored(state.doubles("base_lrs")), lastEpoch: try restored(state.int("last_epoch")),
      stepCount: try restored(state.int("_step_count")), lastLR: try restored(state.doubles("_last_lr")),
      isInitial: (try? state.bool("_is_initial")) ?? false)
  }
}
