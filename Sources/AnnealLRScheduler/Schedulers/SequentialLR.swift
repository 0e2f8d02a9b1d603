// Copyright © 2026 the Anneal authors.

/// Runs schedulers one after another, switching at the milestone epochs
/// (PyTorch: `torch.optim.lr_scheduler.SequentialLR`).
///
/// At its milestone a scheduler restarts at its epoch 0 (through its closed form where it has
/// one), so it starts from the base learning rates, not from where the previous one stopped —
/// exactly as in PyTorch:
///
/// ```swift
/// // Linear warmup over 5 epochs, then cosine annealing over 45.
/// let warmup = try LinearLR(optimizer, startFactor: 0.1, totalIters: 5)
/// let cosine = try CosineAnnealingLR(optimizer, tMax: 45)
/// let scheduler = try SequentialLR(optimizer, schedulers: [warmup, cosine], milestones: [5])
/// ```
///
/// Differences from PyTorch, each an improvement a PyTorch script cannot depend on:
/// - ``ReduceLROnPlateau`` is allowed (pytorch/pytorch#68978): call ``step(metric:)``. At its
///   milestone it restarts from the initial learning rates and takes that epoch's metric as
///   its first observation.
/// - `lastEpoch` (resuming by epoch number) replays the schedule up to that epoch, so the
///   learning rate is right (pytorch/pytorch#162591). Resuming from ``stateDict()`` is exact
///   as in PyTorch.
public final class SequentialLR: MetricLRScheduler {
  public let optimizer: any SchedulableOptimizer
  /// The schedulers, in order (PyTorch: `_schedulers`).
  public let schedulers: [any LRScheduler]
  /// The epochs at which the next scheduler takes over (PyTorch: `_milestones`).
  public let milestones: [Int]
  public private(set) var lastEpoch: Int
  public private(set) var lastLR: [Double]

  /// Creates the composite: resets each group's learning rate to its initial value, moves
  /// every child back one epoch, and restarts the first child, as PyTorch's constructor does.
  ///
  /// - Throws: ``LRSchedulerError/invalidArgument(_:)`` for no schedulers, schedulers of
  ///   another optimizer, or `milestones.count != schedulers.count - 1`.
  public init(
    _ optimizer: any SchedulableOptimizer, schedulers: [any LRScheduler], milestones: [Int], lastEpoch: Int = -1
  ) throws(LRSchedulerError) {
    guard !schedulers.isEmpty else {
      throw .invalidArgument("SequentialLR expects at least one scheduler, but got no scheduler.")
    }
    for (index, scheduler) in schedulers.enumerated() where scheduler.optimizer !== optimizer {
      throw .invalidArgument(
        "SequentialLR expects all schedulers to belong to the same optimizer, but got scheduler at index \(index) "
          + "with a different optimizer")
    }
    guard milestones.count == schedulers.count - 1 else {
      throw .invalidArgument(
        "Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone "
          + "points, but got number of schedulers \(schedulers.count) and the number of milestones to be equal to "
          + "\(milestones.count)")
    }
    self.optimizer = optimizer
    self.schedulers = schedulers
    self.milestones = milestones
    self.lastEpoch = 0
    var groups = optimizer.schedulableGroups
    for index in groups.indices {
      guard let initial = groups[index].initialLR else { throw .missingInitialLR(group: index) }
      groups[index].lr = initial
    }
    optimizer.schedulableGroups = groups
    for scheduler in schedulers { scheduler.undoEpoch() }
    let first = schedulers[PythonMath.bisectRight(milestones, 0)]
    first.initialStep()
    lastLR = first.lastLR
    // Resuming by epoch number: replay, since only the first child could be positioned.
    if lastEpoch >= 0 {
      guard !requiresMetric else {
        throw .invalidArgument("a SequentialLR with ReduceLROnPlateau cannot resume by last_epoch; use loadStateDict")
      }
      for _ in 0...lastEpoch { step() }
    }
  }

  public var requiresMetric: Bool { schedulers.contains { $0.requiresMetric } }

  public var nextStepError: LRSchedulerError? {
    let next = lastEpoch + 1
    let index = PythonMath.bisectRight(milestones, next)
    if index > 0 && milestones[index - 1] == next { return nil }
    return schedulers[index].nextStepError
  }

  public func step() { advance(metric: nil) }

  public func stepError(metric: Double) -> LRSchedulerError? {
    let next = lastEpoch + 1
    let index = PythonMath.bisectRight(milestones, next)
    return (schedulers[index] as? any MetricLRScheduler)?.stepError(metric: metric)
  }

  /// Advances one epoch, passing `metric` to the active scheduler if it uses one.
  public func step(metric: Double) { advance(metric: metric) }

  private func advance(metric: Double?) {
    lastEpoch += 1
    let index = PythonMath.bisectRight(milestones, lastEpoch)
    let scheduler = schedulers[index]
    if index > 0 && milestones[index - 1] == lastEpoch {
      scheduler.updateLR(epoch: 0)
      if let metric, let plateau = scheduler as? any MetricLRScheduler, !(scheduler is SequentialLR),
        !(scheduler is ChainedScheduler)
      {
        plateau.step(metric: metric)
      }
    } else if let metric, let metricScheduler = scheduler as? any MetricLRScheduler {
      metricScheduler.step(metric: metric)
    } else {
      precondition(!scheduler.requiresMetric, "SequentialLR.step() reached a ReduceLROnPlateau: call step(metric:)")
      scheduler.step()
    }
    lastLR = scheduler.lastLR
  }

  public func initialStep() { step() }

  public func updateLR(epoch: Int?) {
    schedulers[0].updateLR(epoch: epoch)
    lastLR = schedulers[0].lastLR
  }

  public func undoEpoch() {
    for scheduler in schedulers { scheduler.undoEpoch() }
  }

  public func stateDict() -> StateDict {
    [
      "_milestones": .from(milestones), "last_epoch": .int(lastEpoch), "_last_lr": .from(lastLR),
      "_schedulers": .array(schedulers.map { .object($0.stateDict()) }),
    ]
  }

  public func loadStateDict(_ state: StateDict) throws(LRSchedulerError) {
    let children = try restored(state.states("_schedulers"))
    guard children.count == schedulers.count else {
      throw .stateMismatch("the state has \(children.count) schedulers, this SequentialLR \(schedulers.count)")
    }
    guard try restored(state.ints("_milestones")) == milestones else { throw .stateMismatch("different milestones") }
    for (scheduler, child) in zip(schedulers, children) { try scheduler.loadStateDict(child) }
    lastEpoch = try restored(state.int("last_epoch"))
    lastLR = try restored(state.doubles("_last_lr"))
  }
}
