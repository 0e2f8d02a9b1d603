// Copyright © 2026 the Anneal authors.

/// Changes each group's learning rate linearly from `startFactor` to `endFactor` times its
/// base value over `totalIters` epochs — the usual warmup
/// (PyTorch: `torch.optim.lr_scheduler.LinearLR`).
///
/// Chainable form: `lr(e) = lr(e-1) · (1 + (end − start) / (T·start + (e − 1)·(end − start)))`
/// for `0 < e <= T`; closed form: `base · (start + (end − start) · min(T, e) / T)`.
///
/// ```swift
/// // lr = 0.025, 0.03125, 0.0375, 0.04375, then 0.05 from epoch 4 on   (base lr 0.05)
/// let scheduler = try LinearLR(optimizer, startFactor: 0.5, totalIters: 4)
/// ```
public final class LinearLR: EpochLRScheduler {
  public let optimizer: any SchedulableOptimizer
  /// The factor at epoch 0 (PyTorch: `start_factor`). The default is `1/3`.
  public private(set) var startFactor: Double
  /// The factor from epoch ``totalIters`` on (PyTorch: `end_factor`). The default is `1`.
  public private(set) var endFactor: Double
  /// The length of the ramp (PyTorch: `total_iters`). The default is `5`.
  public private(set) var totalIters: Int
  public var progress: LRSchedulerProgress

  /// Creates the scheduler and takes its first step.
  ///
  /// - Throws: ``LRSchedulerError/invalidArgument(_:)`` unless `0 < startFactor <= 1` and
  ///   `0 <= endFactor <= 1`.
  public init(
    _ optimizer: any SchedulableOptimizer, startFactor: Double = 1.0 / 3, endFactor: Double = 1.0,
    totalIters: Int = 5, lastEpoch: Int = -1
  ) throws(LRSchedulerError) {
    guard startFactor <= 1.0 && startFactor > 0 else {
      throw .invalidArgument(
        "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.")
    }
    guard endFactor <= 1.0 && endFactor >= 0 else {
      throw .invalidArgument("Ending multiplicative factor expected to be between 0 and 1.")
    }
    self.optimizer = optimizer
    self.startFactor = startFactor
    self.endFactor = endFactor
    self.totalIters = totalIters
    self.progress = try Self.prepare(optimizer, lastEpoch: lastEpoch)
    initialStep()
  }

  public func chainableLR() -> [Double] {
    if lastEpoch == 0 { return currentLRs.map { $0 * startFactor } }
    if progress.isInitial || lastEpoch > totalIters { return currentLRs }
    let change = endFactor - startFactor
    let factor = 1.0 + change / (Double(totalIters) * startFactor + Double(lastEpoch - 1) * change)
    return currentLRs.map { $0 * factor }
  }

  public func closedFormLR() -> [Double]? {
    progress.baseLRs.map {
      $0 * (startFactor + (endFactor - startFactor) * Double(min(totalIters, lastEpoch)) / Double(totalIters))
    }
  }

  public var hyperparameterState: StateDict {
    ["start_factor": .double(startFactor), "end_factor": .double(endFactor), "total_iters": .int(totalIters)]
  }

  public func restoreHyperparameters(from state: StateDict) throws(LRSchedulerError) {
    startFactor = try restored(state.double("start_factor"))
    endFactor = try restored(state.double("end_factor"))
    totalIters = try restored(state.int("total_iters"))
  }
}
