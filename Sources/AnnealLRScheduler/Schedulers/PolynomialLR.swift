// Copyright © 2026 the Anneal authors.

/// Decays each group's learning rate polynomially to zero over `totalIters` epochs
/// (PyTorch: `torch.optim.lr_scheduler.PolynomialLR`).
///
/// Closed form: `base · (1 − min(T, e) / T) ** power`; the chainable form multiplies by the
/// ratio of consecutive factors.
///
/// ```swift
/// // lr = 0.1, 0.08000000000000002, 0.060000000000000005, 0.04000000000000001, 0.02, 0.0
/// let scheduler = try PolynomialLR(optimizer, totalIters: 5, power: 1)
/// ```
public final class PolynomialLR: EpochLRScheduler {
  public let optimizer: any SchedulableOptimizer
  /// The epochs until the rate reaches zero (PyTorch: `total_iters`). The default is `5`.
  public private(set) var totalIters: Int
  /// The polynomial's power (PyTorch: `power`). The default is `1`.
  public private(set) var power: Double
  public var progress: LRSchedulerProgress

  /// Creates the scheduler and takes its first step.
  ///
  /// - Throws: ``LRSchedulerError/invalidArgument(_:)`` when `totalIters < 1` (PyTorch would
  ///   divide by zero at the first step).
  public init(
    _ optimizer: any SchedulableOptimizer, totalIters: Int = 5, power: Double = 1.0, lastEpoch: Int = -1
  ) throws(LRSchedulerError) {
    guard totalIters >= 1 else { throw .invalidArgument("total_iters must be a positive integer, got \(totalIters)") }
    self.optimizer = optimizer
    self.totalIters = totalIters
    self.power = power
    self.progress = try Self.prepare(optimizer, lastEpoch: lastEpoch)
    initialStep()
  }

  public func chainableLR() -> [Double] {
    if progress.isInitial || lastEpoch > totalIters { return currentLRs }
    let t = Double(totalIters)
    let decay = PythonMath.pow((1.0 - Double(lastEpoch) / t) / (1.0 - Double(lastEpoch - 1) / t), power)
    return currentLRs.map { $0 * decay }
  }

  public func closedFormLR() -> [Double]? {
    progress.baseLRs.map {
      $0 * PythonMath.pow(1.0 - Double(min(totalIters, lastEpoch)) / Double(totalIters), power)
    }
  }

  public var hyperparameterState: StateDict { ["total_iters": .int(totalIters), "power": .double(power)] }

  public func restoreHyperparameters(from state: StateDict) throws(LRSchedulerError) {
    totalIters = try restored(state.int("total_iters"))
    power = try restored(state.double("power"))
  }
}
