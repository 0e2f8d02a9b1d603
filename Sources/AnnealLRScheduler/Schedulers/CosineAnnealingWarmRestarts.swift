// Copyright © 2026 the Anneal authors.

/// Cosine annealing with warm restarts (SGDR): the learning rate follows a cosine from the
/// base value to `etaMin` over `T_i` epochs, then restarts, each period `tMult` times longer
/// (PyTorch: `torch.optim.lr_scheduler.CosineAnnealingWarmRestarts`).
///
/// `lr = ηmin + (base − ηmin)·(1 + cos(π·T_cur/T_i))/2`, where `T_cur` counts epochs since the
/// last restart. For per-batch schedules pass fractional epochs to `step(epoch:)`:
///
/// ```swift
/// let scheduler = try CosineAnnealingWarmRestarts(optimizer, t0: 10, tMult: 2)
/// for epoch in 0..<70 {
///   for (i, batch) in loader.enumerated() {
///     train(batch)
///     scheduler.step(epoch: Double(epoch) + Double(i) / Double(loader.count))
///   }
/// }
/// ```
public final class CosineAnnealingWarmRestarts: EpochLRScheduler {
  public let optimizer: any SchedulableOptimizer
  /// The length of the first period (PyTorch: `T_0`).
  public private(set) var t0: Int
  /// The factor by which each period grows (PyTorch: `T_mult`). The default is `1`.
  public private(set) var tMult: Int
  /// The minimum learning rate (PyTorch: `eta_min`). The default is `0`.
  public private(set) var etaMin: Double
  /// The length of the current period (PyTorch: `T_i`).
  public private(set) var tI: Int
  /// The epochs since the last restart, possibly fractional (PyTorch: `T_cur`).
  public private(set) var tCur: Double
  public var progress: LRSchedulerProgress

  /// Creates the scheduler and takes its first step.
  ///
  /// - Throws: ``LRSchedulerError/invalidArgument(_:)`` unless `t0 > 0` and `tMult >= 1`.
  public init(
    _ optimizer: any SchedulableOptimizer, t0: Int, tMult: Int = 1, etaMin: Double = 0.0, lastEpoch: Int = -1
  ) throws(LRSchedulerError) {
    guard t0 > 0 else { throw .invalidArgument("Expected positive integer T_0, but got \(t0)") }
    guard tMult >= 1 else { throw .invalidArgument("Expected integer T_mult >= 1, but got \(tMult)") }
    self.optimizer = optimizer
    self.t0 = t0
    self.tI = t0
    self.tMult = tMult
    self.etaMin = etaMin
    self.tCur = Double(lastEpoch)
    self.progress = try Self.prepare(optimizer, lastEpoch: lastEpoch)
    initialStep()
  }

  public func chainableLR() -> [Double] {
    progress.baseLRs.map {
      etaMin + ($0 - etaMin) * (1 + PythonMath.cos(PythonMath.pi * tCur / Double(tI))) / 2
    }
  }

  /// Advances one epoch, restarting at the end of a period. Unlike other schedulers this does
  /// not count steps in ``LRSchedulerProgress/stepCount``, as in PyTorch.
  public func step() {
    if lastEpoch < 0 {
      step(epoch: 0)
      return
    }
    tCur += 1
    if tCur >= Double(tI) {
      tCur = PythonMath.mod(tCur, Double(tI))
      tI *= tMult
    }
    progress.lastEpoch += 1
    apply(chainableLR())
  }

  /// Jumps to the integer `epoch` (PyTorch: `step(epoch)`).
  public func step(epoch: Int) { step(epoch: Double(epoch)) }

  /// Jumps to `epoch`, which may be fractional for per-batch use (PyTorch: `step(epoch)`).
  ///
  /// - Precondition: `epoch >= 0`.
  public func step(epoch: Double) {
    precondition(epoch >= 0, "Expected non-negative epoch, but got \(epoch)")
    if epoch >= Double(t0) {
      if tMult == 1 {
        tCur = PythonMath.mod(epoch, Double(t0))
      } else {
        let n = Int(PythonMath.log(epoch / Double(t0) * Double(tMult - 1) + 1, base: Double(tMult)))
        let power = integerPower(tMult, n)
        tCur = epoch - Double(t0 * (power - 1)) / Double(tMult - 1)
        tI = t0 * power
      }
    } else {
      tI = t0
      tCur = epoch
    }
    progress.lastEpoch = Int(PythonMath.floor(epoch))
    apply(chainableLR())
  }

  private func integerPower(_ base: Int, _ exponent: Int) -> Int {
    var result = 1
    for _ in 0..<max(exponent, 0) { result *= base }
    return result
  }

  public var hyperparameterState: StateDict {
    [
      "T_0": .int(t0), "T_i": .int(tI), "T_mult": .int(tMult), "eta_min": .double(etaMin),
      "T_cur": tCur == tCur.rounded() && abs(tCur) < 1e15 ? .int(Int(tCur)) : .double(tCur),
    ]
  }

  public func restoreHyperparameters(from state: StateDict) throws(LRSchedulerError) {
    t0 = try restored(state.int("T_0"))
    tI = try restored(state.int("T_i"))
    tMult = try restored(state.int("T_mult"))
    etaMin = try restored(state.double("eta_min"))
    tCur = try restored(state.double("T_cur"))
  }
}
