// Copyright © 2026 the Anneal authors.

/// Multiplies each group's learning rate by a constant `factor` until epoch `totalIters`
/// (PyTorch: `torch.optim.lr_scheduler.ConstantLR`).
///
/// ```swift
/// // lr = 0.025 if epoch < 4; 0.05 if epoch >= 4   (base lr 0.05)
/// let scheduler = try ConstantLR(optimizer, factor: 0.5, totalIters: 4)
/// ```
public final class ConstantLR: EpochLRScheduler {
  public let optimizer: any SchedulableOptimizer
  /// The factor applied until ``totalIters`` (PyTorch: `factor`). The default is `1/3`.
  public private(set) var factor: Double
  /// The epoch at which the factor is removed (PyTorch: `total_iters`). The default is `5`.
  public private(set) var totalIters: Int
  public var progress: LRSchedulerProgress

  /// Creates the scheduler and takes its first step.
  ///
  /// - Throws: ``LRSchedulerError/invalidArgument(_:)`` unless `0 <= factor <= 1`.
  public init(
    _ optimizer: any SchedulableOptimizer, factor: Double = 1.0 / 3, totalIters: Int = 5, lastEpoch: Int = -1
  ) throws(LRSchedulerError) {
    guard factor <= 1.0 && factor >= 0 else {
      throw .invalidArgument("Constant multiplicative factor expected to be between 0 and 1.")
    }
    self.optimizer = optimizer
    self.factor = factor
    self.totalIters = totalIters
    self.progress = try Self.prepare(optimizer, lastEpoch: lastEpoch)
    initialStep()
  }

  public func chainableLR() -> [Double] {
    if lastEpoch == 0 { return currentLRs.map { $0 * factor } }
    if lastEpoch != totalIters { return currentLRs }
    return currentLRs.map { $0 * (1.0 / factor) }
  }

  public func closedFormLR() -> [Double]? {
    let reached = lastEpoch >= totalIters ? 1.0 : 0.0
    return progress.baseLRs.map { $0 * (factor + reached * (1 - factor)) }
  }

  public var hyperparameterState: StateDict { ["factor": .double(factor), "total_iters": .int(totalIters)] }

  public func restoreHyperparameters(from state: StateDict) throws(LRSchedulerError) {
    factor = try restored(state.double("factor"))
    totalIters = try restored(state.int("total_iters"))
  }
}
