// Copyright © 2026 the Anneal authors.

/// Cycles each group's learning rate between `baseLR` and `maxLR` (and momentum inversely
/// between `maxMomentum` and `baseMomentum`), stepped once per batch
/// (PyTorch: `torch.optim.lr_scheduler.CyclicLR`; Smith, "Cyclical Learning Rates for
/// Training Neural Networks", 2017).
///
/// ```
/// cycle = floor(1 + e / (up + down));  x = 1 + e / (up + down) − cycle
/// scale = x / ratio  if x <= ratio  else  (x − 1) / (ratio − 1)      ratio = up / (up + down)
/// lr = base + (max − base) · scale · f(cycle or e)
/// ```
///
/// `f` is 1 (`triangular`), `1 / 2^(cycle−1)` (`triangular2`), `gamma^e` (`exp_range`, of the
/// global step), or your ``scaleFunction``. With `cycleMomentum` (the default) the optimizer
/// must have a momentum or β₁, and PyTorch's default momenta apply even to an SGD created
/// with momentum 0.
///
/// ```swift
/// // lr = 1, 2, 3, 4, 5, 4, 3, 2, 1, 2, …   (base 1, max 5, up 4)
/// let scheduler = try CyclicLR(optimizer, baseLR: 1, maxLR: 5, stepSizeUp: 4)
/// ```
public final class CyclicLR: EpochLRScheduler {
  /// The built-in cycle shapes (PyTorch: `mode`).
  public enum Mode: String, Sendable, CaseIterable {
    case triangular, triangular2
    case expRange = "exp_range"
  }

  /// What a custom scale function receives (PyTorch: `scale_mode`).
  public enum ScaleMode: String, Sendable, CaseIterable {
    /// The cycle number, starting at 1.
    case cycle
    /// The global step, ``LRScheduler/lastEpoch``.
    case iterations
  }

  public let optimizer: any SchedulableOptimizer
  /// The upper learning rate of each group (PyTorch: `max_lrs`).
  public private(set) var maxLRs: [Double]
  /// The steps in the rising half (PyTorch: `step_size_up`, as a float).
  public private(set) var totalSize: Double
  /// The rising share of a cycle (PyTorch: `step_ratio`).
  public private(set) var stepRatio: Double
  /// The built-in shape, if no ``scaleFunction`` is given (PyTorch: `mode`).
  public private(set) var mode: Mode
  /// The base of `exp_range` (PyTorch: `gamma`). The default is `1`.
  public private(set) var gamma: Double
  /// A custom scale function replacing ``mode`` (PyTorch: `scale_fn`).
  public let scaleFunction: ((Double) -> Double)?
  /// What the scale function receives (PyTorch: `scale_mode`).
  public private(set) var scaleMode: ScaleMode
  /// Whether momentum cycles inversely to the learning rate (PyTorch: `cycle_momentum`).
  public private(set) var cycleMomentum: Bool
  /// The lower momentum of each group (PyTorch: `base_momentums`).
  public private(set) var baseMomentums: [Double]
  /// The upper momentum of each group (PyTorch: `max_momentums`).
  public private(set) var maxMomentums: [Double]
  public var progress: LRSchedulerProgress

  /// Creates the scheduler; a fresh one sets each group's learning rate to `baseLR` (and
  /// momentum to `maxMomentum`) and takes its first step.
  ///
  /// - Parameters:
  ///   - baseLR: The lower bound, for every group or per group.
  ///   - maxLR: The upper bound, for every group or per group.
  ///   - stepSizeUp: Steps in the rising half. The default is `2000`.
  ///   - stepSizeDown: Steps in the falling half. The default (`nil`) is `stepSizeUp`.
  ///   - mode: The default is ``Mode/triangular``.
  ///   - gamma: The default is `1`.
  ///   - scaleFunction: A custom amplitude function; overrides `mode`.
  ///   - scaleMode: The default is ``ScaleMode/cycle``.
  ///   - cycleMomentum: The default is `true`.
  ///   - baseMomentum: The default is `0.8`.
  ///   - maxMomentum: The default is `0.9`.
  ///   - optimizer: The optimizer whose groups it drives.
  ///   - lastEpoch: The index of the last step, `-1` for a new schedule, as in PyTorch.
  /// - Throws: ``LRSchedulerError/invalidArgument(_:)`` for per-group lists of the wrong
  ///   length, non-positive step sizes, or momentum cycling on an optimizer without momentum.
  public init(
    _ optimizer: any SchedulableOptimizer, baseLR: GroupValues, maxLR: GroupValues, stepSizeUp: Double = 2000,
    stepSizeDown: Double? = nil, mode: Mode = .triangular, gamma: Double = 1.0,
    scaleFunction: ((Double) -> Double)? = nil, scaleMode: ScaleMode = .cycle, cycleMomentum: Bool = true,
    baseMomentum: GroupValues = 0.8, maxMomentum: GroupValues = 0.9, lastEpoch: Int = -1
  ) throws(LRSchedulerError) {
    var groups = optimizer.schedulableGroups
    let baseLRs = try baseLR.values(name: "base_lr", groups: groups.count)
    if lastEpoch == -1 {
      for index in groups.indices { groups[index].lr = baseLRs[index] }
    }
    self.maxLRs = try maxLR.values(name: "max_lr", groups: groups.count)
    let down = stepSizeDown ?? stepSizeUp
    guard stepSizeUp > 0, down >= 0 else {
      throw .invalidArgument("step_size_up must be positive and step_size_down non-negative")
    }
    totalSize = stepSizeUp + down
    stepRatio = stepSizeUp / totalSize
    self.mode = mode
    self.gamma = gamma
    self.scaleFunction = scaleFunction
    if scaleFunction == nil {
      self.scaleMode = mode == .expRange ? .iterations : .cycle
    } else {
      self.scaleMode = scaleMode
    }
    self.cycleMomentum = cycleMomentum
    if cycleMomentum {
      guard groups.allSatisfy({ $0.momentum != nil }) else {
        throw .invalidArgument("optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
      }
      baseMomentums = try baseMomentum.values(name: "base_momentum", groups: groups.count)
      maxMomentums = try maxMomentum.values(name: "max_momentum", groups: groups.count)
      if lastEpoch == -1 {
        for index in groups.indices {
          groups[index].momentum = maxMomentums[index]
          groups[index].extras["max_momentum"] = maxMomentums[index]
          groups[index].extras["base_momentum"] = baseMomentums[index]
        }
      }
    } else {
      baseMomentums = []
      maxMomentums = []
    }
    self.optimizer = optimizer
    optimizer.schedulableGroups = groups
    self.progress = try Self.prepare(optimizer, lastEpoch: lastEpoch)
    initialStep()
    progress.baseLRs = baseLRs
  }

  private func scale(_ x: Int) -> Double {
    if let scaleFunction { return scaleFunction(Double(x)) }
    switch mode {
    case .triangular: return 1.0
    case .triangular2: return 1 / PythonMath.pow(2.0, Double(x - 1))
    case .expRange: return PythonMath.pow(gamma, Double(x))
    }
  }

  public func chainableLR() -> [Double] {
    let e = Double(lastEpoch)
    let cycle = Int(PythonMath.floor(1 + e / totalSize))
    let x = 1.0 + e / totalSize - Double(cycle)
    let scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1)
    let amplitude = scale(scaleMode == .cycle ? cycle : lastEpoch)
    let lrs = zip(progress.baseLRs, maxLRs).map { base, max in base + (max - base) * scaleFactor * amplitude }
    if cycleMomentum {
      var groups = optimizer.schedulableGroups
      for index in groups.indices {
        let (base, max) = (baseMomentums[index], maxMomentums[index])
        groups[index].momentum = max - (max - base) * scaleFactor * amplitude
      }
      optimizer.schedulableGroups = groups
    }
    return lrs
  }

  public var hyperparameterState: StateDict {
    [
      "max_lrs": .from(maxLRs), "total_size": .double(totalSize), "step_ratio": .double(stepRatio),
      "mode": .string(mode.rawValue), "gamma": .double(gamma), "scale_mode": .string(scaleMode.rawValue),
      "_scale_fn_custom": .null, "cycle_momentum": .bool(cycleMomentum), "base_momentums": .from(baseMomentums),
      "max_momentums": .from(maxMomentums), "use_beta1": .bool(false),
    ]
  }

  /// Restores every saved attribute, as PyTorch's `__dict__.update` does — the shape (`mode`,
  /// `gamma`, `scale_mode`), the cycle (`total_size`, `step_ratio`), the bounds and
  /// `cycle_momentum` — so that a `triangular2` state loaded into a `triangular` scheduler goes
  /// on as `triangular2`. A custom ``scaleFunction`` is kept (functions are not saved); without
  /// one, the scale mode follows the restored mode (PyTorch: `_init_scale_fn`).
  public func restoreHyperparameters(from state: StateDict) throws(LRSchedulerError) {
    let groups = optimizer.schedulableGroups.count
    let maxLRs = try restored(state.doubles("max_lrs"))
    guard maxLRs.count == groups else { throw .stateMismatch("max_lrs has the wrong length") }
    let totalSize = try restored(state.double("total_size"))
    let stepRatio = try restored(state.double("step_ratio"))
    guard totalSize > 0, totalSize.isFinite, stepRatio > 0, stepRatio <= 1 else {
      throw .stateMismatch("total_size \(totalSize) or step_ratio \(stepRatio) is out of range")
    }
    guard let mode = Mode(rawValue: try restored(state.string("mode"))),
      let scaleMode = ScaleMode(rawValue: try restored(state.string("scale_mode")))
    else { throw .stateMismatch("unknown mode or scale_mode") }
    let gamma = try restored(state.double("gamma"))
    let cycleMomentum = try restored(state.bool("cycle_momentum"))
    var baseMomentums: [Double] = []
    var maxMomentums: [Double] = []
    if cycleMomentum {
      guard optimizer.schedulableGroups.allSatisfy({ $0.momentum != nil }) else {
        throw .stateMismatch("the saved CyclicLR cycles momentum, and this optimizer has none")
      }
      baseMomentums = try restored(state.doubles("base_momentums"))
      maxMomentums = try restored(state.doubles("max_momentums"))
      guard baseMomentums.count == groups, maxMomentums.count == groups else {
        throw .stateMismatch("momentum lists have the wrong length")
      }
    }
    self.maxLRs = maxLRs
    self.totalSize = totalSize
    self.stepRatio = stepRatio
    self.mode = mode
    self.gamma = gamma
    self.cycleMomentum = cycleMomentum
    self.baseMomentums = baseMomentums
    self.maxMomentums = maxMomentums
    self.scaleMode = scaleFunction != nil ? scaleMode : (mode == .expRange ? .iterations : .cycle)
  }
}
