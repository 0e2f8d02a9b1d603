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
  ///
  /// - Throws: ``LRSchedulerError/invalidArgument(_:)`` if the count differs from the
  ///   optimizer's group count.
  public convenience init(
    _ optimizer: any SchedulableOptimizer, lrLambdas: [(Int) -> Double], lastEpoch: Int = -1
  ) throws(LRSchedulerError) {
    try self.init(optimizer, lrLambdas: lrLambdas, checks: nil, lastEpoch: lastEpoch)
  }

  /// Creates the scheduler with one function per group that can fail, as a Python
  /// `lr_lambda` can raise; ``nextStepError`` reports the failure of the next step's
  /// evaluation, so that ``LRScheduler/step(reporting:)`` throws it (a plain ``step()`` then
  /// sets NaN).
  ///
  /// - Throws: the error of the group count, as the other initialiser.
  public convenience init(
    _ optimizer: any SchedulableOptimizer, throwingLRLambdas: [(Int) throws(LRSchedulerError) -> Double],
    lastEpoch: Int = -1
  ) throws(LRSchedulerError) {
    try self.init(
      optimizer, lrLambdas: Self.nanOnFailure(throwingLRLambdas), checks: throwingLRLambdas, lastEpoch: lastEpoch)
  }

  private init(
    _ optimizer: any SchedulableOptimizer, lrLambdas: [(Int) -> Double],
    checks: [(Int) throws(LRSchedulerError) -> Double]?, lastEpoch: Int
  ) throws(LRSchedulerError) {
    self.optimizer = optimizer
    self.lrLambdas = try Self.checkedLambdas(lrLambdas, for: optimizer)
    self.checks = checks
    self.progress = try Self.prepare(optimizer, lastEpoch: lastEpoch)
    initialStep()
  }

  private let checks: [(Int) throws(LRSchedulerError) -> Double]?

  /// A function's failure at the next epoch, for functions that can fail.
  public var nextStepError: LRSchedulerError? { Self.firstFailure(of: checks, at: lastEpoch + 1) }

  public func chainableLR() -> [Double] {
    if progress.isInitial { return currentLRs }
    return zip(lrLambdas, currentLRs).map { lambda, lr in lr * lambda(lastEpoch) }
  }

  public var hyperparameterState: StateDict { Self.lambdaState(lrLambdas) }

  public func restoreHyperparameters(from state: StateDict) throws(LRSchedulerError) {}
}
