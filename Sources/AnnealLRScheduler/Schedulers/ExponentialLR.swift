// Copyright © 2026 the Anneal authors.

/// Multiplies each group's learning rate by `gamma` every epoch
/// (PyTorch: `torch.optim.lr_scheduler.ExponentialLR`).
///
/// ```swift
/// // lr = 0.1, 0.09000000000000001, 0.08100000000000002, …   (recursive, as in PyTorch)
/// let scheduler = try ExponentialLR(optimizer, gamma: 0.9)
/// ```
public final class ExponentialLR: EpochLRScheduler {
  public let optimizer: any SchedulableOptimizer
  /// The multiplicative factor per epoch (PyTorch: `gamma`; required).
  public private(set) var gamma: Double
  public var progress: LRSchedulerProgress

  /// Creates the scheduler and takes its first step.
  public init(_ optimizer: any SchedulableOptimizer, gamma: Double, lastEpoch: Int = -1) throws(LRSchedulerError) {
    self.optimizer = optimizer
    self.gamma = gamma
    self.progress = try Self.prepare(optimizer, lastEpoch: lastEpoch)
    initialStep()
  }

  public func chainableLR() -> [Double] {
    progress.isInitial ? currentLRs : currentLRs.map { $0 * gamma }
  }

  public func closedFormLR() -> [Double]? {
    progress.baseLRs.map { $0 * PythonMath.pow(gamma, Double(lastEpoch)) }
  }

  public var hyperparameterState: StateDict { ["gamma": .double(gamma)] }

  public func restoreHyperparameters(from state: StateDict) throws(LRSchedulerError) {
    gamma = try restored(state.double("gamma"))
  }
}
