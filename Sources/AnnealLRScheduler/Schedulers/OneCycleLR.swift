// Copyright © 2026 the Anneal authors.

/// The 1cycle policy: the learning rate rises from `maxLR / divFactor` to `maxLR`, then
/// anneals to `maxLR / divFactor / finalDivFactor`, while momentum moves inversely; stepped
/// once per batch (PyTorch: `torch.optim.lr_scheduler.OneCycleLR`; Smith & Topin,
/// "Super-Convergence", 2018).
///
/// Two phases by default (as fastai does); `threePhase` adds a symmetric descent back to the
/// initial rate before the final annihilation (the paper's schedule). Phases end at
/// `pctStart·T − 1`, (`2·pctStart·T − 2`,) and `T − 1`, and within a phase
/// `cos: end + (start − end)/2 · (cos(π·pct) + 1)` or `linear: (end − start)·pct + start`.
///
/// Like PyTorch, stepping past `totalSteps` is an error: check ``nextStepError`` first or
/// size the schedule to the loop.
///
/// ```swift
/// // lr = 0.0040000000000000036, 0.052000000000000005, 0.1, 0.09504846320134738, …, 4e-07
/// let scheduler = try OneCycleLR(optimizer, maxLR: 0.1, totalSteps: 10)
/// ```
public final class OneCycleLR: EpochLRScheduler {
  /// The interpolation within a phase (PyTorch: `anneal_strategy`).
  public enum AnnealStrategy: String, Sendable, CaseIterable {
    case cos, linear
  }

  struct Phase: Equatable {
    var endStep: Double
    var startLR: String
    var endLR: String
    var startMomentum: String
    var endMomentum: String
  }

  public let optimizer: any SchedulableOptimizer
  /// The number of steps in the cycle (PyTorch: `total_steps`).
  public private(set) var totalSteps: Int
  /// The interpolation (PyTorch: `anneal_strategy`). The default is ``AnnealStrategy/cos``.
  public private(set) var annealStrategy: AnnealStrategy
  /// Whether momentum cycles inversely to the learning rate (PyTorch: `cycle_momentum`).
  public private(set) var cycleMomentum: Bool
  private(set) var phases: [Phase]
  public var progress: LRSchedulerProgress

  /// Creates the scheduler; a fresh one sets each group's `initialLR`, `max_lr`, `min_lr`
  /// (and momentum to `maxMomentum`) and takes its first step.
  ///
  /// - Parameters:
  ///   - maxLR: The peak learning rate, for every group or per group.
  ///   - totalSteps: The cycle's length; or give `epochs` and `stepsPerEpoch`.
  ///   - pctStart: The share of the cycle spent rising. The default is `0.3`.
  ///   - annealStrategy: The default is ``AnnealStrategy/cos``.
  ///   - cycleMomentum: The default is `true`.
  ///   - baseMomentum: The default is `0.85`.
  ///   - maxMomentum: The default is `0.95`.
  ///   - divFactor: `initialLR = maxLR / divFactor`. The default is `25`.
  ///   - finalDivFactor: `minLR = initialLR / finalDivFactor`. The default is `1e4`.
  ///   - threePhase: The default is `false`.
  ///   - optimizer: The optimizer whose groups it drives.
  ///   - epochs: With `stepsPerEpoch`, the cycle's length as `epochs × stepsPerEpoch`.
  ///   - stepsPerEpoch: See `epochs`.
  ///   - lastEpoch: The index of the last step, `-1` for a new schedule, as in PyTorch.
  /// - Throws: ``LRSchedulerError/invalidArgument(_:)`` with PyTorch's messages.
  public init(
    _ optimizer: any SchedulableOptimizer, maxLR: GroupValues, totalSteps: Int? = nil, epochs: Int? = nil,
    stepsPerEpoch: Int? = nil, pctStart: Double = 0.3, annealStrategy: AnnealStrategy = .cos,
    cycleMomentum: Bool = true, baseMomentum: GroupValues = 0.85, maxMomentum: GroupValues = 0.95,
    divFactor: Double = 25.0, finalDivFactor: Double = 1e4, threePhase: Bool = false, lastEpoch: Int = -1
  ) throws(LRSchedulerError) {
    if let totalSteps {
      guard totalSteps > 0 else {
        throw .invalidArgument("Expected positive integer total_steps, but got \(totalSteps)")
      }
      self.totalSteps = totalSteps
    } else if let epochs, let stepsPerEpoch {
      guard epochs > 0 else { throw .invalidArgument("Expected positive integer epochs, but got \(epochs)") }
      guard stepsPerEpoch > 0 else {
        throw .invalidArgument("Expected positive integer steps_per_epoch, but got \(stepsPerEpoch)")
      }
      self.totalSteps = epochs * stepsPerEpoch
    } else {
      throw .invalidArgument("You must define either total_steps OR (epochs AND steps_per_epoch)")
    }
    let t = Double(self.totalSteps)
    if threePhase {
      phases = [
        Phase(
          endStep: pctStart * t - 1, startLR: "initial_lr", endLR: "max_lr", startMomentum: "max_momentum",
          endMomentum: "base_momentum"),
        Phase(
          endStep: 2 * pctStart * t - 2, startLR: "max_lr", endLR: "initial_lr", startMomentum: "base_momentum",
          endMomentum: "max_momentum"),
        Phase(
          endStep: t - 1, startLR: "initial_lr", endLR: "min_lr", startMomentum: "max_momentum",
          endMomentum: "max_momentum"),
      ]
    } else {
      phases = [
        Phase(
          endStep: pctStart * t - 1, startLR: "initial_lr", endLR: "max_lr", startMomentum: "max_momentum",
          endMomentum: "base_momentum"),
        Phase(
          endStep: t - 1, startLR: "max_lr", endLR: "min_lr", startMomentum: "base_momentum",
          endMomentum: "max_momentum"),
      ]
    }
    guard pctStart >= 0 && pctStart <= 1 else {
      throw .invalidArgument("Expected float between 0 and 1 pct_start, but got \(PythonRepr.repr(pctStart))")
    }
    self.annealStrategy = annealStrategy
    var groups = optimizer.schedulableGroups
    let maxLRs = try maxLR.values(name: "max_lr", groups: groups.count)
    if lastEpoch == -1 {
      for index in groups.indices {
        let initial = maxLRs[index] / divFactor
        groups[index].initialLR = initial
        groups[index].extras["max_lr"] = maxLRs[index]
        groups[index].extras["min_lr"] = initial / finalDivFactor
      }
    }
    self.cycleMomentum = cycleMomentum
    if cycleMomentum {
      guard groups.allSatisfy({ $0.momentum != nil }) else {
        throw .invalidArgument("optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
      }
      let maxMomentums = try maxMomentum.values(name: "max_momentum", groups: groups.count)
      let baseMomentums = try baseMomentum.values(name: "base_momentum", groups: groups.count)
      if lastEpoch == -1 {
        for index in groups.indices {
          groups[index].momentum = maxMomentums[index]
          groups[index].extras["max_momentum"] = maxMomentums[index]
          groups[index].extras["base_momentum"] = baseMomentums[index]
        }
      }
    }
    self.optimizer = optimizer
    optimizer.schedulableGroups = groups
    self.progress = try Self.prepare(optimizer, lastEpoch: lastEpoch)
    initialStep()
  }

  /// The error PyTorch raises on the next `step()`: past `totalSteps`.
  public var nextStepError: LRSchedulerError? {
    let next = lastEpoch + 1
    guard next > totalSteps else { return nil }
    return .invalidArgument("Tried to step \(next) times. The specified number of total steps is \(totalSteps)")
  }

  private func anneal(_ start: Double, _ end: Double, _ pct: Double) -> Double {
    switch annealStrategy {
    case .cos: end + (start - end) / 2.0 * (PythonMath.cos(PythonMath.pi * pct) + 1)
    case .linear: (end - start) * pct + start
    }
  }

  private static func value(_ key: String, in group: SchedulableGroup) -> Double {
    switch key {
    case "initial_lr": group.initialLR ?? group.lr
    case "momentum": group.momentum ?? 0
    default: group.extras[key] ?? .nan
    }
  }

  public func chainableLR() -> [Double] {
    let stepNumber = Double(lastEpoch)
    precondition(
      lastEpoch <= totalSteps,
      "Tried to step \(lastEpoch) times. The specified number of total steps is \(totalSteps)")
    var groups = optimizer.schedulableGroups
    var lrs: [Double] = []
    for index in groups.indices {
      var start = 0.0
      for (phaseIndex, phase) in phases.enumerated() {
        if stepNumber <= phase.endStep || phaseIndex == phases.count - 1 {
          let pct = (stepNumber - start) / (phase.endStep - start)
          let group = groups[index]
          lrs.append(anneal(Self.value(phase.startLR, in: group), Self.value(phase.endLR, in: group), pct))
          if cycleMomentum {
            groups[index].momentum = anneal(
              Self.value(phase.startMomentum, in: group), Self.value(phase.endMomentum, in: group), pct)
          }
          break
        }
        start = phase.endStep
      }
    }
    if cycleMomentum { optimizer.schedulableGroups = groups }
    return lrs
  }

  public var hyperparameterState: StateDict {
    [
      "total_steps": .int(totalSteps), "_anneal_func_type": .string(annealStrategy.rawValue),
      "cycle_momentum": .bool(cycleMomentum), "use_beta1": .bool(false),
      "_schedule_phases": .array(
        phases.map {
          .object([
            "end_step": .double($0.endStep), "start_lr": .string($0.startLR), "end_lr": .string($0.endLR),
            "start_momentum": .string($0.startMomentum), "end_momentum": .string($0.endMomentum),
          ])
        }),
    ]
  }

  /// Restores every saved attribute, as PyTorch's `__dict__.update` does: `total_steps`, the
  /// anneal strategy, `cycle_momentum` and the phases, so that a loaded scheduler continues the
  /// saved cycle even if it was built with other arguments.
  public func restoreHyperparameters(from state: StateDict) throws(LRSchedulerError) {
    let totalSteps = try restored(state.int("total_steps"))
    guard totalSteps > 0 else { throw .stateMismatch("total_steps \(totalSteps) is not positive") }
    guard let strategy = AnnealStrategy(rawValue: try restored(state.string("_anneal_func_type"))) else {
      throw .stateMismatch("unknown _anneal_func_type")
    }
    let cycleMomentum = try restored(state.bool("cycle_momentum"))
    guard !cycleMomentum || optimizer.schedulableGroups.allSatisfy({ $0.momentum != nil }) else {
      throw .stateMismatch("the saved OneCycleLR cycles momentum, and this optimizer has none")
    }
    guard case .array(let saved)? = state["_schedule_phases"], saved.count == 2 || saved.count == 3 else {
      throw .stateMismatch("_schedule_phases must hold two or three phases")
    }
    let keys: Set<String> = ["initial_lr", "max_lr", "min_lr", "max_momentum", "base_momentum"]
    var phases: [Phase] = []
    for entry in saved {
      guard case .object(let fields) = entry, let end = fields["end_step"]?.doubleValue, end.isFinite,
        case .string(let startLR)? = fields["start_lr"], case .string(let endLR)? = fields["end_lr"],
        case .string(let startMomentum)? = fields["start_momentum"],
        case .string(let endMomentum)? = fields["end_momentum"],
        [startLR, endLR, startMomentum, endMomentum].allSatisfy(keys.contains)
      else { throw .stateMismatch("a malformed phase in _schedule_phases") }
      phases.append(
        Phase(endStep: end, startLR: startLR, endLR: endLR, startMomentum: startMomentum, endMomentum: endMomentum))
    }
    self.totalSteps = totalSteps
    annealStrategy = strategy
    self.cycleMomentum = cycleMomentum
    self.phases = phases
  }
}
