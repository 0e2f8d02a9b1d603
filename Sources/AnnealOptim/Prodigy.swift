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

/// Prodigy (Mishchenko and Defazio, "Prodigy: An Expeditiously Adaptive Parameter-Free
/// Learner", 2023; oracle: the `prodigyopt` package, 1.1.2): Adam whose step size `d` is
/// estimated from the distance travelled, so that `lr` is a multiplier (1.0 by default) that
/// schedulers may drive as usual.
///
/// The estimate is shared by all groups, as in the package: `d`, `d_max` and the numerator live
/// in every group and are updated together; groups may set `lr` to the same value or to 0.
/// The package's `fsdp_in_use` and `slice_p` (estimating from every `slice_p`-th entry) are not
/// offered: every entry counts. One difference in the state dict: a parameter that was all
/// zeros at its first step keeps `p0` as zeros of its shape, where the package keeps a 0-d zero.
public final class Prodigy: GroupedOptimizer {
  /// One param group and its hyperparameters.
  public struct ParamGroup: ParamGroupProtocol {
    public var params: [Tensor]
    /// The multiplier of the estimated step size (package: `lr`, default 1).
    public var lr: Double
    /// Adam's β₁ and β₂ (package: `betas`).
    public var betas: (Double, Double)
    /// The decay of the estimate's running sums (package: `beta3`); `nil` is `√β₂`.
    public var beta3: Double?
    /// Added to the denominator, scaled by `d` (package: `eps`).
    public var eps: Double
    /// The weight decay (package: `weight_decay`), decoupled (AdamW-style) unless `decouple`
    /// is `false`.
    public var weightDecay: Double
    /// Whether the weight decay is decoupled (package: `decouple`, default `true`).
    public var decouple: Bool
    /// Adam's bias correction in the step (package: `use_bias_correction`, default `false`).
    public var useBiasCorrection: Bool
    /// Leaves the learning rate out of the denominator's sum during warmup (package:
    /// `safeguard_warmup`).
    public var safeguardWarmup: Bool
    /// The initial estimate (package: `d0`, default 1e-6).
    public var d0: Double
    /// The factor of the estimate (package: `d_coef`).
    public var dCoef: Double
    /// The largest factor by which `d` may grow in a step (package: `growth_rate`, default ∞).
    public var growthRate: Double
    /// The current estimate (package: `d`).
    public var d: Double
    /// The largest estimate so far (package: `d_max`).
    public var dMax: Double
    /// The running numerator of the estimate (package: `d_numerator`).
    public var dNumerator = 0.0
    /// The last denominator and raw estimate (package: `d_denom`, `d_hat`), once stepped.
    public var dDenom: Double?
    public var dHat: Double?
    /// Steps taken (package: `k`).
    public var k = 0
    public var initialLR: Double?
    public var extras: [String: Double] = [:]

    /// Creates a group; each default is the package's.
    public init(
      params: [Tensor], lr: Double = 1.0, betas: (Double, Double) = (0.9, 0.999), beta3: Double? = nil,
      eps: Double = 1e-8, weightDecay: Double = 0, decouple: Bool = true, useBiasCorrection: Bool = false,
      safeguardWarmup: Bool = false, d0: Double = 1e-6, dCoef: Double = 1.0, growthRate: Double = .infinity
    ) {
      self.params = params
      self.lr = lr
      self.betas = betas
      self.beta3 = beta3
      self.eps = eps
      self.weightDecay = weightDecay
      self.decouple = decouple
      self.useBiasCorrection = useBiasCorrection
      self.safeguardWarmup = safeguardWarmup
      self.d0 = d0
      self.dCoef = dCoef
      self.growthRate = growthRate
      d = d0
      dMax = d0
    }

    /// β₁, which momentum-cycling schedulers drive, as for Adam.
    public var schedulableMomentum: Double? {
      get { betas.0 }
      set { if let newValue { betas.0 = newValue } }
    }

    public var hyperparameters: StateDict {
      var state: StateDict = [
        "betas": .from([betas.0, betas.1]), "beta3": beta3.map(StateValue.double) ?? .null, "eps": .double(eps),
        "weight_decay": .double(weightDecay), "d": .double(d), "d0": .double(d0), "d_max": .double(dMax),
        "d_numerator": .double(dNumerator), "d_coef": .double(dCoef), "k": .int(k), "growth_rate": .double(growthRate),
        "use_bias_correction": .bool(useBiasCorrection), "decouple": .bool(decouple),
        "safeguard_warmup": .bool(safeguardWarmup), "fsdp_in_use": .bool(false), "slice_p": .int(1),
      ]
      if let dDenom { state["d_denom"] = .double(dDenom) }
      if let dHat { state["d_hat"] = .double(dHat) }
      return state
    }

    public mutating func restoreHyperparameters(from state: StateDict) throws(OptimizerError) {
      do {
        betas = try restoredBetas(state)
        beta3 = state["beta3"].flatMap { $0 == .null ? nil : $0.doubleValue }
        eps = try state.double("eps")
        weightDecay = try state.double("weight_decay")
        d = try state.double("d")
        d0 = try state.double("d0")
        dMax = try state.double("d_max")
        dNumerator = try state.double("d_numerator")
        dCoef = try state.double("d_coef")
        k = try state.int("k")
        growthRate = try state.double("growth_rate")
        useBiasCorrection = try state.bool("use_bias_correction")
        decouple = try state.bool("decouple")
        safeguardWarmup = try state.bool("safeguard_warmup")
        dDenom = state["d_denom"]?.doubleValue
        dHat = state["d_hat"]?.doubleValue
      } catch {
        throw .stateMismatch("Prodigy param group: \(error)")
      }
    }

    public func validate() throws(OptimizerError) {
      guard d0 > 0 else { throw .invalidArgument("Invalid d0 value: \(d0)") }
      guard lr >= 0 else { throw .invalidArgument("Invalid learning rate: \(lr)") }
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
    _ params: [Tensor], lr: Double = 1.0, betas: (Double, Double) = (0.9, 0.999), beta3: Double? = nil,
    eps: Double = 1e-8, weightDecay: Double = 0, decouple: Bool = true, useBiasCorrection: Bool = false,
    safeguardWarmup: Bool = false, d0: Double = 1e-6, dCoef: Double = 1.0, growthRate: Double = .infinity
  ) throws(OptimizerError) {
    try self.init(paramGroups: [
      ParamGroup(
        params: params, lr: lr, betas: betas, beta3: beta3, eps: eps, weightDecay: weightDecay, decouple: decouple,
        useBiasCorrection: useBiasCorrection, safeguardWarmup: safeguardWarmup, d0: d0, dCoef: dCoef,
        growthRate: growthRate)
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
    let beta3 = first.beta3 ?? beta2.squareRoot()
    let k = first.k
    var d = first.d
    var dMax = first.dMax
    let lr = paramGroups.map(\.lr).max() ?? 0
    let biasCorrection =
      first.useBiasCorrection ? pow(1 - pow(beta2, Double(k + 1)), 0.5) / (1 - pow(beta1, Double(k + 1))) : 1
    let dlr = d * lr * biasCorrection
    let dNumerator = first.dNumerator * beta3
    var deltaNumerator = 0.0
    var dDenom = 0.0
    for index in paramGroups.indices {
      let group = paramGroups[index]
      let coupled = group.decouple ? 0 : group.weightDecay
      let sAlpha = group.safeguardWarmup ? (d / group.d0) * d : (d / group.d0) * dlr
      stepGroup(index) { parameter, grad, state in
        if state["step"] == nil {
          state["step"] = Tensor(scalar: 0)
          state["s"] = Tensor.zeros(parameter.shape)
          state["p0"] = parameter.contiguousCopy()
          if beta1 > 0 { state["exp_avg"] = Tensor.zeros(parameter.shape) }
          state["exp_avg_sq"] = Tensor.zeros(parameter.shape)
        }
        guard group.lr > 0, let s = state["s"], let p0 = state["p0"], let expAvgSq = state["exp_avg_sq"] else {
          return
        }
        let (dot, absSum) = Kernels.prodigyAccumulate(
          parameter: parameter, grad: grad, p0: p0, s: s, expAvg: state["exp_avg"], expAvgSq: expAvgSq,
          coupledDecay: coupled, beta1: beta1, beta2: beta2, beta3: beta3, mAlpha: d * (1 - beta1),
          vValue: d * d * (1 - beta2), sAlpha: sAlpha)
        deltaNumerator += (d / group.d0) * dlr * Double(Float(dot))
        dDenom += Double(Float(absSum))
      }
    }
    // No gradient moved the estimate: nothing changes, as in the package.
    guard dDenom != 0 else { return }
    let numerator = dNumerator + deltaNumerator
    var dHat = d
    if lr > 0 {
      dHat = first.dCoef * numerator / dDenom
      if d == first.d0 { d = max(d, dHat) }
      dMax = max(dMax, dHat)
      d = min(dMax, d * first.growthRate)
    }
    for index in paramGroups.indices {
      paramGroups[index].dNumerator = numerator
      paramGroups[index].dDenom = dDenom
      paramGroups[index].d = d
      paramGroups[index].dMax = dMax
      paramGroups[index].dHat = dHat
      let group = paramGroups[index]
      stepGroup(index) { parameter, grad, state in
        guard let step = state["step"], let expAvgSq = state["exp_avg_sq"] else { return }
        _ = step.incrementStep()
        let decoupled = group.decouple && group.weightDecay != 0
        Kernels.prodigyUpdate(
          parameter: parameter, grad: grad, expAvg: state["exp_avg"], expAvgSq: expAvgSq,
          coupledDecay: group.decouple ? 0 : group.weightDecay, dEps: d * group.eps,
          shrink: decoupled ? -group.weightDecay * dlr : 0, value: beta1 > 0 ? -dlr : -dlr * d)
      }
      paramGroups[index].k = group.k + 1
    }
  }
}
