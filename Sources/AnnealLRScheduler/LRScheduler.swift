// Copyright © 2026 the Anneal authors.

/// A learning-rate scheduler (PyTorch: `torch.optim.lr_scheduler.LRScheduler`).
///
/// A scheduler adjusts the learning rate of every param group of its optimizer. Call
/// ``step()`` after the optimizer's `step()`, once per epoch or per batch as the schedule
/// intends:
///
/// ```swift
/// let scheduler = try StepLR(optimizer, stepSize: 1, gamma: 0.1)
/// for epoch in 0..<5 {
///   print("Epoch: \(epoch), LR: \(scheduler.lastLR)")
///   train()            // calls optimizer.step() per batch
///   scheduler.step()
/// }
/// ```
///
/// Unlike PyTorch there is no `get_lr()`: PyTorch's computes the *next* value and is often
/// mistaken for a getter. Read ``lastLR`` instead (PyTorch: `get_last_lr()`).
public protocol LRScheduler: AnyObject {
  /// The optimizer whose learning rates this scheduler sets.
  var optimizer: any SchedulableOptimizer { get }
  /// The current epoch, 0 after construction (PyTorch: `last_epoch`).
  var lastEpoch: Int { get }
  /// The learning rate of each group as set by the last step (PyTorch: `get_last_lr()`).
  var lastLR: [Double] { get }
  /// Advances the schedule by one epoch (or batch) and updates the optimizer.
  func step()

  /// The scheduler's state under PyTorch's `state_dict` keys; the optimizer is not
  /// included, so save the optimizer's state too (PyTorch: `state_dict()`).
  func stateDict() -> StateDict
  /// Restores a state saved by ``stateDict()`` (PyTorch: `load_state_dict`).
  func loadStateDict(_ state: StateDict) throws(LRSchedulerError)

  // MARK: Composition hooks (PyTorch's `_initial_step`, `_update_lr`, `recursive_undo`)

  /// Takes the step the constructor takes, again; ``SequentialLR`` uses it.
  func initialStep()
  /// Sets the learning rates for `epoch` (closed form where the schedule has one), or for
  /// the next epoch when `epoch` is `nil`, without counting a step (PyTorch: `_update_lr`).
  func updateLR(epoch: Int?)
  /// Moves ``lastEpoch`` back by one, recursively for composites
  /// (PyTorch: `SequentialLR.recursive_undo`).
  func undoEpoch()

  // MARK: Checks

  /// The error PyTorch would raise on the next ``step()``, if any — OneCycleLR past its last
  /// step. Stepping anyway stops the program with that message.
  var nextStepError: LRSchedulerError? { get }
  /// Whether ``step()`` needs a metric: the scheduler is, or contains, a
  /// ``MetricLRScheduler`` such as ``ReduceLROnPlateau``.
  var requiresMetric: Bool { get }
}

extension LRScheduler {
  public var nextStepError: LRSchedulerError? { nil }
  public var requiresMetric: Bool { false }
}

/// A scheduler driven by a metric rather than by time (PyTorch: `ReduceLROnPlateau`, whose
/// `step(metrics)` takes a value).
///
/// ``SequentialLR`` and ``ChainedScheduler`` accept such schedulers — unlike PyTorch
/// (pytorch/pytorch#68978) — and pass the metric of ``SequentialLR/step(metric:)`` on.
public protocol MetricLRScheduler: LRScheduler {
  /// Records the epoch's metric and reduces the learning rates if it has stopped improving.
  func step(metric: Double)
  /// The error PyTorch would raise on `step(metric)` with this metric, if any:
  /// ``ReduceLROnPlateau`` reducing after a group was added without a matching `minLRs`
  /// entry. `step(reporting:)` throws it; `step(metric:)` would stop the program.
  func stepError(metric: Double) -> LRSchedulerError?
}

extension MetricLRScheduler {
  public func stepError(metric: Double) -> LRSchedulerError? { nil }
}

extension LRScheduler {
  /// Steps the scheduler as a training loop does at the end of an epoch or iteration: a
  /// scheduler driven by a metric (``ReduceLROnPlateau``, or a composite holding one) receives
  /// `metric`; every other one, or any scheduler when `metric` is `nil`, steps by time.
  ///
  /// - Throws: ``nextStepError`` when the scheduler cannot take another step (such as
  ///   ``OneCycleLR`` past its total steps); nothing changes then.
  public func step(reporting metric: Double?) throws(LRSchedulerError) {
    if let error = nextStepError { throw error }
    if let metric, let driven = self as? any MetricLRScheduler {
      if let error = driven.stepError(metric: metric) { throw error }
      driven.step(metric: metric)
    } else {
      step()
    }
  }
}
