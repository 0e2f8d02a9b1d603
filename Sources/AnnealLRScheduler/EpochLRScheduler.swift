// Copyright © 2026 the Anneal authors.

/// A scheduler built on PyTorch's base-class mechanics: `initial_lr` is recorded in each
/// group, the constructor takes the first step (epoch 0), and each ``LRScheduler/step()``
/// advances ``LRSchedulerProgress/lastEpoch`` and writes ``chainableLR()`` into the groups.
///
/// Conforming types supply the schedule's formula and their hyperparameters' state; the
/// mechanics come from this protocol's extension, so every scheduler behaves identically
/// around them.
public protocol EpochLRScheduler: LRScheduler {
  /// The shared scheduler state.
  var progress: LRSchedulerProgress { get set }

  /// The learning rates for the epoch just entered, computed from the groups' current
  /// learning rates where PyTorch's schedule is recursive, so that schedulers compose when
  /// chained (PyTorch: `get_lr()`). Called only while stepping.
  func chainableLR() -> [Double]

  /// The learning rates at ``LRSchedulerProgress/lastEpoch`` computed from the base rates
  /// alone, or `nil` when the schedule has no closed form (PyTorch: `_get_closed_form_lr()`).
  func closedFormLR() -> [Double]?

  /// The scheduler's own entries of the state, under PyTorch's keys.
  var hyperparameterState: StateDict { get }

  /// Restores the entries of ``hyperparameterState``.
  func restoreHyperparameters(from state: StateDict) throws(LRSchedulerError)
}

extension EpochLRScheduler {
  public var lastEpoch: Int { progress.lastEpoch }
  public var lastLR: [Double] { progress.lastLR }

  public func closedFormLR() -> [Double]? { nil }

  /// The groups' current learning rates, the input of a chainable formula.
  public var currentLRs: [Double] { optimizer.learningRates }

  public func step() {
    progress.stepCount += 1
    updateLR(epoch: nil)
  }

  /// Jumps to `epoch` and sets the closed-form learning rates where the schedule has them
  /// (PyTorch: the deprecated `step(epoch)`).
  public func step(epoch: Int) {
    progress.stepCount += 1
    updateLR(epoch: epoch)
  }

  public func updateLR(epoch: Int?) {
    let values: [Double]
    if let epoch {
      progress.lastEpoch = epoch
      values = closedFormLR() ?? chainableLR()
    } else {
      progress.lastEpoch += 1
      values = chainableLR()
    }
    apply(values)
  }

  public func initialStep() {
    progress.stepCount = 0
    progress.isInitial = true
    step()
    progress.isInitial = false
  }

  public func undoEpoch() { progress.lastEpoch -= 1 }

  public func stateDict() -> StateDict {
    progress.stateDict.merging(hyperparameterState) { _, own in own }
  }

  public func loadStateDict(_ state: StateDict) throws(LRSchedulerError) {
    let restored = try LRSchedulerProgress(state)
    let groups = optimizer.schedulableGroups.count
    guard restored.baseLRs.count == groups, restored.lastLR.count == groups else {
      throw .stateMismatch("the state has \(restored.baseLRs.count) base_lrs for \(groups) param groups")
    }
    try restoreHyperparameters(from: state)
    progress = restored
  }

  /// Records `initial_lr` in the groups and returns the starting state, as PyTorch's base
  /// constructor does.
  ///
  /// - Throws: ``LRSchedulerError/missingInitialLR(group:)`` when resuming
  ///   (`lastEpoch >= 0`) and a group has no initial learning rate.
  public static func prepare(
    _ optimizer: any SchedulableOptimizer, lastEpoch: Int
  ) throws(LRSchedulerError) -> LRSchedulerProgress {
    guard lastEpoch >= -1 else { throw .invalidArgument("last_epoch must be >= -1, got \(lastEpoch)") }
    var groups = optimizer.schedulableGroups
    guard !groups.isEmpty else { throw .invalidArgument("the optimizer has no param groups") }
    for index in groups.indices {
      if lastEpoch == -1 {
        if groups[index].initialLR == nil { groups[index].initialLR = groups[index].lr }
      } else if groups[index].initialLR == nil {
        throw .missingInitialLR(group: index)
      }
    }
    optimizer.schedulableGroups = groups
    let baseLRs = groups.map { $0.initialLR ?? $0.lr }
    return LRSchedulerProgress(baseLRs: baseLRs, lastEpoch: lastEpoch, stepCount: 0, lastLR: [], isInitial: false)
  }

  /// The starting state of a schedule that is a function of the step, as timm's and Keras's
  /// are: construction sets step 0's rates without taking a step, so `lastEpoch` is 0 and one
  /// step is counted.
  public static func prepareAtStepZero(
    _ optimizer: any SchedulableOptimizer
  ) throws(LRSchedulerError) -> LRSchedulerProgress {
    var progress = try prepare(optimizer, lastEpoch: -1)
    progress.lastEpoch = 0
    progress.stepCount = 1
    return progress
  }

  /// Checks that there is one function per param group (PyTorch's `ValueError` of LambdaLR
  /// and MultiplicativeLR).
  public static func checkedLambdas(
    _ lambdas: [(Int) -> Double], for optimizer: any SchedulableOptimizer
  ) throws(LRSchedulerError) -> [(Int) -> Double] {
    let groups = optimizer.schedulableGroups.count
    guard lambdas.count == groups else {
      throw .invalidArgument("Expected \(groups) lr_lambdas, but got \(lambdas.count)")
    }
    return lambdas
  }

  /// Functions that can fail made total for ``chainableLR()``: NaN where one fails (the
  /// failure itself is reported by ``firstFailure(of:at:)`` through `nextStepError`).
  public static func nanOnFailure(_ lambdas: [(Int) throws(LRSchedulerError) -> Double]) -> [(Int) -> Double] {
    lambdas.map { lambda in { (try? lambda($0)) ?? .nan } }
  }

  /// The first error of `lambdas` at `epoch`, if any.
  public static func firstFailure(
    of lambdas: [(Int) throws(LRSchedulerError) -> Double]?, at epoch: Int
  ) -> LRSchedulerError? {
    for lambda in lambdas ?? [] {
      do {
        _ = try lambda(epoch)
      } catch {
        return error
      }
    }
    return nil
  }

  /// Functions cannot be saved; like PyTorch for plain functions, their entries are `null`.
  public static func lambdaState(_ lambdas: [(Int) -> Double]) -> StateDict {
    ["lr_lambdas": .array(lambdas.map { _ in .null })]
  }

  /// Writes `values` into the groups and records them as `lastLR`.
  public func apply(_ values: [Double]) {
    optimizer.setLearningRates(values)
    progress.lastLR = values
  }
}
