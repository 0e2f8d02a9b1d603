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

/// D-Adaptation SGD (Defazio and Mishchenko, "Learning-Rate-Free Learning by D-Adaptation",
/// 2023; oracle: the `dadaptation` package's `DAdaptSGD`, 3.2): dual averaging whose step size
/// `d` is estimated from the gradients seen, scaled by the first gradient's norm; `lr` is a
/// multiplier (1.0 by default) for schedulers to drive.
///
/// As in the package, the estimate is shared by the groups, and the first group's momentum and
/// weight decay apply to all of them.
public final class DAdaptSGD: GroupedOptimizer {
  /// One param group and its hyperparameters.
  public struct ParamGroup: ParamGroupProtocol {
    public var params: [Tensor]
    /// The multiplier of the estimated step size (package: `lr`, default 1).
    public var lr: Double
    /// The momentum (package: `momentum`, default 0).
    public var momentum: Double
    /// The L2 penalty added to the gradient (package: `weight_decay`).
    public var weightDecay: Double
    /// The largest factor by which `d` may grow in a step (package: `growth_rate`).
    public var growthRate: Double
    /// The current estimate (package: `d`, starting at `d0`).
    public var d: Double
    /// The weighted numerator of the estimate (package: `numerator_weighted`).
    public var numeratorWeighted = 0.0
    /// The first gradient's norm (package: `g0_norm`), once stepped.
    public var g0Norm: Double?
    /// Steps taken (package: `k`).
    public var k = 0
    public var initialLR: Double?
    public var extras: [String: Double] = [:]

    /// Creates a group; each default is the package's.
    public init(
      params: [Tensor], lr: Double = 1.0, momentum: Double = 0, weightDecay: Double = 0, d0: Double = 1e-6,
      growthRate: Double = .infinity
    ) {
      self.params = params
      self.lr = lr
      self.momentum = momentum
      self.weightDecay = weightDecay
      self.growthRate = growthRate
      d = d0
    }

    /// The momentum, which momentum-cycling schedulers drive.
    public var schedulableMomentum: Double? {
      get { momentum }
      set { if let newValue { momentum = newValue } }
    }

    public var hyperparameters: StateDict {
      var state: StateDict = [
        "momentum": .double(momentum), "weight_decay": .double(weightDecay), "k": .int(k), "log_every": .int(0),
        "numerator_weighted": .double(numeratorWeighted), "d": .double(d), "growth_rate": .double(growthRate),
        "fsdp_in_use": .bool(false),
      ]
      if let g0Norm { state["g0_norm"] = .double(g0Norm) }
      return state
    }

    public mutating func restoreHyperparameters(from state: StateDict) throws(OptimizerError) {
      do {
        momentum = try state.double("momentum")
        weightDecay = try state.double("weight_decay")
        k = try state.int("k")
        numeratorWeighted = try state.double("numerator_weighted")
        d = try state.double("d")
        growthRate = try state.double("growth_rate")
        g0Norm = state["g0_norm"]?.doubleValue
      } catch {
        throw .stateMismatch("DAdaptSGD param group: \(error)")
      }
    }

    public func validate() throws(OptimizerError) {
      guard d > 0 else { throw .invalidArgument("Invalid d0 value: \(d)") }
      guard lr > 0 else { throw .invalidArgument("Invalid learning rate: \(lr)") }
      guard weightDecay >= 0 else { throw .invalidArgument("Invalid weight_decay value: \(weightDecay)") }
    }
  }

  public var paramGroups: [ParamGroup]
  public var buffers: [[[String: Tensor]]]

  /// Creates the optimizer over one group; each default is the package's.
  public convenience init(
    _ params: [Tensor], lr: Double = 1.0, momentum: Double = 0, weightDecay: Double = 0, d0: Double = 1e-6,
    growthRate: Double = .infinity
  ) throws(OptimizerError) {
    try self.init(paramGroups: [
      ParamGroup(params: params, lr: lr, momentum: momentum, weightDecay: weightDecay, d0: d0, growthRate: growthRate)
    ])
  }

  /// Creates the optimizer over several param groups.
  public init(paramGroups: [ParamGroup]) throws(OptimizerError) {
    self.paramGroups = try Self.validated(paramGroups)
    self.buffers = paramGroups.map { Array(repeating: [:], count: $0.params.count) }
  }

  public func step() {
    guard let first = paramGroups.first else { return }
    let lr = paramGroups.map(\.lr).max() ?? 0
    let (decay, ck, k, growthRate) = (first.weightDecay, 1 - first.momentum, first.k, first.growthRate)
    var numeratorWeighted = first.numeratorWeighted
    var d = first.d
    var g0Norm = paramGroups.last?.g0Norm ?? 0
    if k == 0 {
      // The package's first-step norm is of the gradients as given (its weight decay there is
      // not applied in place).
      var squares = 0.0
      for index in paramGroups.indices where paramGroups[index].lr > 0 {
        stepGroup(index) { _, grad, _ in squares += Double(Float(Kernels.squaredNorm(grad))) }
      }
      g0Norm = squares.squareRoot()
    }
    let dlr = d * lr / g0Norm
    var skSquares = 0.0
    for index in paramGroups.indices {
      let groupLR = paramGroups[index].lr
      stepGroup(index) { parameter, grad, state in
        if state["z"] == nil {
          state["z"] = parameter.contiguousCopy()
          state["s"] = Tensor.zeros(parameter.shape)
          state["x0"] = parameter.contiguousCopy()
        }
        guard groupLR > 0, let s = state["s"] else { return }
        let (dot, squares) = Kernels.dadaptSGDAccumulate(parameter: parameter, grad: grad, s: s, decay: decay, dlr: dlr)
        numeratorWeighted += dlr * Double(Float(dot))
        skSquares += Double(Float(squares))
      }
    }
    if lr > 0 {
      let dHat = 2 * numeratorWeighted / skSquares.squareRoot()
      d = max(d, min(dHat, d * growthRate))
    }
    guard skSquares != 0 else { return }
    for index in paramGroups.indices {
      paramGroups[index].numeratorWeighted = numeratorWeighted
      paramGroups[index].d = d
      paramGroups[index].g0Norm = g0Norm
      stepGroup(index) { parameter, _, state in
        guard let s = state["s"], let x0 = state["x0"], let z = state["z"] else { return }
        Kernels.dadaptSGDUpdate(parameter: parameter, s: s, x0: x0, z: z, ck: ck)
      }
      paramGroups[index].k = k + 1
    }
  }
}

/// D-Adaptation Adam (oracle: the `dadaptation` package's `DAdaptAdam`, 3.2): Adam whose step
/// size `d` is estimated from the gradients seen; `lr` is a multiplier (1.0 by default) for
/// schedulers to drive. The estimate is shared by the groups, as in the package.
public final class DAdaptAdam: GroupedOptimizer {
  /// One param group and its hyperparameters.
  public struct ParamGroup: ParamGroupProtocol {
    public var params: [Tensor]
    /// The multiplier of the estimated step size (package: `lr`, default 1).
    public var lr: Double
    /// Adam's β₁ and β₂ (package: `betas`).
    public var betas: (Double, Double)
    /// Added to the denominator (package: `eps`).
    public var eps: Double
    /// The weight decay (package: `weight_decay`): added to the gradient, or decoupled
    /// (AdamW-style) when `decouple` is set.
    public var weightDecay: Double
    /// Whether the weight decay is decoupled (package: `decouple`, default `false`).
    public var decouple: Bool
    /// Adam's bias correction in the step (package: `use_bias_correction`).
    public var useBiasCorrection: Bool
    /// The largest factor by which `d` may grow in a step (package: `growth_rate`).
    public var growthRate: Double
    /// A per-group factor of the step (package: `layer_scale`, default 1).
    public var layerScale: Double
    /// The current estimate (package: `d`, starting at `d0`).
    public var d: Double
    /// The weighted numerator of the estimate (package: `numerator_weighted`).
    public var numeratorWeighted = 0.0
    /// Steps taken (package: `k`).
    public var k = 0
    public var initialLR: Double?
    public var extras: [String: Double] = [:]

    /// Creates a group; each default is the package's.
    public init(
      params: [Tensor], lr: Double = 1.0, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
      weightDecay: Double = 0, decouple: Bool = false, useBiasCorrection: Bool = false, d0: Double = 1e-6,
      growthRate: Double = .infinity, layerScale: Double = 1
    ) {
      self.params = params
      self.lr = lr
      self.betas = betas
      self.eps = eps
      self.weightDecay = weightDecay
      self.decouple = decouple
      self.useBiasCorrection = useBiasCorrection
      self.growthRate = growthRate
      self.layerScale = layerScale
      d = d0
    }

    /// β₁, which momentum-cycling schedulers drive, as for Adam.
    public var schedulableMomentum: Double? {
      get { betas.0 }
      set { if let newValue { betas.0 = newValue } }
    }

    public var hyperparameters: StateDict {
      [
        "betas": .from([betas.0, betas.1]), "eps": .double(eps), "weight_decay": .double(weightDecay),
        "d": .double(d), "k": .int(k), "layer_scale": .double(layerScale),
        "numerator_weighted": .double(numeratorWeighted), "log_every": .int(0), "growth_rate": .double(growthRate),
        "use_bias_correction": .bool(useBiasCorrection), "decouple": .bool(decouple), "fsdp_in_use": .bool(false),
      ]
    }

    public mutating func restoreHyperparameters(from state: StateDict) throws(OptimizerError) {
      do {
        betas = try restoredBetas(state)
        eps = try state.double("eps")
        weightDecay = try state.double("weight_decay")
        d = try state.double("d")
        k = try state.int("k")
        layerScale = try state.double("layer_scale")
        numeratorWeighted = try state.double("numerator_weighted")
        growthRate = try state.double("growth_rate")
        useBiasCorrection = try state.bool("use_bias_correction")
        decouple = try state.bool("decouple")
      } catch {
        throw .stateMismatch("DAdaptAdam param group: \(error)")
      }
    }

    public func validate() throws(OptimizerError) {
      guard d > 0 else { throw .invalidArgument("Invalid d0 value: \(d)") }
      guard lr > 0 else { throw .invalidArgument("Invalid learning rate: \(lr)") }
      guard eps > 0 else { throw .invalidArgument("Invalid epsilon value: \(eps)") }
      guard betas.0 >= 0 && betas.0 < 1 else { throw .invalidArgument("Invalid beta parameter at index 0: \(betas.0)") }
      guard betas.1 >= 0 && betas.1 < 1 else { throw .invalidArgument("Invalid beta parameter at index 1: \(betas.1)") }
      guard weightDecay >= 0 else { throw .invalidArgument("Invalid weight_decay value: \(weightDecay)") }
    }
  }

  public var paramGroups: [ParamGroup]
  public var buffers: [[[String: Tensor]]]

  /// Creates the optimizer over one group; each default is the package's.
  public convenience init(
    _ params: [Tensor], lr: Double = 1.0, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
    weightDecay: Double = 0, decouple: Bool = false, useBiasCorrection: Bool = false, d0: Double = 1e-6,
    growthRate: Double = .infinity
  ) throws(OptimizerError) {
    try self.init(paramGroups: [
      ParamGroup(
        params: params, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, decouple: decouple,
        useBiasCorrection: useBiasCorrection, d0: d0, growthRate: growthRate)
    ])
  }

  /// Creates the optimizer over several param groups.
  public init(paramGroups: [ParamGroup]) throws(OptimizerError) {
    self.paramGroups = try Self.validated(paramGroups)
    self.buffers = paramGroups.map { Array(repeating: [:], count: $0.params.count) }
  }

  public func step() {
    guard let first = paramGroups.first else { return }
    let (beta1, beta2) = first.betas
    let k = first.k
    var d = first.d
    let lr = paramGroups.map(\.lr).max() ?? 0
    let biasCorrection =
      first.useBiasCorrection ? pow(1 - pow(beta2, Double(k + 1)), 0.5) / (1 - pow(beta1, Double(k + 1))) : 1
    let dlr = d * lr * biasCorrection
    let sqrtBeta2 = pow(beta2, 0.5)
    var numeratorAccumulated = 0.0
    var skL1 = 0.0
    for index in paramGroups.indices {
      let group = paramGroups[index]
      let r = group.layerScale
      stepGroup(index) { parameter, grad, state in
        if state["step"] == nil {
          state["step"] = Tensor(scalar: 0)
          state["s"] = Tensor.zeros(parameter.shape)
          state["exp_avg"] = Tensor.zeros(parameter.shape)
          state["exp_avg_sq"] = Tensor.zeros(parameter.shape)
        }
        guard group.lr > 0, let s = state["s"], let m = state["exp_avg"], let v = state["exp_avg_sq"] else { return }
        let (dot, absSum) = Kernels.dadaptAdamAccumulate(
          parameter: parameter, grad: grad, s: s, expAvg: m, expAvgSq: v,
          coupledDecay: group.decouple ? 0 : group.weightDecay, eps: group.eps, beta1: beta1, beta2: beta2,
          sqrtBeta2: sqrtBeta2, mAlpha: r * dlr * (1 - beta1), sAlpha: dlr * (1 - sqrtBeta2))
        numeratorAccumulated += r * dlr * Double(Float(dot))
        skL1 += r * Double(Float(absSum))
      }
    }
    let numeratorWeighted = sqrtBeta2 * first.numeratorWeighted + (1 - sqrtBeta2) * numeratorAccumulated
    guard skL1 != 0 else { return }
    if lr > 0 {
      let dHat = numeratorWeighted / ((1 - sqrtBeta2) * skL1)
      d = max(d, min(dHat, d * first.growthRate))
    }
    for index in paramGroups.indices {
      paramGroups[index].numeratorWeighted = numeratorWeighted
      paramGroups[index].d = d
      let group = paramGroups[index]
      stepGroup(index) { parameter, grad, state in
        guard let step = state["step"], let m = state["exp_avg"], let v = state["exp_avg_sq"] else { return }
        _ = step.incrementStep()
        let decoupled = group.decouple && group.weightDecay != 0
        Kernels.prodigyUpdate(
          parameter: parameter, grad: grad, expAvg: m, expAvgSq: v, coupledDecay: 0, dEps: group.eps,
          shrink: decoupled ? -group.weightDecay * dlr : 0, value: -1)
      }
      paramGroups[index].k = group.k + 1
    }
  }
}
