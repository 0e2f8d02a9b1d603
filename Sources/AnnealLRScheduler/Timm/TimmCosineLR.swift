// Copyright © 2026 the Anneal authors.

/// timm's cosine schedule with warmup, restarts, cycle decay and limit, k-decay and
/// learning-rate noise (timm: `timm.scheduler.CosineLRScheduler`).
///
/// Like timm it is stateless in `t`: step `t` sets
///
/// ```
/// t < warmupT:  warmupLRInit + t · (base − warmupLRInit) / warmupT
/// otherwise:    (t −= warmupT if warmupPrefix) → cycle i, position tCurr of length tI
///               lrMin + ½ (base · cycleDecayⁱ − lrMin)(1 + cos(π tCurrᵏ / tIᵏ))   while i < cycleLimit
/// ```
///
/// Construction sets the warmup's first
/// rate (or the base rate) without a step, and the ``step()`` after epoch `e` sets `t = e + 1`,
/// as timm's `train.py` calls `step(epoch + 1)`.
public final class TimmCosineLR: EpochLRScheduler {
  public let optimizer: any SchedulableOptimizer
  /// The first cycle's length (timm: `t_initial`).
  public let tInitial: Int
  /// The floor (timm: `lr_min`). The default is `0`.
  public let lrMin: Double
  /// The growth of each cycle's length (timm: `cycle_mul`). The default is `1`.
  public let cycleMul: Double
  /// The decay of each cycle's peak (timm: `cycle_decay`). The default is `1`.
  public let cycleDecay: Double
  /// The number of cycles before the rate stays at ``lrMin`` (timm: `cycle_limit`). The default is `1`.
  public let cycleLimit: Int
  /// The warmup length (timm: `warmup_t`). The default is `0`.
  public let warmupT: Int
  /// The warmup's first rate (timm: `warmup_lr_init`). The default is `0`.
  public let warmupLRInit: Double
  /// Whether the cosine starts after the warmup (timm: `warmup_prefix`). The default is `false`.
  public let warmupPrefix: Bool
  /// The exponent of k-decay (timm: `k_decay`). The default is `1`.
  public let kDecay: Double
  /// The learning-rate noise (timm: `noise_range_t`, `noise_pct`, `noise_std`, `noise_seed`).
  /// The default is `nil`, no noise.
  public let noise: LRNoise?
  public var progress: LRSchedulerProgress

  /// Creates the scheduler; every default is timm's.
  public init(
    _ optimizer: any SchedulableOptimizer, tInitial: Int, lrMin: Double = 0, cycleMul: Double = 1,
    cycleDecay: Double = 1, cycleLimit: Int = 1, warmupT: Int = 0, warmupLRInit: Double = 0,
    warmupPrefix: Bool = false, kDecay: Double = 1, noise: LRNoise? = nil
  ) throws(LRSchedulerError) {
    guard tInitial > 0 else { throw .invalidArgument("t_initial must be positive, got \(tInitial)") }
    guard lrMin >= 0 else { throw .invalidArgument("lr_min must be non-negative, got \(lrMin)") }
    guard cycleMul > 0 else { throw .invalidArgument("cycle_mul must be positive, got \(cycleMul)") }
    self.optimizer = optimizer
    self.tInitial = tInitial
    self.lrMin = lrMin
    self.cycleMul = cycleMul
    self.cycleDecay = cycleDecay
    self.cycleLimit = cycleLimit
    self.warmupT = warmupT
    self.warmupLRInit = warmupLRInit
    self.warmupPrefix = warmupPrefix
    self.kDecay = kDecay
    self.noise = noise
    progress = try Self.prepareAtStepZero(optimizer)
    apply(warmupT > 0 ? Array(repeating: warmupLRInit, count: progress.baseLRs.count) : progress.baseLRs)
  }

  /// The rates of step ``lastEpoch``, with the step's noise (timm: `step(t)`).
  public func chainableLR() -> [Double] {
    let lrs = values(at: lastEpoch)
    return noise?.apply(lrs, at: lastEpoch) ?? lrs
  }

  /// timm's `_get_lr(t)`, without noise.
  public func values(at step: Int) -> [Double] {
    var t = Double(step)
    let lrs: [Double]
    if step < warmupT {
      lrs = progress.baseLRs.map { warmupLRInit + t * (($0 - warmupLRInit) / Double(warmupT)) }
    } else {
      if warmupPrefix { t -= Double(warmupT) }
      let cycle: Int
      let length: Double
      let position: Double
      let initial = Double(tInitial)
      if cycleMul != 1 {
        // With cycle_mul < 1 all cycles together last t_initial / (1 − cycle_mul) steps; past
        // that the logarithm is undefined (timm raises) and the rate stays at lr_min.
        cycle = Self.cycleIndex(PythonMath.floor(PythonMath.log(1 - t / initial * (1 - cycleMul), base: cycleMul)))
        length = PythonMath.pow(cycleMul, Double(cycle)) * initial
        position = t - (1 - PythonMath.pow(cycleMul, Double(cycle))) / (1 - cycleMul) * initial
      } else {
        cycle = Self.cycleIndex(PythonMath.floor(t / initial))
        length = initial
        position = t - initial * Double(cycle)
      }
      let gamma = PythonMath.pow(cycleDecay, Double(cycle))
      if cycle < cycleLimit {
        lrs = progress.baseLRs.map { base in
          lrMin + 0.5 * (base * gamma - lrMin)
            * (1 + PythonMath.cos(PythonMath.pi * PythonMath.pow(position, kDecay) / PythonMath.pow(length, kDecay)))
        }
      } else {
        lrs = progress.baseLRs.map { _ in lrMin }
      }
    }
    return lrs
  }

  /// A cycle number as an `Int`, saturating: a NaN or huge value is past every cycle limit.
  private static func cycleIndex(_ value: Double) -> Int {
    Int(exactly: value) ?? (value < 0 ? Int.min : Int.max)
  }

  public var hyperparameterState: StateDict {
    ["t_initial": .int(tInitial), "lr_min": .double(lrMin), "warmup_t": .int(warmupT)]
  }

  public func restoreHyperparameters(from state: StateDict) throws(LRSchedulerError) {
    guard try restored(state.int("t_initial")) == tInitial else { throw .stateMismatch("a different t_initial") }
  }
}
