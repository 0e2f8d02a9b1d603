// Copyright © 2026 the Anneal authors.

/// Multiplies each group's learning rate by `gamma` every `stepSize` epochs
/// (PyTorch: `torch.optim.lr_scheduler.StepLR`).
///
/// Chainable form, as PyTorch computes it by default:
///
/// ```
/// lr(e) = lr(e-1) * gamma   if e > 0 and e % stepSize == 0
/// lr(e) = lr(e-1)           otherwise
/// ```
///
/// and closed form, used by ``EpochLRScheduler/step(epoch:)``:
/// `lr(e) = baseLR * gamma ** (e / stepSize)`. Because the chainable form multiplies the
/// rounded previous value, the two can differ in the last digit — exactly as in PyTorch.
///
/// ```swift
/// // Assuming the optimizer uses lr = 0.05 for all groups
/// // lr = 0.05     if epoch < 30
/// // lr = 0.005    if 30 <= epoch < 60
/// // lr = 0.0005   if 60 <= epoch < 90
/// let scheduler = try StepLR(optimizer, stepSize: 30, gamma: 0.1)
/// ```
public final class StepLR: EpochLRScheduler {
  public let optimizer: any SchedulableOptimizer
  /// The period of the decay, in epochs (PyTorch: `step_size`).
  public private(set) var stepSize: Int
  /// The multiplicative decay factor (PyTorch: `gamma`).
  public private(set) var gamma: Double
  public var progress: LRSchedulerProgress

  /// Creates the scheduler and takes its first step, as PyTorch's constructor does.
  ///
  /// - Parameters:
  ///   - optimizer: The optimizer to drive.
  ///   - stepSize: The period of the decay, in epochs; at least 1.
  ///   - gamma: The multiplicative factor. The default value is `0.1`.
  ///   - lastEpoch: The index of the last epoch when resuming. The default value is `-1`,
  ///     a fresh start.
  /// - Throws: ``LRSchedulerError`` when `stepSize < 1` (PyTorch would divide by zero at the
  ///   first step) or when resuming without `initialLR` in the groups.
  public init(
    _ optimizer: any SchedulableOptimizer, stepSize: Int, gamma: Double = 0.1, lastEpoch: Int = -1
  ) throws(LRSchedulerError) {
    guard stepSize >= 1 else {
      throw .invalidArgument("step_size must be a positive integer, got \(stepSize)")
    }
    self.optimizer = optimizer
    self.stepSize = stepSize
    self.gamma = gamma
    self.progress = try Self.prepare(optimizer, lastEpoch: lastEpoch)
    initialStep()
  }

  public func chainableLR() -> [Double] {
    if lastEpoch == 0 || lastEpoch % stepSize != 0 { return currentLRs }
    return currentLRs.map { $0 * gamma }
  }

  public func closedFormLR() -> [Double]? {
    progress.baseLRs.map { $0 * PythonMath.pow(gamma, Double(PythonMath.floorDivide(lastEpoch, stepSize))) }
  }
}

extension StepLR {
  public var hyperparameterState: StateDict { ["step_size": .int(stepSize), "gamma": .double(gamma)] }

  public func restoreHyperparameters(from state: StateDict) throws(LRSchedulerError) {
    let stepSize = try restored(state.int("step_size"))
    guard stepSize >= 1 else { throw .stateMismatch("step_size \(stepSize) < 1") }
    self.stepSize = stepSize
    gamma = try restored(state.double("gamma"))
  }
}
