// Copyright © 2026 the Anneal authors.

/// Steps several schedulers together every epoch, each applied to the learning rate the
/// previous one produced (PyTorch: `torch.optim.lr_scheduler.ChainedScheduler`).
///
/// Only recursive (chainable) schedulers compose this way; ``LambdaLR``, ``CyclicLR``,
/// ``OneCycleLR`` and ``CosineAnnealingWarmRestarts`` set absolute values and override the
/// others, as in PyTorch.
///
/// ```swift
/// // lr = 0.005, 0.0045, 0.00405, … until epoch 20, then ×10   (base lr 0.05)
/// let constant = try ConstantLR(optimizer, factor: 0.1, totalIters: 20)
/// let exponential = try ExponentialLR(optimizer, gamma: 0.9)
/// let scheduler = try ChainedScheduler([constant, exponential])
/// ```
///
/// Unlike PyTorch (pytorch/pytorch#68978), a ``ReduceLROnPlateau`` may be chained; call
/// ``step(metric:)``.
public final class ChainedScheduler: MetricLRScheduler {
  public let optimizer: any SchedulableOptimizer
  /// The schedulers, stepped in order (PyTorch: `_schedulers`).
  public let schedulers: [any LRScheduler]
  public private(set) var lastLR: [Double]
  /// The number of steps taken (PyTorch's ChainedScheduler has no `last_epoch`).
  public private(set) var lastEpoch = 0

  /// Chains `schedulers`, which must share one optimizer.
  ///
  /// - Throws: ``LRSchedulerError/invalidArgument(_:)`` for no schedulers or schedulers of
  ///   different optimizers.
  public init(_ schedulers: [any LRScheduler], optimizer: (any SchedulableOptimizer)? = nil) throws(LRSchedulerError) {
    guard let first = schedulers.first else {
      throw .invalidArgument("ChainedScheduler expects at least one scheduler to be chained, but got no scheduler.")
    }
    let optimizer = optimizer ?? first.optimizer
    for (index, scheduler) in schedulers.enumerated() where scheduler.optimizer !== optimizer {
      throw .invalidArgument(
        "ChainedScheduler expects all schedulers to belong to the same optimizer, but got scheduler at index "
          + "\(index) with a different optimizer")
    }
    self.optimizer = optimizer
    self.schedulers = schedulers
    self.lastLR = optimizer.learningRates
  }

  public var requiresMetric: Bool { schedulers.contains { $0.requiresMetric } }

  public var nextStepError: LRSchedulerError? { schedulers.lazy.compactMap(\.nextStepError).first }

  public func step() { advance(metric: nil) }

  public func stepError(metric: Double) -> LRSchedulerError? {
    schedulers.lazy.compactMap { ($0 as? any MetricLRScheduler)?.stepError(metric: metric) }.first
  }

  /// Steps every scheduler, passing `metric` to those that use one.
  public func step(metric: Double) { advance(metric: metric) }

  private func advance(metric: Double?) {
    for scheduler in schedulers {
      if let metric, let metricScheduler = scheduler as? any MetricLRScheduler {
        metricScheduler.step(metric: metric)
      } else {
        precondition(
          !scheduler.requiresMetric, "ChainedScheduler.step() reached a ReduceLROnPlateau: call step(metric:)")
        scheduler.step()
      }
    }
    lastEpoch += 1
    lastLR = optimizer.learningRates
  }

  public func initialStep() { step() }

  public func updateLR(epoch: Int?) {
    for scheduler in schedulers { scheduler.updateLR(epoch: epoch) }
    lastLR = optimizer.learningRates
  }

  public func undoEpoch() {
    for scheduler in schedulers { scheduler.undoEpoch() }
  }

  public func stateDict() -> StateDict {
    ["_last_lr": .from(lastLR), "_schedulers": .array(schedulers.map { .object($0.stateDict()) })]
  }

  public func loadStateDict(_ state: StateDict) throws(LRSchedulerError) {
    let children = try restored(state.states("_schedulers"))
    guard children.count == schedulers.count else {
      throw .stateMismatch("the state has \(children.count) schedulers, this ChainedScheduler \(schedulers.count)")
    }
    for (scheduler, child) in zip(schedulers, children) { try scheduler.loadStateDict(child) }
    lastLR = try restored(state.doubles("_last_lr"))
  }
}
