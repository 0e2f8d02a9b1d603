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

/// The hyperparameters Adamax, NAdam and RAdam share with Adam, checked with PyTorch's messages.
private func validateAdamLike(lr: Double, betas: (Double, Double), eps: Double, weightDecay: Double)
  throws(OptimizerError)
{
  guard lr >= 0 else { throw .invalidArgument("Invalid learning rate: \(lr)") }
  guard eps >= 0 else { throw .invalidArgument("Invalid epsilon value: \(eps)") }
  guard betas.0 >= 0 && betas.0 < 1 else { throw .invalidArgument("Invalid beta parameter at index 0: \(betas.0)") }
  guard betas.1 >= 0 && betas.1 < 1 else { throw .invalidArgument("Invalid beta parameter at index 1: \(betas.1)") }
  guard weightDecay >= 0 else { throw .invalidArgument("Invalid weight_decay value: \(weightDecay)") }
}

/// Reads PyTorch's `betas` pair from a param group's saved hyperparameters.
func restoredBetas(_ state: StateDict) throws(StateError) -> (Double, Double) {
  let betas = try state.doubles("betas")
  guard betas.count == 2 else { throw StateError("'betas' needs two values") }
  return (betas[0], betas[1])
}

/// The keys PyTorch keeps in every group of these optimizers and Anneal does not use.
private let implementationFlags: StateDict = [
  "foreach": .null, "capturable": .bool(false), "differentiable": .bool(false),
]

/// Adamax, Adam with the infinity norm (PyTorch: `torch.optim.Adamax`; Kingma & Ba, 2015, §7),
/// in PyTorch's single-tensor order:
///
/// ```
/// g = maximize ? -g : g;   if weightDecay != 0: g += weightDecay·p
/// m = lerp(m, g, 1 − β₁);   u = max(β₂·u, |g| + eps)
/// p −= lr / (1 − β₁ᵗ) · m / u
/// ```
public final class Adamax: GroupedOptimizer {
  /// One param group and its hyperparameters.
  public struct ParamGroup: ParamGroupProtocol {
    public var params: [Tensor]
    public var lr: Double
    /// The decay rates of the average and the infinity norm (PyTorch: `betas`).
    public var betas: (Double, Double)
    /// Added to the norm (PyTorch: `eps`).
    public var eps: Double
    /// The L2 penalty (PyTorch: `weight_decay`).
    public var weightDecay: Double
    /// Whether to maximise the objective (PyTorch: `maximize`).
    public var maximize: Bool
    public var initialLR: Double?
    public var extras: [String: Double] = [:]

    /// Creates a group; each default is PyTorch's.
    public init(
      params: [Tensor], lr: Double = 2e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
      weightDecay: Double = 0, maximize: Bool = false
    ) {
      self.params = params
      self.lr = lr
      self.betas = betas
      self.eps = eps
      self.weightDecay = weightDecay
      self.maximize = maximize
    }

    /// β₁, which `CyclicLR` and `OneCycleLR` cycle.
    public var schedulableMomentum: Double? {
      get { betas.0 }
      set { betas.0 = newValue ?? betas.0 }
    }

    public var hyperparameters: StateDict {
      implementationFlags.merging(
        [
          "betas": .from([betas.0, betas.1]), "eps": .double(eps), "weight_decay": .double(weightDecay),
          "maximize": .bool(maximize),
        ], uniquingKeysWith: { $1 })
    }

    public mutating func restoreHyperparameters(from state: StateDict) throws(OptimizerError) {
      do {
        betas = try restoredBetas(state)
        eps = try state.double("eps")
        weightDecay = try state.double("weight_decay")
        maximize = try state.bool("maximize")
      } catch {
        throw .stateMismatch("Adamax param group: \(error)")
      }
    }

    public func validate() throws(OptimizerError) {
      try validateAdamLike(lr: lr, betas: betas, eps: eps, weightDecay: weightDecay)
    }
  }

  public var paramGroups: [ParamGroup]
  public var buffers: [[[String: Tensor]]]

  /// Creates the optimizer over one group; each default is PyTorch's.
  public convenience init(
    _ params: [Tensor], lr: Double = 2e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
    weightDecay: Double = 0, maximize: Bool = false
  ) throws(OptimizerError) {
    try self.init(paramGroups: [
      ParamGroup(params: params, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, maximize: maximize)
    ])
  }

  /// Creates the optimizer over several param groups.
  public init(paramGroups: [ParamGroup]) throws(OptimizerError) {
    self.paramGroups = try Self.validated(paramGroups)
    self.buffers = paramGroups.map { Array(repeating: [:], count: $0.params.count) }
  }

  public func step() {
    forEachParameterWithGradient { group, parameter, grad, state in
      if state["step"] == nil {
        state["step"] = Tensor(scalar: 0)
        state["exp_avg"] = Tensor.zeros(parameter.shape)
        state["exp_inf"] = Tensor.zeros(parameter.shape)
      }
      guard let stepTensor = state["step"], let expAvg = state["exp_avg"], let expInf = state["exp_inf"] else {
        return
      }
      let step = stepTensor.incrementStep()
      Kernels.adamaxStep(
        parameter: parameter, grad: grad, expAvg: expAvg, expInf: expInf, step: step, lr: group.lr,
        betas: group.betas, eps: group.eps, weightDecay: group.weightDecay, maximize: group.maximize)
    }
  }
}

/// NAdam, Adam with Nesterov momentum and a momentum schedule (PyTorch: `torch.optim.NAdam`;
/// Dozat, "Incorporating Nesterov Momentum into Adam", 2016), in PyTorch's single-tensor order:
///
/// ```
/// μₜ = β₁·(1 − 0.5·0.96^(t·momentumDecay));   Πμ = Πμ·μₜ (float32 state `mu_product`)
/// m = lerp(m, g, 1 − β₁);   v = β₂·v + (1 − β₂)·g²;   d = √(v / (1 − β₂ᵗ)) + eps
/// p += −lr·(1 − μₜ)/(1 − Πμ) · g / d;   p += −lr·μₜ₊₁/(1 − Πμ·μₜ₊₁) · m / d
/// ```
///
/// Weight decay is L2 on the gradient, or decoupled (NAdamW) with `decoupledWeightDecay`.
public final class NAdam: GroupedOptimizer {
  /// One param group and its hyperparameters.
  public struct ParamGroup: ParamGroupProtocol {
    public var params: [Tensor]
    public var lr: Double
    /// The decay rates of the moment estimates (PyTorch: `betas`).
    public var betas: (Double, Double)
    /// Added to the denominator (PyTorch: `eps`).
    public var eps: Double
    /// The weight decay (PyTorch: `weight_decay`).
    public var weightDecay: Double
    /// How fast the momentum schedule rises (PyTorch: `momentum_decay`).
    public var momentumDecay: Double
    /// Whether weight decay is decoupled, as in AdamW (PyTorch: `decoupled_weight_decay`).
    public var decoupledWeightDecay: Bool
    /// Whether to maximise the objective (PyTorch: `maximize`).
    public var maximize: Bool
    public var initialLR: Double?
    public var extras: [String: Double] = [:]

    /// Creates a group; each default is PyTorch's.
    public init(
      params: [Tensor], lr: Double = 2e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
      weightDecay: Double = 0, momentumDecay: Double = 4e-3, decoupledWeightDecay: Bool = false,
      maximize: Bool = false
    ) {
      self.params = params
      self.lr = lr
      self.betas = betas
      self.eps = eps
      self.weightDecay = weightDecay
      self.momentumDecay = momentumDecay
      self.decoupledWeightDecay = decoupledWeightDecay
      self.maximize = maximize
    }

    /// β₁, which `CyclicLR` and `OneCycleLR` cycle.
    public var schedulableMomentum: Double? {
      get { betas.0 }
      set { betas.0 = newValue ?? betas.0 }
    }

    public var hyperparameters: StateDict {
      implementationFlags.merging(
        [
          "betas": .from([betas.0, betas.1]), "eps": .double(eps), "weight_decay": .double(weightDecay),
          "momentum_decay": .double(momentumDecay), "decoupled_weight_decay": .bool(decoupledWeightDecay),
          "maximize": .bool(maximize),
        ], uniquingKeysWith: { $1 })
    }

    public mutating func restoreHyperparameters(from state: StateDict) throws(OptimizerError) {
      do {
        betas = try restoredBetas(state)
        eps = try state.double("eps")
        weightDecay = try state.double("weight_decay")
        momentumDecay = try state.double("momentum_decay")
        decoupledWeightDecay = try state.bool("decoupled_weight_decay")
        maximize = try state.bool("maximize")
      } catch {
        throw .stateMismatch("NAdam param group: \(error)")
      }
    }

    public func validate() throws(OptimizerError) {
      try validateAdamLike(lr: lr, betas: betas, eps: eps, weightDecay: weightDecay)
      guard momentumDecay >= 0 else { throw .invalidArgument("Invalid momentum_decay value: \(momentumDecay)") }
    }
  }

  public var paramGroups: [ParamGroup]
  public var buffers: [[[String: Tensor]]]

  /// Creates the optimizer over one group; each default is PyTorch's.
  public convenience init(
    _ params: [Tensor], lr: Double = 2e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
    weightDecay: Double = 0, momentumDecay: Double = 4e-3, decoupledWeightDecay: Bool = false,
    maximize: Bool = false
  ) throws(OptimizerError) {
    try self.init(paramGroups: [
      ParamGroup(
        params: params, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, momentumDecay: momentumDecay,
        decoupledWeightDecay: decoupledWeightDecay, maximize: maximize)
    ])
  }

  /// Creates the optimizer over several param groups.
  public init(paramGroups: [ParamGroup]) throws(OptimizerError) {
    self.paramGroups = try Self.validated(paramGroups)
    self.buffers = paramGroups.map { Array(repeating: [:], count: $0.params.count) }
  }

  public func step() {
    forEachParameterWithGradient { group, parameter, grad, state in
      if state["step"] == nil {
        state["step"] = Tensor(scalar: 0)
        state["mu_product"] = Tensor(scalar: 1)
        state["exp_avg"] = Tensor.zeros(parameter.shape)
        state["exp_avg_sq"] = Tensor.zeros(parameter.shape)
      }
      guard let stepTensor = state["step"], let muProduct = state["mu_product"], let expAvg = state["exp_avg"],
        let expAvgSq = state["exp_avg_sq"]
      else { return }
      let step = stepTensor.incrementStep()
      let (beta1, beta2) = group.betas
      let mu = beta1 * (1.0 - 0.5 * pow(0.96, step * group.momentumDecay))
      let muNext = beta1 * (1.0 - 0.5 * pow(0.96, (step + 1) * group.momentumDecay))
      // `mu_product *= mu` on a float32 0-D tensor; later read back as a Python float.
      let product = Double(Float(muProduct.item()) * Float(mu))
      Kernels.fill(muProduct, with: product)
      let productNext = product * muNext
      Kernels.nadamStep(
        parameter: parameter, grad: grad, expAvg: expAvg, expAvgSq: expAvgSq, beta1: beta1, beta2: beta2,
        biasCorrection2: 1 - pow(beta2, step), gradValue: -group.lr * (1.0 - mu) / (1.0 - product),
        averageValue: (-group.lr * muNext) / (1.0 - productNext), eps: group.eps, weightDecay: group.weightDecay,
        decoupled: group.decoupledWeightDecay, shrink: 1 - group.lr * group.weightDecay, maximize: group.maximize)
    }
  }
}

/// RAdam, Adam with the variance of the adaptive learning rate rectified (PyTorch:
/// `torch.optim.RAdam`; Liu et al., "On the Variance of the Adaptive Learning Rate and Beyond",
/// 2020), in PyTorch's single-tensor order: with ρ∞ = 2/(1 − β₂) − 1 and
/// ρₜ = ρ∞ − 2t·β₂ᵗ/(1 − β₂ᵗ), the update is `lr·m/(1 − β₁ᵗ)`, times
/// `√(1 − β₂ᵗ)/(√v + eps)` and the rectification `√((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ))` once
/// ρₜ > 5 (plain momentum SGD before).
///
/// Weight decay is L2 on the gradient, or decoupled (RAdamW) with `decoupledWeightDecay`.
public final class RAdam: GroupedOptimizer {
  /// One param group and its hyperparameters.
  public struct ParamGroup: ParamGroupProtocol {
    public var params: [Tensor]
    public var lr: Double
    /// The decay rates of the moment estimates (PyTorch: `betas`).
    public var betas: (Double, Double)
    /// Added to the denominator (PyTorch: `eps`).
    public var eps: Double
    /// The weight decay (PyTorch: `weight_decay`).
    public var weightDecay: Double
    /// Whether weight decay is decoupled, as in AdamW (PyTorch: `decoupled_weight_decay`).
    public var decoupledWeightDecay: Bool
    /// Whether to maximise the objective (PyTorch: `maximize`).
    public var maximize: Bool
    public var initialLR: Double?
    public var extras: [String: Double] = [:]

    /// Creates a group; each default is PyTorch's.
    public init(
      params: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
      weightDecay: Double = 0, decoupledWeightDecay: Bool = false, maximize: Bool = false
    ) {
      self.params = params
      self.lr = lr
      self.betas = betas
      self.eps = eps
      self.weightDecay = weightDecay
      self.decoupledWeightDecay = decoupledWeightDecay
      self.maximize = maximize
    }

    /// β₁, which `CyclicLR` and `OneCycleLR` cycle.
    public var schedulableMomentum: Double? {
      get { betas.0 }
      set { betas.0 = newValue ?? betas.0 }
    }

    public var hyperparameters: StateDict {
      implementationFlags.merging(
        [
          "betas": .from([betas.0, betas.1]), "eps": .double(eps), "weight_decay": .double(weightDecay),
          "decoupled_weight_decay": .bool(decoupledWeightDecay), "maximize": .bool(maximize),
        ], uniquingKeysWith: { $1 })
    }

    public mutating func restoreHyperparameters(from state: StateDict) throws(OptimizerError) {
      do {
        betas = try restoredBetas(state)
        eps = try state.double("eps")
        weightDecay = try state.double("weight_decay")
        decoupledWeightDecay = try state.bool("decoupled_weight_decay")
        maximize = try state.bool("maximize")
      } catch {
        throw .stateMismatch("RAdam param group: \(error)")
      }
    }

    public func validate() throws(OptimizerError) {
      try validateAdamLike(lr: lr, betas: betas, eps: eps, weightDecay: weightDecay)
    }
  }

  public var paramGroups: [ParamGroup]
  public var buffers: [[[String: Tensor]]]

  /// Creates the optimizer over one group; each default is PyTorch's.
  public convenience init(
    _ params: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
    weightDecay: Double = 0, decoupledWeightDecay: Bool = false, maximize: Bool = false
  ) throws(OptimizerError) {
    try self.init(paramGroups: [
      ParamGroup(
        params: params, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay,
        decoupledWeightDecay: decoupledWeightDecay, maximize: maximize)
    ])
  }

  /// Creates the optimizer over several param groups.
  public init(paramGroups: [ParamGroup]) throws(OptimizerError) {
    self.paramGroups = try Self.validated(paramGroups)
    self.buffers = paramGroups.map { Array(repeating: [:], count: $0.params.count) }
  }

  public func step() {
    forEachParameterWithGradient { group, parameter, grad, state in
      if state["step"] == nil {
        state["step"] = Tensor(scalar: 0)
        state["exp_avg"] = Tensor.zeros(parameter.shape)
        state["exp_avg_sq"] = Tensor.zeros(parameter.shape)
      }
      guard let stepTensor = state["step"], let expAvg = state["exp_avg"], let expAvgSq = state["exp_avg_sq"] else {
        return
      }
      let step = stepTensor.incrementStep()
      let (beta1, beta2) = group.betas
      let biasCorrection1 = 1 - pow(beta1, step)
      let biasCorrection2 = 1 - pow(beta2, step)
      let rhoInf = 2 / (1 - beta2) - 1
      let rhoT = rhoInf - 2 * step * pow(beta2, step) / biasCorrection2
      let rect =
        rhoT > 5.0 ? pow((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT), 0.5) : nil
      Kernels.radamStep(
        parameter: parameter, grad: grad, expAvg: expAvg, expAvgSq: expAvgSq, betas: group.betas,
        biasCorrection1: biasCorrection1, biasCorrection2Sqrt: pow(biasCorrection2, 0.5), rect: rect, lr: group.lr,
        eps: group.eps, weightDecay: group.weightDecay, decoupled: group.decoupledWeightDecay,
        shrink: 1 - group.lr * group.weightDecay, maximize: group.maximize)
    }
  }
}
