// Copyright © 2026 the Anneal authors.

/// Anneals each group's learning rate to a fixed `swaLR` over `annealEpochs` epochs, for
/// stochastic weight averaging (PyTorch: `torch.optim.swa_utils.SWALR`).
///
/// Recursive, so it continues from whatever learning rate another scheduler left:
///
/// ```
/// α(t) = (1 − cos(π·t))/2  (cos)  or  t  (linear),   t = clamp(step / annealEpochs, 0, 1)
/// lr   = swaLR·α(t) + lr₀·(1 − α(t))
/// ```
///
/// where `lr₀` is recovered from the current rate and the previous `α`.
///
/// ```swift
/// let swa = try SWALR(optimizer, swaLR: 0.05, annealEpochs: 5, annealStrategy: .linear)
/// ```
public final class SWALR: EpochLRScheduler {
  /// The annealing curve (PyTorch: `anneal_strategy`).
  public enum AnnealStrategy: String, Sendable, CaseIterable {
    case cos, linear
  }

  public let optimizer: any SchedulableOptimizer
  /// Epochs to reach `swaLR` (PyTorch: `anneal_epochs`). The default is `10`.
  public private(set) var annealEpochs: Int
  /// The default is ``AnnealStrategy/cos``.
  public private(set) var annealStrategy: AnnealStrategy
  public var progress: LRSchedulerProgress

  /// Creates the scheduler, records `swa_lr` in each group and takes its first step.
  ///
  /// - Throws: ``LRSchedulerError/invalidArgument(_:)`` for a negative `annealEpochs` or a
  ///   per-group list of the wrong length.
  public init(
    _ optimizer: any SchedulableOptimizer, swaLR: GroupValues, annealEpochs: Int = 10,
    annealStrategy: AnnealStrategy = .cos, lastEpoch: Int = -1
  ) throws(LRSchedulerError) {
    var groups = optimizer.schedulableGroups
    let swaLRs = try swaLR.values(name: "swa_lr", groups: groups.count)
    for index in groups.indices { groups[index].extras["swa_lr"] = swaLRs[index] }
    guard annealEpochs >= 0 else {
      throw .invalidArgument("anneal_epochs must be equal or greater than 0, got \(annealEpochs)")
    }
    optimizer.schedulableGroups = groups
    self.optimizer = optimizer
    self.annealEpochs = annealEpochs
    self.annealStrategy = annealStrategy
    self.progress = try Self.prepare(optimizer, lastEpoch: lastEpoch)
    initialStep()
  }

  private func alpha(_ t: Double) -> Double {
    switch annealStrategy {
    case .cos: (1 - PythonMath.cos(PythonMath.pi * t)) / 2
    case .linear: t
    }
  }

  private static func clamp(_ x: Double) -> Double { max(0, min(1, x)) }

  public func chainableLR() -> [Double] {
    var step = progress.stepCount - 1
    if annealEpochs == 0 { step = max(1, step) }
    let span = Double(max(1, annealEpochs))
    let previousAlpha = alpha(Self.clamp(Double(step - 1) / span))
    let currentAlpha = alpha(Self.clamp(Double(step) / span))
    return optimizer.schedulableGroups.map { group in
      let swaLR = group.extras["swa_lr"] ?? group.lr
      let start = previousAlpha == 1 ? swaLR : (group.lr - previousAlpha * swaLR) / (1 - previousAlpha)
      return swaLR * currentAlpha + start * (1 - currentAlpha)
    }
  }

  public var hyperparameterState: StateDict {
    ["anneal_epochs": .int(annealEpochs), "_anneal_strategy": .string(annealStrategy.rawValue)]
  }

  public func restoreHyperparameters(from state: StateDict) throws(LRSchedulerError) {
    guard let strategy = AnnealStrategy(rawValue: try restored(state.string("_anneal_strategy"))) else {
      throw .stateMismatch("unknown _anneal_strategy")
    }
    annealEpochs = try restored(state.int("anneal_epochs"))
    annealStrategy = strategy
  }
}
