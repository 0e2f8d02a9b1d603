// Copyright © 2026 the Anneal authors.

/// Multiplies each group's learning rate by a function of the epoch, every epoch after the
/// first (PyTorch: `torch.optim.lr_scheduler.MultiplicativeLR`).
///
/// `lr(e) = lr(e−1) · λ(e)` for `e > 0`.
///
/// ```swift
/// // lr = 0.05, 0.0475, 0.045125, …
/// let scheduler = try MultiplicativeLR(optimizer) { _ in 0.95 }
/// ```
public final class MultiplicativeLR: EpochLRScheduler {
  public let optimizer: any SchedulableOptimizer
  /// One function per group (PyTorch: `lr_lambdas`).
  public let lrLambdas: [(Int) -> Double]
  public var progress: LRSchedulerProgress

  /// Creates the scheduler with one function for every group, and takes its first step.
  public convenience init(
    _ optimizer: any SchedulableOptimizer, lastEpoch: Int = -1, lrLambda: @escaping (Int) -> Double
  ) throws(LRSchedulerError) {
    try self.init(
      optimizer, lrLambdas: Array(repeating: lrLambda, count: optimizer.schedulableGroups.count),
      lastEpoch: lastEpoch)
  }

  /// Creates the scheduler with one function per group, and takes its first step.
  public init(
    _ optimizer: any SchedulableOptimizer, lrLambdas: [(Int) -> Double], lastEpoch: Int = -1
  ) throws(LRSchedulerError) {
    self.optimizer = optimizer
    self.lrLambdas = try Self.checkedLambdas(lrLambdas, for: optimizer)
    self.progress = try Self.prepare(optimizer, lastEpoch: lastEpoch)
    initialStep()
  }

  public func chainableLR() -> [Double] {
    if progress.isInitial { return currentLRs }
    return zip(lrLambdas, currentLRs).map { lambda, lr in lr * lambda(lastEpoch) }
  }

  public var hyperparameterState: StateDict { Self.lambdaState(lrLambdas) }

  public func restoreHyperparameters(from state: StateDict) throws(LRSchedulerError) {}
}
