// Copyright © 2026 the Anneal authors.

/// Puts a warmup in front of any scheduler, with timm's warmup parameters (timm:
/// `warmup_t`, `warmup_lr_init`, `warmup_prefix` of its `Scheduler` base class; PyTorch has
/// no counterpart — there one writes `SequentialLR([LinearLR, …])`).
///
/// For the first `warmupT` steps the rate ramps from `warmupLRInit` to each group's base rate
/// (its `initial_lr`) in the chosen ``WarmupShape``; from step `warmupT` on it is the wrapped
/// scheduler's. Without `warmupPrefix` the wrapped scheduler runs from step 0 underneath the
/// warmup, as in timm, so at step `warmupT` it is at its own step `warmupT`; with it, the
/// wrapped scheduler starts only when the warmup ends, at its own step 0.
///
/// ```swift
/// let cosine = try CosineAnnealingLR(optimizer, tMax: 95)
/// let scheduler = try WarmupLR(optimizer, scheduler: cosine, warmupT: 5, warmupLRInit: 1e-4, warmupPrefix: true)
/// ```
///
/// The wrapped scheduler always sees its own rates, so recursive schedules stay exact: before
/// it steps, the groups get back the rates it last set. Matches timm's `CosineLRScheduler`
/// with the same warmup when wrapping `CosineAnnealingLR` (up to the last bits of the cosine,
/// which PyTorch computes recursively), and Hugging Face's warmup schedules likewise.
public final class WarmupLR: LRScheduler {
  public let optimizer: any SchedulableOptimizer
  /// The scheduler after (and, without a prefix, beneath) the warmup.
  public let scheduler: any LRScheduler
  /// The warmup's length in steps (timm: `warmup_t`).
  public let warmupT: Int
  /// The warmup's first rate (timm: `warmup_lr_init`).
  public let warmupLRInit: Double
  /// Whether the wrapped scheduler starts after the warmup (timm: `warmup_prefix`).
  public let warmupPrefix: Bool
  /// The ramp's shape.
  public let shape: WarmupShape
  /// The groups' base rates, the warmup's targets.
  public let baseLRs: [Double]
  public private(set) var lastEpoch: Int
  public private(set) var lastLR: [Double]
  /// The rates the wrapped scheduler last set.
  private var innerLR: [Double]

  /// Wraps `scheduler`, which must already be built on `optimizer`, and sets the warmup's
  /// first rate.
  ///
  /// - Throws: ``LRSchedulerError/invalidArgument(_:)`` for a negative `warmupT`, a
  ///   scheduler of another optimizer, or one that needs a metric (``ReduceLROnPlateau``).
  public init(
    _ optimizer: any SchedulableOptimizer, scheduler: any LRScheduler, warmupT: Int, warmupLRInit: Double = 0,
    warmupPrefix: Bool = false, shape: WarmupShape = .linear
  ) throws(LRSchedulerError) {
    guard scheduler.optimizer === optimizer else {
      throw .invalidArgument("WarmupLR expects the scheduler to belong to the same optimizer")
    }
    guard !scheduler.requiresMetric else {
      throw .invalidArgument("WarmupLR cannot wrap a scheduler that needs a metric (ReduceLROnPlateau)")
    }
    guard warmupT >= 0 else { throw .invalidArgument("warmup_t must be non-negative, got \(warmupT)") }
    guard warmupLRInit >= 0 else { throw .invalidArgument("warmup_lr_init must be non-negative, got \(warmupLRInit)") }
    self.optimizer = optimizer
    self.scheduler = scheduler
    self.warmupT = warmupT
    self.warmupLRInit = warmupLRInit
    self.warmupPrefix = warmupPrefix
    self.shape = shape
    let groups = optimizer.schedulableGroups
    baseLRs = groups.map { $0.initialLR ?? $0.lr }
    innerLR = groups.map(\.lr)
    lastEpoch = 0
    lastLR = innerLR
    apply()
  }

  /// The warmup's rates at step `t < warmupT`.
  public func warmupValues(at t: Int) -> [Double] {
    let t = Double(t)
    let length = Double(warmupT)
    return baseLRs.map { base in
      switch shape {
      case .linear: warmupLRInit + t * ((base - warmupLRInit) / length)
      case .cosine: warmupLRInit + (base - warmupLRInit) * (0.5 * (1 - PythonMath.cos(PythonMath.pi * t / length)))
      case .constant: warmupLRInit
      }
    }
  }

  public var nextStepError: LRSchedulerError? {
    warmupPrefix && lastEpoch + 1 <= warmupT ? nil : scheduler.nextStepError
  }

  public func step() {
    lastEpoch += 1
    if !warmupPrefix || lastEpoch > warmupT {
      setGroups(innerLR)
      scheduler.step()
      innerLR = optimizer.learningRates
    }
    apply()
  }

  public func initialStep() { updateLR(epoch: 0) }

  /// Jumps to step `epoch` (the wrapped scheduler to the matching step of its own).
  public func updateLR(epoch: Int?) {
    guard let epoch else { return step() }
    lastEpoch = epoch
    setGroups(innerLR)
    scheduler.updateLR(epoch: warmupPrefix ? max(0, epoch - warmupT) : epoch)
    innerLR = optimizer.learningRates
    apply()
  }

  public func undoEpoch() {
    lastEpoch -= 1
    if !warmupPrefix || lastEpoch >= warmupT { scheduler.undoEpoch() }
  }

  public func stateDict() -> StateDict {
    [
      "last_epoch": .int(lastEpoch), "_last_lr": .from(lastLR), "base_lrs": .from(baseLRs),
      "_inner_lr": .from(innerLR), "warmup_t": .int(warmupT), "warmup_lr_init": .double(warmupLRInit),
      "warmup_prefix": .bool(warmupPrefix), "warmup_type": .string(shape.rawValue),
      "_scheduler": .object(scheduler.stateDict()),
    ]
  }

  public func loadStateDict(_ state: StateDict) throws(LRSchedulerError) {
    guard try restored(state.int("warmup_t")) == warmupT, try restored(state.bool("warmup_prefix")) == warmupPrefix,
      try restored(state.string("warmup_type")) == shape.rawValue
    else { throw .stateMismatch("a different warmup") }
    let inner = try restored(state.doubles("_inner_lr"))
    let last = try restored(state.doubles("_last_lr"))
    guard inner.count == baseLRs.count, last.count == baseLRs.count else {
      throw .stateMismatch("the state has \(inner.count) rates for \(baseLRs.count) param groups")
    }
    guard case .object(let child)? = state["_scheduler"] else { throw .stateMismatch("no _scheduler entry") }
    try scheduler.loadStateDict(child)
    lastEpoch = try restored(state.int("last_epoch"))
    innerLR = inner
    lastLR = last
  }

  /// Sets the rates for ``lastEpoch``: the warmup's, or the wrapped scheduler's.
  private func apply() {
    lastLR = lastEpoch < warmupT ? warmupValues(at: lastEpoch) : innerLR
    setGroups(lastLR)
  }

  private func setGroups(_ values: [Double]) {
    var groups = optimizer.schedulableGroups
    for index in groups.indices { groups[index].lr = values[index] }
    optimizer.schedulableGroups = groups
  }
}
