// Copyright © 2026 the Anneal authors.

/// A scheduler built on PyTorch's base-class mechanics: `initial_lr` is recorded in each
/// group, the constructor takes the first step (epoch 0), and each ``LRScheduler/step()``
/// advances ``LRSchedulerProgress/lastEpoch`` and writes ``chainableLR()`` into the groups.
///
/// Conforming types supply the schedule's formula; the mechanics come from this protocol's
/// extension, so every scheduler behaves identically around them.
public protocol EpochLRScheduler: LRScheduler {
  /// The shared scheduler state.
  var progress: LRSchedulerProgress { get set }

  /// The learning rates for the epoch just entered, computed from the groups' current
  /// learning rates, so that schedulers compose when chained (PyTorch: `get_lr()`). Called
  /// only while stepping.
  func chainableLR() -> [Double]

  /// The learning rates at ``LRSchedulerProgress/lastEpoch`` computed from the base rates
  /// alone, or `nil` when the schedule has no closed form (PyTorch: `_get_closed_form_lr()`).
  func closedFormLR() -> [Double]?
}

extension EpochLRScheduler {
  public var lastEpoch: Int { progress.lastEpoch }
  public var lastLR: [Double] { progress.lastLR }

  public func closedFormLR() -> [Double]? { nil }

  /// The groups' current learning rates, the input of a chainable formula.
  public var currentLRs: [Double] { optimizer.schedulableGroups.map(\.lr) }

  public func step() {
    progress.stepCount += 1
    progress.lastEpoch += 1
    apply(chainableLR())
  }

  /// Jumps to `epoch` and sets the closed-form learning rates where the schedule has them
  /// (PyTorch: the deprecated `step(epoch)`).
  public func step(epoch: Int) {
    progress.stepCount += 1
    progress.lastEpoch = epoch
    apply(closedFormLR() ?? chainableLR())
  }

  /// Records `initial_lr` in the groups and returns the base learning rates, as PyTorch's
  /// base constructor does.
  ///
  /// - Throws: ``LRSchedulerError/missingInitialLR(group:)`` when resuming
  ///   (`lastEpoch >= 0`) and a group has no initial learning rate.
  public static func prepare(
    _ optimizer: any SchedulableOptimizer, lastEpoch: Int
  ) throws(LRSchedulerError) -> LRSchedulerProgress {
    guard lastEpoch >= -1 else { throw .invalidArgument("last_epoch must be >= -1, got \(lastEpoch)") }
    var groups = optimizer.schedulableGroups
    for index in groups.indices {
      if lastEpoch == -1 {
        if groups[index].initialLR == nil { groups[index].initialLR = groups[index].lr }
      } else if groups[index].initialLR == nil {
        throw .missingInitialLR(group: index)
      }
    }
    optimizer.schedulableGroups = groups
    let baseLRs = groups.map { $0.initialLR ?? $0.lr }
    return LRSchedulerProgress(
      baseLRs: baseLRs, lastEpoch: lastEpoch, stepCount: 0, lastLR: [], isInitial: false)
  }

  /// Takes the step at construction (PyTorch: `_initial_step()`).
  public func initialStep() {
    progress.stepCount = 0
    progress.isInitial = true
    step()
    progress.isInitial = false
  }

  private func apply(_ values: [Double]) {
    var groups = optimizer.schedulableGroups
    precondition(values.count == groups.count, "Scheduler produced \(values.count) rates for \(groups.count) groups")
    for index in groups.indices { groups[index].lr = values[index] }
    optimizer.schedulableGroups = groups
    progress.lastLR = values
  }
}
