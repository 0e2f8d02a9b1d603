// Copyright © 2026 the Anneal authors.

/// Sets each group's learning rate to its base value times a function of the epoch
/// (PyTorch: `torch.optim.lr_scheduler.LambdaLR`).
///
/// `lr(e) = base · λ(e)` — not recursive, so it overrides rather than composes when chained.
///
/// ```swift
/// // lr = 0.05 · 0.95^epoch
/// let scheduler = try LambdaLR(optimizer) { epoch in pow(0.95, Double(epoch)) }
/// ```
public final class LambdaLR: EpochLRScheduler {
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
  public init(
    _ optimizer: any SchedulableOptimizer, lrLambdas: [(Int) -> Double], lastEpoch: Int = -1
  ) throws(LRSchedulerError) {
    self.optimizer = optimizer
    self.lrLambdas = try Self.checkedLambdas(lrLambdas, for: optimizer)
    self.progress = try Self.prepare(optimizer, lastEpoch: lastEpoch)
    initialStep()
  }

  public func chainableLR() -> [Double] {
    zip(lrLambdas, progress.baseLRs).map { lambda, base in base * lambda(lastEpoch) }
  }

  public var hyperparameterState: StateDict { Self.lambdaState(lrLambdas) }

  public func restoreHyperparameters(from state: StateDict) throws(LRSchedulerError) {}
}
