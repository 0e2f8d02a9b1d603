// Copyright © 2026 the Anneal authors.

/// Multiplies each group's learning rate by `gamma` at every milestone epoch
/// (PyTorch: `torch.optim.lr_scheduler.MultiStepLR`).
///
/// A milestone listed `k` times multiplies by `gamma ** k` there, as PyTorch's `Counter` does.
///
/// ```swift
/// // lr = 0.05 if epoch < 30; 0.005 if 30 <= epoch < 80; 0.0005 if epoch >= 80
/// let scheduler = try MultiStepLR(optimizer, milestones: [30, 80], gamma: 0.1)
/// ```
public final class MultiStepLR: EpochLRScheduler {
  public let optimizer: any SchedulableOptimizer
  /// The epochs at which to decay, with repetitions (PyTorch: `milestones`).
  public private(set) var milestones: [Int]
  /// The multiplicative factor (PyTorch: `gamma`). The default value is `0.1`.
  public private(set) var gamma: Double
  public var progress: LRSchedulerProgress

  /// Creates the scheduler and takes its first step.
  public init(
    _ optimizer: any SchedulableOptimizer, milestones: [Int], gamma: Double = 0.1, lastEpoch: Int = -1
  ) throws(LRSchedulerError) {
    self.optimizer = optimizer
    self.milestones = milestones.sorted()
    self.gamma = gamma
    self.progress = try Self.prepare(optimizer, lastEpoch: lastEpoch)
    initialStep()
  }

  public func chainableLR() -> [Double] {
    let count = milestones.count { $0 == lastEpoch }
    guard count > 0 else { return currentLRs }
    return currentLRs.map { $0 * PythonMath.pow(gamma, Double(count)) }
  }

  public func closedFormLR() -> [Double]? {
    let passed = PythonMath.bisectRight(milestones, lastEpoch)
    return progress.baseLRs.map { $0 * PythonMath.pow(gamma, Double(passed)) }
  }

  public var hyperparameterState: StateDict {
    // PyTorch saves a Counter, i.e. {milestone: count}.
    var counts: [String: StateValue] = [:]
    for milestone in milestones { counts[String(milestone)] = .int((counts[String(milestone)]?.intValue ?? 0) + 1) }
    return ["milestones": .object(counts), "gamma": .double(gamma)]
  }

  public func restoreHyperparameters(from state: StateDict) throws(LRSchedulerError) {
    guard case .object(let counts) = state["milestones"] else { throw .stateMismatch("'milestones' is not a mapping") }
    var restoredMilestones: [Int] = []
    for (key, value) in counts {
      guard let milestone = Int(key), let count = value.intValue, count >= 0 else {
        throw .stateMismatch("'milestones' has a bad entry \(key)")
      }
      restoredMilestones += Array(repeating: milestone, count: count)
    }
    milestones = restoredMilestones.sorted()
    gamma = try restored(state.double("gamma"))
  }
}
