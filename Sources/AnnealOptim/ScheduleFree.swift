// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealLRScheduler
import AnnealState

#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The averaging of a schedule-free param group (Defazio et al., "The Road Less Scheduled",
/// 2024): the step count `k`, the sum of the averaging weights, the largest learning rate so
/// far, and whether the parameters hold the training point `y` or the average `x`. Kept in the
/// group under the `schedulefree` package's keys.
public struct ScheduleFreeAverage: Sendable, Hashable {
  /// Steps taken (`k`).
  public var k = 0
  /// The sum of the averaging weights (`weight_sum`).
  public var weightSum = 0.0
  /// The largest warmed-up learning rate so far (`lr_max`; `-1` before the first step).
  public var lrMax = -1.0
  /// The learning rate of the last step after warmup (`scheduled_lr`).
  public var scheduledLR = 0.0
  /// Whether the parameters are the training point (`train_mode`, after `train()`).
  public var trainMode = false

  /// Advances by one step and returns the step's learning rate and the averaging weight
  /// `ckp1 = weight / weight_sum`, in Python's double arithmetic.
  mutating func advance(lr: Double, warmupSteps: Int, r: Double, weightLRPower: Double) -> (lr: Double, ckp1: Double) {
    let schedule = k < warmupSteps ? Double(k + 1) / Double(warmupSteps) : 1.0
    return advance(scheduledLR: lr * schedule, r: r, weightLRPower: weightLRPower)
  }

  /// Advances by one step whose learning rate, after warmup or rectification, is `lr`.
  mutating func advance(scheduledLR lr: Double, r: Double, weightLRPower: Double) -> (lr: Double, ckp1: Double) {
    scheduledLR = lr
    lrMax = max(lr, lrMax)
    let weight = pow(Double(k + 1), r) * pow(lrMax, weightLRPower)
    weightSum += weight
    let ckp1 = weightSum == 0 ? 0 : weight / weightSum
    k += 1
    return (lr, ckp1)
  }

  var state: StateDict {
    [
      "k": .int(k), "weight_sum": .double(weightSum), "lr_max": .double(lrMax), "scheduled_lr": .double(scheduledLR),
      "train_mode": .bool(trainMode),
    ]
  }

  init() {}

  init(_ state: StateDict) throws(StateError) {
    k = try state.int("k")
    weightSum = try state.double("weight_sum")
    lrMax = try state.double("lr_max")
    scheduledLR = try state.double("scheduled_lr")
    trainMode = try state.bool("train_mode")
  }
}

/// What the two schedule-free optimizers share: the `train()` / `eval()` switch.
public protocol ScheduleFreeOptimizer: GroupedOptimizer where Group: ScheduleFreeGroup {}

/// A schedule-free param group: its averaging and the interpolation β₁ (SGD's momentum).
public protocol ScheduleFreeGroup: ParamGroupProtocol {
  var average: ScheduleFreeAverage { get set }
  /// The interpolation between `z` and the average (SGD's `momentum`, AdamW's β₁).
  var interpolation: Double { get }
}

extension ScheduleFreeOptimizer {
  /// Moves the parameters to the training point `y` (the package's `optimizer.train()`): call
  /// it before training, as the package requires; `step()` stops the program otherwise.
  public func train() { switchMode(toTraining: true) }

  /// Moves the parameters to the average `x` that is evaluated and saved (the package's
  /// `optimizer.eval()`): call it before evaluating, saving weights or checkpointing.
  public func eval() { switchMode(toTraining: false) }

  /// Whether the parameters hold the training point (after ``train()``).
  public var isTraining: Bool { paramGroups.first?.average.trainMode ?? false }

  private func switchMode(toTraining training: Bool) {
    withNoGrad {
      for index in paramGroups.indices where paramGroups[index].average.trainMode != training {
        let beta = paramGroups[index].interpolation
        for (position, parameter) in paramGroups[index].params.enumerated() {
          guard let z = buffers[index][position]["z"] else { continue }
          Kernels.lerpInPlace(parameter, toward: z, weight: training ? 1 - beta : 1 - 1 / beta)
          parameter.storage.version &+= 1
        }
        paramGroups[index].average.trainMode = training
      }
    }
  }

  func checkTraining() {
    check(
      isTraining,
      "Optimizer was not in train mode when step is called. Please insert .train() and .eval() calls on the "
        + "optimizer. See documentation for details.")
  }
}

/// Schedule-Free SGD (oracle: the `schedulefree` package's `SGDScheduleFree`, 1.4.1): no
/// learning-rate schedule, only optional linear warmup; the parameters follow
/// `y = (1 − β)·z + β·x`, where `x` is a weighted average of the base sequence `z` of SGD steps.
///
/// Call ``train()`` before training and ``eval()`` before evaluating or saving, as with the
/// package. Learning-rate schedulers may still drive `lr` (it is then a multiplier of the
/// warmup, as in the package).
public final class SGDScheduleFree: ScheduleFreeOptimizer {
  /// One param group and its hyperparameters.
  public struct ParamGroup: ScheduleFreeGroup {
    public var params: [Tensor]
    public var lr: Double
    /// The interpolation between `z` and the average (package: `momentum`), in (0, 1).
    public var momentum: Double
    /// The L2 penalty (package: `weight_decay`), applied to the gradient at `y`.
    public var weightDecay: Double
    /// Steps of linear warmup (package: `warmup_steps`).
    public var warmupSteps: Int
    /// The power of the polynomial weighting of the average (package: `r`).
    public var r: Double
    /// The power of the warmed-up learning rate in the averaging weights (package:
    /// `weight_lr_power`).
    public var weightLRPower: Double
    public var average = ScheduleFreeAverage()
    public var initialLR: Double?
    public var extras: [String: Double] = [:]

    /// Creates a group; each default is the package's.
    public init(
      params: [Tensor], lr: Double = 1.0, momentum: Double = 0.9, weightDecay: Double = 0, warmupSteps: Int = 0,
      r: Double = 0, weightLRPower: Double = 2
    ) {
      self.params = params
      self.lr = lr
      self.momentum = momentum
      self.weightDecay = weightDecay
      self.warmupSteps = warmupSteps
      self.r = r
      self.weightLRPower = weightLRPower
    }

    public var interpolation: Double { momentum }

    /// The interpolation is not a momentum a scheduler may cycle.
    public var schedulableMomentum: Double? {
      get { nil }
      set {}
    }

    public var hyperparameters: StateDict {
      average.state.merging([
        "momentum": .double(momentum), "weight_decay": .double(weightDecay), "warmup_steps": .int(warmupSteps),
        "r": .double(r), "weight_lr_power": .double(weightLRPower), "foreach": .bool(true),
      ]) { $1 }
    }

    public mutating func restoreHyperparameters(from state: StateDict) throws(OptimizerError) {
      do {
        momentum = try state.double("momentum")
        weightDecay = try state.double("weight_decay")
        warmupSteps = try state.int("warmup_steps")
        r = try state.double("r")
        weightLRPower = try state.double("weight_lr_power")
        average = try ScheduleFreeAverage(state)
      } catch {
        throw .stateMismatch("SGDScheduleFree param group: \(error)")
      }
    }

    public func validate() throws(OptimizerError) {
      guard lr >= 0 else { throw .invalidArgument("Invalid learning rate: \(lr)") }
      guard weightDecay >= 0 else { throw .invalidArgument("Invalid weight_decay value: \(weightDecay)") }
      guard momentum > 0 && momentum < 1 else {
        throw .invalidArgument("Momentum must be between 0 and 1 exclusive: \(momentum)")
      }
      guard warmupSteps >= 0 else { throw .invalidArgument("Invalid warmup_steps value: \(warmupSteps)") }
    }
  }

  public var paramGroups: [ParamGroup]
  public var buffers: [[[String: Tensor]]]

  /// Creates the optimizer over one group; each default is the package's.
  public convenience init(
    _ params: [Tensor], lr: Double = 1.0, momentum: Double = 0.9, weightDecay: Double = 0, warmupSteps: Int = 0,
    r: Double = 0, weightLRPower: Double = 2
  ) throws(OptimizerError) {
    try self.init(paramGroups: [
      ParamGroup(
        params: params, lr: lr, momentum: momentum, weightDecay: weightDecay, warmupSteps: warmupSteps, r: r,
        weightLRPower: weightLRPower)
    ])
  }

  /// Creates the optimizer over several param groups.
  public init(paramGroups: [ParamGroup]) throws(OptimizerError) {
    self.paramGroups = try Self.validated(paramGroups)
    self.buffers = paramGroups.map { Array(repeating: [:], count: $0.params.count) }
  }

  public func step() {
    checkTraining()
    for index in paramGroups.indices {
      let group = paramGroups[index]
      let (lr, ckp1) = paramGroups[index].average.advance(
        lr: group.lr, warmupSteps: group.warmupSteps, r: group.r, weightLRPower: group.weightLRPower)
      stepGroup(index) { parameter, grad, state in
        if state["z"] == nil { state["z"] = parameter.contiguousCopy() }
        guard let z = state["z"] else { return }
        Kernels.scheduleFreeStep(
          parameter: parameter, grad: grad, z: z, expAvgSq: nil, beta2: 0, biasCorrection2: 1, eps: 0,
          weightDecay: group.weightDecay, ckp1: ckp1, lr: lr, momentum: group.momentum)
      }
    }
  }
}

/// What the param groups of Schedule-Free AdamW and RAdam share: Adam's hyperparameters, kept
/// under the package's keys, checked alike.
protocol AdamScheduleFreeGroup: ScheduleFreeGroup {
  var betas: (Double, Double) { get set }
  var eps: Double { get set }
  var weightDecay: Double { get set }
  var r: Double { get set }
  var weightLRPower: Double { get set }
}

extension AdamScheduleFreeGroup {
  /// The averaging and Adam's hyperparameters, with the variant's own `keys`.
  func adamHyperparameters(_ keys: StateDict) -> StateDict {
    average.state.merging([
      "betas": .from([betas.0, betas.1]), "eps": .double(eps), "weight_decay": .double(weightDecay),
      "r": .double(r), "weight_lr_power": .double(weightLRPower), "foreach": .bool(true),
    ]) { $1 }.merging(keys) { $1 }
  }

  /// Restores what ``adamHyperparameters(_:)`` saved; `own` reads the variant's keys.
  mutating func restoreAdamHyperparameters(
    from state: StateDict, optimizer: String, own: (inout Self, StateDict) throws(StateError) -> Void
  ) throws(OptimizerError) {
    do {
      betas = try restoredBetas(state)
      eps = try state.double("eps")
      weightDecay = try state.double("weight_decay")
      r = try state.double("r")
      weightLRPower = try state.double("weight_lr_power")
      try own(&self, state)
      average = try ScheduleFreeAverage(state)
    } catch {
      throw .stateMismatch("\(optimizer) param group: \(error)")
    }
  }

  /// PyTorch's Adam checks of the learning rate, eps, the betas (β₁ > 0: it interpolates) and
  /// the weight decay.
  func validateAdam() throws(OptimizerError) {
    guard lr >= 0 else { throw .invalidArgument("Invalid learning rate: \(lr)") }
    guard eps >= 0 else { throw .invalidArgument("Invalid epsilon value: \(eps)") }
    guard betas.0 > 0 && betas.0 < 1 else { throw .invalidArgument("Invalid beta parameter at index 0: \(betas.0)") }
    guard betas.1 >= 0 && betas.1 < 1 else { throw .invalidArgument("Invalid beta parameter at index 1: \(betas.1)") }
    guard weightDecay >= 0 else { throw .invalidArgument("Invalid weight_decay value: \(weightDecay)") }
  }
}

extension ScheduleFreeOptimizer where Group: AdamScheduleFreeGroup {
  /// One Schedule-Free Adam step of group `index` at the step's learning rate and averaging
  /// weight; `normalize` divides by the second moment (RAdam skips it before rectification).
  func adamStep(_ index: Int, lr: Double, ckp1: Double, biasCorrection2: Double, normalize: Bool) {
    let group = paramGroups[index]
    stepGroup(index) { parameter, grad, state in
      if state["z"] == nil {
        state["z"] = parameter.contiguousCopy()
        state["exp_avg_sq"] = Tensor.zeros(parameter.shape)
      }
      guard let z = state["z"], let expAvgSq = state["exp_avg_sq"] else { return }
      Kernels.scheduleFreeStep(
        parameter: parameter, grad: grad, z: z, expAvgSq: expAvgSq, beta2: group.betas.1,
        biasCorrection2: biasCorrection2, eps: group.eps, weightDecay: group.weightDecay, ckp1: ckp1, lr: lr,
        momentum: group.betas.0, normalize: normalize)
    }
  }
}

/// Schedule-Free AdamW (oracle: the `schedulefree` package's `AdamWScheduleFree`, 1.4.1):
/// Adam's second moment with bias correction, weight decay at `y`, optional linear warmup, and
/// no learning-rate schedule; β₁ is the interpolation of ``SGDScheduleFree``.
///
/// Call ``train()`` before training and ``eval()`` before evaluating or saving.
public final class AdamWScheduleFree: ScheduleFreeOptimizer {
  /// One param group and its hyperparameters.
  public struct ParamGroup: AdamScheduleFreeGroup {
    public var params: [Tensor]
    public var lr: Double
    /// β₁ (the interpolation) and β₂ (the second moment's decay) (package: `betas`).
    public var betas: (Double, Double)
    /// Added to the denominator (package: `eps`).
    public var eps: Double
    /// The weight decay (package: `weight_decay`), applied at `y` after normalising.
    public var weightDecay: Double
    /// Steps of linear warmup (package: `warmup_steps`).
    public var warmupSteps: Int
    /// The power of the polynomial weighting of the average (package: `r`).
    public var r: Double
    /// The power of the warmed-up learning rate in the averaging weights (package:
    /// `weight_lr_power`).
    public var weightLRPower: Double
    public var average = ScheduleFreeAverage()
    public var initialLR: Double?
    public var extras: [String: Double] = [:]

    /// Creates a group; each default is the package's.
    public init(
      params: [Tensor], lr: Double = 0.0025, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
      weightDecay: Double = 0, warmupSteps: Int = 0, r: Double = 0, weightLRPower: Double = 2
    ) {
      self.params = params
      self.lr = lr
      self.betas = betas
      self.eps = eps
      self.weightDecay = weightDecay
      self.warmupSteps = warmupSteps
      self.r = r
      self.weightLRPower = weightLRPower
    }

    public var interpolation: Double { betas.0 }

    /// β₁ is an interpolation here, not a momentum a scheduler may cycle.
    public var schedulableMomentum: Double? {
      get { nil }
      set {}
    }

    public var hyperparameters: StateDict { adamHyperparameters(["warmup_steps": .int(warmupSteps)]) }

    public mutating func restoreHyperparameters(from state: StateDict) throws(OptimizerError) {
      try restoreAdamHyperparameters(from: state, optimizer: "AdamWScheduleFree") { group, state throws(StateError) in
        group.warmupSteps = try state.int("warmup_steps")
      }
    }

    public func validate() throws(OptimizerError) {
      try validateAdam()
      guard warmupSteps >= 0 else { throw .invalidArgument("Invalid warmup_steps value: \(warmupSteps)") }
    }
  }

  public var paramGroups: [ParamGroup]
  public var buffers: [[[String: Tensor]]]

  /// Creates the optimizer over one group; each default is the package's.
  public convenience init(
    _ params: [Tensor], lr: Double = 0.0025, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
    weightDecay: Double = 0, warmupSteps: Int = 0, r: Double = 0, weightLRPower: Double = 2
  ) throws(OptimizerError) {
    try self.init(paramGroups: [
      ParamGroup(
        params: params, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, warmupSteps: warmupSteps, r: r,
        weightLRPower: weightLRPower)
    ])
  }

  /// Creates the optimizer over several param groups.
  public init(paramGroups: [ParamGroup]) throws(OptimizerError) {
    self.paramGroups = try Self.validated(paramGroups)
    self.buffers = paramGroups.map { Array(repeating: [:], count: $0.params.count) }
  }

  public func step() {
    checkTraining()
    for index in paramGroups.indices {
      let group = paramGroups[index]
      let biasCorrection2 = 1 - pow(group.betas.1, Double(group.average.k + 1))
      let (lr, ckp1) = paramGroups[index].average.advance(
        lr: group.lr, warmupSteps: group.warmupSteps, r: group.r, weightLRPower: group.weightLRPower)
      adamStep(index, lr: lr, ckp1: ckp1, biasCorrection2: biasCorrection2, normalize: true)
    }
  }
}

/// Schedule-Free RAdam (oracle: the `schedulefree` package's `RAdamScheduleFree`, 1.4.1): no
/// warmup and no schedule: RAdam's rectification scales the learning rate, the first steps
/// (while the variance estimate is unreliable) only accumulate it (`silentSGDPhase`, the
/// default) or take plain SGD steps, and the rest is ``AdamWScheduleFree``'s update.
///
/// Call ``train()`` before training and ``eval()`` before evaluating or saving.
public final class RAdamScheduleFree: ScheduleFreeOptimizer {
  /// One param group and its hyperparameters.
  public struct ParamGroup: AdamScheduleFreeGroup {
    public var params: [Tensor]
    public var lr: Double
    /// β₁ (the interpolation) and β₂ (the second moment's decay) (package: `betas`).
    public var betas: (Double, Double)
    /// Added to the denominator (package: `eps`).
    public var eps: Double
    /// The weight decay (package: `weight_decay`), applied at `y` after normalising.
    public var weightDecay: Double
    /// The power of the polynomial weighting of the average (package: `r`).
    public var r: Double
    /// The power of the rectified learning rate in the averaging weights (package:
    /// `weight_lr_power`).
    public var weightLRPower: Double
    /// Whether the steps before rectification leave the parameters alone (package:
    /// `silent_sgd_phase`); otherwise they are SGD steps.
    public var silentSGDPhase: Bool
    public var average = ScheduleFreeAverage()
    public var initialLR: Double?
    public var extras: [String: Double] = [:]

    /// Creates a group; each default is the package's.
    public init(
      params: [Tensor], lr: Double = 0.0025, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
      weightDecay: Double = 0, r: Double = 0, weightLRPower: Double = 2, silentSGDPhase: Bool = true
    ) {
      self.params = params
      self.lr = lr
      self.betas = betas
      self.eps = eps
      self.weightDecay = weightDecay
      self.r = r
      self.weightLRPower = weightLRPower
      self.silentSGDPhase = silentSGDPhase
    }

    public var interpolation: Double { betas.0 }

    /// β₁ is an interpolation here, not a momentum a scheduler may cycle.
    public var schedulableMomentum: Double? {
      get { nil }
      set {}
    }

    public var hyperparameters: StateDict { adamHyperparameters(["silent_sgd_phase": .bool(silentSGDPhase)]) }

    public mutating func restoreHyperparameters(from state: StateDict) throws(OptimizerError) {
      try restoreAdamHyperparameters(from: state, optimizer: "RAdamScheduleFree") { group, state throws(StateError) in
        group.silentSGDPhase = try state.bool("silent_sgd_phase")
      }
    }

    public func validate() throws(OptimizerError) { try validateAdam() }
  }

  public var paramGroups: [ParamGroup]
  public var buffers: [[[String: Tensor]]]

  /// Creates the optimizer over one group; each default is the package's.
  public convenience init(
    _ params: [Tensor], lr: Double = 0.0025, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
    weightDecay: Double = 0, r: Double = 0, weightLRPower: Double = 2, silentSGDPhase: Bool = true
  ) throws(OptimizerError) {
    try self.init(paramGroups: [
      ParamGroup(
        params: params, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, r: r, weightLRPower: weightLRPower,
        silentSGDPhase: silentSGDPhase)
    ])
  }

  /// Creates the optimizer over several param groups.
  public init(paramGroups: [ParamGroup]) throws(OptimizerError) {
    self.paramGroups = try Self.validated(paramGroups)
    self.buffers = paramGroups.map { Array(repeating: [:], count: $0.params.count) }
  }

  /// RAdam's rectification at `step` (from 1) in the package's double arithmetic: the factor of
  /// the learning rate, and whether the second moment normalises the step (`rho_t > 4`).
  static func rectification(step: Int, beta2: Double, silentSGDPhase: Bool) -> (
    factor: Double, normalized: Bool, biasCorrection2: Double
  ) {
    let beta2t = pow(beta2, Double(step))
    let biasCorrection2 = 1 - beta2t
    let rhoInf = 2 / (1 - beta2) - 1
    let rhoT = rhoInf - Double(2 * step) * beta2t / biasCorrection2
    guard rhoT > 4 else { return (silentSGDPhase ? 0 : 1, false, biasCorrection2) }
    let ratio = (rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)
    return (pow(ratio, 0.5), true, biasCorrection2)
  }

  public func step() {
    checkTraining()
    for index in paramGroups.indices {
      let group = paramGroups[index]
      let rect = Self.rectification(
        step: group.average.k + 1, beta2: group.betas.1, silentSGDPhase: group.silentSGDPhase)
      let (lr, ckp1) = paramGroups[index].average.advance(
        scheduledLR: group.lr * rect.factor, r: group.r, weightLRPower: group.weightLRPower)
      adamStep(index, lr: lr, ckp1: ckp1, biasCorrection2: rect.biasCorrection2, normalize: rect.normalized)
    }
  }
}
