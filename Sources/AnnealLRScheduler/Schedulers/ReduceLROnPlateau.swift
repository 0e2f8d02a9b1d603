// Copyright © 2026 the Anneal authors.

/// Reduces each group's learning rate by `factor` when a metric has stopped improving for
/// `patience` epochs (PyTorch: `torch.optim.lr_scheduler.ReduceLROnPlateau`).
///
/// A metric `a` improves on the best `b` when, in `min` mode, `a < b·(1 − threshold)` (`rel`)
/// or `a < b − threshold` (`abs`); in `max` mode, `a > b·(1 + threshold)` or
/// `a > b + threshold`. After a reduction, `cooldown` epochs pass before bad epochs count
/// again. A reduction never goes below `minLR` and is skipped when smaller than `eps`.
///
/// ```swift
/// let scheduler = try ReduceLROnPlateau(optimizer, mode: .min, patience: 2)
/// for epoch in 0..<100 {
///   train()
///   scheduler.step(metric: validationLoss())
/// }
/// ```
///
/// Unlike PyTorch (pytorch/pytorch#68978), it can run inside ``SequentialLR`` and
/// ``ChainedScheduler``, which pass on the metric given to their `step(metric:)`.
public final class ReduceLROnPlateau: MetricLRScheduler {
  /// Whether lower or higher metrics are better (PyTorch: `mode`).
  public enum Mode: String, Sendable, CaseIterable {
    case min, max
  }

  /// How `threshold` is compared (PyTorch: `threshold_mode`).
  public enum ThresholdMode: String, Sendable, CaseIterable {
    case rel, abs
  }

  public let optimizer: any SchedulableOptimizer
  /// The default is ``Mode/min``.
  public private(set) var mode: Mode
  /// The reduction factor, below 1 (PyTorch: `factor`). The default is `0.1`.
  public private(set) var factor: Double
  /// Bad epochs tolerated before a reduction (PyTorch: `patience`). The default is `10`.
  public private(set) var patience: Int
  /// The significance threshold (PyTorch: `threshold`). The default is `1e-4`.
  public private(set) var threshold: Double
  /// The default is ``ThresholdMode/rel``.
  public private(set) var thresholdMode: ThresholdMode
  /// Epochs to wait after a reduction (PyTorch: `cooldown`). The default is `0`.
  public private(set) var cooldown: Int
  /// The lower bound of each group (PyTorch: `min_lrs`).
  ///
  /// After ``SchedulableOptimizer`` groups are added, give it one entry per group (PyTorch: the
  /// `min_lrs` field), unless a scalar ``defaultMinLR`` sizes it.
  public var minLRs: [Double]
  /// The scalar `minLR` given, if one was, to size ``minLRs`` for added groups
  /// (PyTorch: `default_min_lr`).
  public private(set) var defaultMinLR: Double?
  /// The smallest change applied (PyTorch: `eps`). The default is `1e-8`.
  public private(set) var eps: Double
  /// The best metric so far (PyTorch: `best`).
  public private(set) var best: Double
  /// Epochs left in the cooldown (PyTorch: `cooldown_counter`).
  public private(set) var cooldownCounter = 0
  /// Consecutive epochs without improvement (PyTorch: `num_bad_epochs`).
  public private(set) var numBadEpochs = 0
  public private(set) var lastEpoch = 0
  public private(set) var lastLR: [Double]

  /// Creates the scheduler; unlike the others it takes no step at construction.
  ///
  /// - Throws: ``LRSchedulerError/invalidArgument(_:)`` when `factor >= 1` or a `minLR` list
  ///   has the wrong length.
  public init(
    _ optimizer: any SchedulableOptimizer, mode: Mode = .min, factor: Double = 0.1, patience: Int = 10,
    threshold: Double = 1e-4, thresholdMode: ThresholdMode = .rel, cooldown: Int = 0, minLR: GroupValues = 0,
    eps: Double = 1e-8
  ) throws(LRSchedulerError) {
    guard factor < 1.0 else { throw .invalidArgument("Factor should be < 1.0.") }
    let groups = optimizer.schedulableGroups.count
    switch minLR {
    case .same(let value):
      defaultMinLR = value
      minLRs = Array(repeating: value, count: groups)
    case .perGroup(let values):
      guard values.count == groups else { throw .invalidArgument("expected \(groups) min_lrs, got \(values.count)") }
      defaultMinLR = nil
      minLRs = values
    }
    self.optimizer = optimizer
    self.mode = mode
    self.factor = factor
    self.patience = patience
    self.threshold = threshold
    self.thresholdMode = thresholdMode
    self.cooldown = cooldown
    self.eps = eps
    self.best = mode == .min ? .infinity : -.infinity
    self.lastLR = optimizer.learningRates
  }

  public var requiresMetric: Bool { true }

  /// Records `metric` for the epoch and reduces the learning rates after `patience` bad
  /// epochs (PyTorch: `step(metrics)`).
  public func step(metric: Double) {
    lastEpoch += 1
    if isBetter(metric, than: best) {
      best = metric
      numBadEpochs = 0
    } else {
      numBadEpochs += 1
    }
    if cooldownCounter > 0 {
      cooldownCounter -= 1
      numBadEpochs = 0
    }
    if numBadEpochs > patience {
      reduceLR()
      cooldownCounter = cooldown
      numBadEpochs = 0
    }
    lastLR = optimizer.learningRates
  }

  /// ReduceLROnPlateau needs a metric: use ``step(metric:)``.
  public func step() {
    preconditionFailure("ReduceLROnPlateau.step() needs a metric: call step(metric:)")
  }

  /// PyTorch's `RuntimeError` when this step would reduce the learning rates but ``minLRs`` no
  /// longer has one entry per group (a group was added) and no scalar sizes it.
  public func stepError(metric: Double) -> LRSchedulerError? {
    let groups = optimizer.schedulableGroups.count
    guard groups != minLRs.count, defaultMinLR == nil, cooldownCounter == 0 else { return nil }
    let bad = isBetter(metric, than: best) ? 0 : numBadEpochs + 1
    guard bad > patience else { return nil }
    return .invalidArgument(Self.groupMismatch(groups, minLRs.count))
  }

  private static func groupMismatch(_ groups: Int, _ minLRs: Int) -> String {
    "The number of param groups in the `optimizer` (\(groups)) differs from when `ReduceLROnPlateau` was "
      + "initialized (\(minLRs)), usually due to a new param group being added to the optimizer. Please "
      + "modify the `min_lrs` field to match the length of the `optimizer` param groups."
  }

  private func reduceLR() {
    var groups = optimizer.schedulableGroups
    if groups.count != minLRs.count {
      guard let defaultMinLR else {
        // step(reporting:) throws this first; a direct step(metric:) has no way to report it.
        preconditionFailure(Self.groupMismatch(groups.count, minLRs.count))
      }
      minLRs = Array(repeating: defaultMinLR, count: groups.count)
    }
    for index in groups.indices {
      let old = groups[index].lr
      let candidate = old * factor
      let new = minLRs[index] > candidate ? minLRs[index] : candidate  // Python's max(a, b)
      if old - new > eps { groups[index].lr = new }
    }
    optimizer.schedulableGroups = groups
  }

  private func isBetter(_ a: Double, than best: Double) -> Bool {
    switch (mode, thresholdMode) {
    case (.min, .rel): a < best * (1.0 - threshold)
    case (.min, .abs): a < best - threshold
    case (.max, .rel): a > best * (threshold + 1.0)
    case (.max, .abs): a > best + threshold
    }
  }

  /// Starts over: the best metric, cooldown and bad-epoch count are reset, and each group's
  /// learning rate returns to its initial value — what ``SequentialLR`` does at this
  /// scheduler's milestone.
  public func initialStep() {
    best = mode == .min ? .infinity : -.infinity
    cooldownCounter = 0
    numBadEpochs = 0
    lastLR = optimizer.learningRates
  }

  public func updateLR(epoch: Int?) {
    var groups = optimizer.schedulableGroups
    for index in groups.indices { groups[index].lr = groups[index].initialLR ?? groups[index].lr }
    optimizer.schedulableGroups = groups
    initialStep()
    lastEpoch = epoch ?? lastEpoch + 1
  }

  public func undoEpoch() { lastEpoch -= 1 }

  public func stateDict() -> StateDict {
    [
      "factor": .double(factor), "min_lrs": .from(minLRs), "default_min_lr": .from(defaultMinLR),
      "patience": .int(patience), "cooldown": .int(cooldown), "eps": .double(eps), "last_epoch": .int(lastEpoch),
      "_last_lr": .from(lastLR), "mode": .string(mode.rawValue), "threshold": .double(threshold),
      "threshold_mode": .string(thresholdMode.rawValue), "best": .double(best),
      "mode_worse": .double(mode == .min ? .infinity : -.infinity), "cooldown_counter": .int(cooldownCounter),
      "num_bad_epochs": .int(numBadEpochs),
    ]
  }

  public func loadStateDict(_ state: StateDict) throws(LRSchedulerError) {
    guard let mode = Mode(rawValue: try restored(state.string("mode"))),
      let thresholdMode = ThresholdMode(rawValue: try restored(state.string("threshold_mode")))
    else { throw .stateMismatch("unknown mode or threshold_mode") }
    let lastLR = try restored(state.doubles("_last_lr"))
    guard lastLR.count == optimizer.schedulableGroups.count else {
      throw .stateMismatch(
        "the state has \(lastLR.count) learning rates for \(optimizer.schedulableGroups.count) groups")
    }
    factor = try restored(state.double("factor"))
    minLRs = try restored(state.doubles("min_lrs"))
    defaultMinLR = try restored(state.optionalDouble("default_min_lr"))
    patience = try restored(state.int("patience"))
    cooldown = try restored(state.int("cooldown"))
    eps = try restored(state.double("eps"))
    lastEpoch = try restored(state.int("last_epoch"))
    self.lastLR = lastLR
    self.mode = mode
    threshold = try restored(state.double("threshold"))
    self.thresholdMode = thresholdMode
    best = try restored(state.double("best"))
    cooldownCounter = try restored(state.int("cooldown_counter"))
    numBadEpochs = try restored(state.int("num_bad_epochs"))
  }
}
