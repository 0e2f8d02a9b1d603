// Copyright © 2026 the Anneal authors.

/// Anneals each group's learning rate along a cosine from its base value to `etaMin` over
/// `tMax` epochs (PyTorch: `torch.optim.lr_scheduler.CosineAnnealingLR`).
///
/// The default form is PyTorch's recursive one,
///
/// ```
/// lr(e) = (1 + cos(π·e/T)) / (1 + cos(π·(e−1)/T)) · (lr(e−1) − ηmin) + ηmin
/// ```
///
/// with PyTorch's special case at the trough (`(e − 1 − T) % 2T == 0`, which avoids 0/0) and
/// its closed form when resuming. Past `tMax` the curve is not clamped: it rises again and
/// returns to the base rate at `2·tMax`, a cosine of period `2·tMax`, as in PyTorch. The closed
/// form, used by ``EpochLRScheduler/step(epoch:)``, is
/// `ηmin + (base − ηmin)·(1 + cos(π·e/T))/2`; the two differ in the last digits.
///
/// ```swift
/// // lr = 0.1, 0.09755282581475769, 0.09045084971874738, … 0.0 at epoch 10
/// let scheduler = try CosineAnnealingLR(optimizer, tMax: 10)
/// ```
public final class CosineAnnealingLR: EpochLRScheduler {
  public let optimizer: any SchedulableOptimizer
  /// The half period, in epochs (PyTorch: `T_max`).
  public private(set) var tMax: Double
  /// The minimum learning rate (PyTorch: `eta_min`). The default is `0`.
  public private(set) var etaMin: Double
  public var progress: LRSchedulerProgress

  /// Creates the scheduler and takes its first step.
  ///
  /// - Throws: ``LRSchedulerError/invalidArgument(_:)`` unless `tMax > 0` (PyTorch would
  ///   divide by zero at the first step).
  public init(
    _ optimizer: any SchedulableOptimizer, tMax: Double, etaMin: Double = 0.0, lastEpoch: Int = -1
  ) throws(LRSchedulerError) {
    guard tMax > 0 else { throw .invalidArgument("T_max must be positive, got \(PythonRepr.repr(tMax))") }
    self.optimizer = optimizer
    self.tMax = tMax
    self.etaMin = etaMin
    self.progress = try Self.prepare(optimizer, lastEpoch: lastEpoch)
    initialStep()
  }

  public func chainableLR() -> [Double] {
    let e = Double(lastEpoch)
    let pi = PythonMath.pi
    if progress.isInitial { return currentLRs }
    if progress.stepCount == 1 && lastEpoch > 0 {
      return progress.baseLRs.map { etaMin + ($0 - etaMin) * (1 + PythonMath.cos(e * pi / tMax)) / 2 }
    }
    if PythonMath.mod(e - 1 - tMax, 2 * tMax) == 0 {
      return zip(progress.baseLRs, currentLRs).map { base, lr in
        lr + (base - etaMin) * (1 - PythonMath.cos(pi / tMax)) / 2
      }
    }
    let ratio = (1 + PythonMath.cos(pi * e / tMax)) / (1 + PythonMath.cos(pi * (e - 1) / tMax))
    return currentLRs.map { ratio * ($0 - etaMin) + etaMin }
  }

  public func closedFormLR() -> [Double]? {
    let e = Double(lastEpoch)
    return progress.baseLRs.map { etaMin + ($0 - etaMin) * (1 + PythonMath.cos(PythonMath.pi * e / tMax)) / 2 }
  }

  public var hyperparameterState: StateDict { ["T_max": .double(tMax), "eta_min": .double(etaMin)] }

  public func restoreHyperparameters(from state: StateDict) throws(LRSchedulerError) {
    tMax = try restored(state.double("T_max"))
    etaMin = try restored(state.double("eta_min"))
  }
}
