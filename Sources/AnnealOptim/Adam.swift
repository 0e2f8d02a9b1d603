// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealLRScheduler

#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Adam, with optional AMSGrad, maximisation, and L2 or decoupled weight decay
/// (PyTorch: `torch.optim.Adam`; Kingma & Ba, "Adam: A Method for Stochastic Optimization",
/// 2015; Reddi et al., "On the Convergence of Adam and Beyond", 2018).
///
/// For each parameter `p` with gradient `g`, at step `t`, as PyTorch computes it:
///
/// ```
/// g = maximize ? -g : g
/// if weightDecay != 0: decoupled ? p *= 1 - lr·weightDecay : g += weightDecay·p
/// m = lerp(m, g, 1 − β₁);   v = β₂·v + (1 − β₂)·g²
/// v̂ = amsgrad ? max(v̂, v) : v
/// p -= lr / (1 − β₁ᵗ) · m / (√v̂ / √(1 − β₂ᵗ) + eps)
/// ```
///
/// Schedulers that cycle momentum (`CyclicLR`, `OneCycleLR`) cycle β₁.
public class Adam: GroupedOptimizer {
  /// One param group and its hyperparameters.
  public struct ParamGroup: ParamGroupProtocol {
    public var params: [Tensor]
    public var lr: Double
    /// The decay rates of the moment estimates (PyTorch: `betas`).
    public var betas: (Double, Double)
    /// Added to the denominator for stability (PyTorch: `eps`).
    public var eps: Double
    /// The weight decay (PyTorch: `weight_decay`).
    public var weightDecay: Double
    /// Whether to use AMSGrad (PyTorch: `amsgrad`).
    public var amsgrad: Bool
    /// Whether to maximise the objective (PyTorch: `maximize`).
    public var maximize: Bool
    /// Whether weight decay is decoupled from the gradient, as in AdamW
    /// (PyTorch: `decoupled_weight_decay`).
    public var decoupledWeightDecay: Bool
    public var initialLR: Double?
    public var extras: [String: Double] = [:]

    /// Creates a group; each default is PyTorch's.
    public init(
      params: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
      weightDecay: Double = 0, amsgrad: Bool = false, maximize: Bool = false, decoupledWeightDecay: Bool = false
    ) {
      self.params = params
      self.lr = lr
      self.betas = betas
      self.eps = eps
      self.weightDecay = weightDecay
      self.amsgrad = amsgrad
      self.maximize = maximize
      self.decoupledWeightDecay = decoupledWeightDecay
    }

    public var schedulableMomentum: Double? {
      get { betas.0 }
      set { betas.0 = newValue ?? betas.0 }
    }

    public var hyperparameters: StateDict {
      [
        "betas": .from([betas.0, betas.1]), "eps": .double(eps), "weight_decay": .double(weightDecay),
        "amsgrad": .bool(amsgrad), "maximize": .bool(maximize), "decoupled_weight_decay": .bool(decoupledWeightDecay),
      ]
    }

    public mutating func restoreHyperparameters(from state: StateDict) throws(OptimizerError) {
      do {
        betas = try restoredBetas(state)
        eps = try state.double("eps")
        weightDecay = try state.double("weight_decay")
        amsgrad = try state.bool("amsgrad")
        maximize = try state.bool("maximize")
        decoupledWeightDecay = try state.bool("decoupled_weight_decay")
      } catch {
        throw .stateMismatch("Adam param group: \(error)")
      }
    }

    public func validate() throws(OptimizerError) {
      guard lr >= 0 else { throw .invalidArgument("Invalid learning rate: \(lr)") }
      guard eps >= 0 else { throw .invalidArgument("Invalid epsilon value: \(eps)") }
      guard betas.0 >= 0 && betas.0 < 1 else { throw .invalidArgument("Invalid beta parameter at index 0: \(betas.0)") }
      guard betas.1 >= 0 && betas.1 < 1 else { throw .invalidArgument("Invalid beta parameter at index 1: \(betas.1)") }
      guard weightDecay >= 0 else { throw .invalidArgument("Invalid weight_decay value: \(weightDecay)") }
    }
  }

  public var paramGroups: [ParamGroup]
  public var buffers: [[[String: Tensor]]]

  /// Creates the optimizer over one group; each default is PyTorch's.
  ///
  /// - Throws: ``OptimizerError/invalidArgument(_:)`` with PyTorch's messages.
  public convenience init(
    _ params: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
    weightDecay: Double = 0, amsgrad: Bool = false, maximize: Bool = false
  ) throws(OptimizerError) {
    try self.init(paramGroups: [
      ParamGroup(
        params: params, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad, maximize: maximize)
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
        if group.amsgrad { state["max_exp_avg_sq"] = Tensor.zeros(parameter.shape) }
      }
      guard let stepTensor = state["step"], let expAvg = state["exp_avg"], let expAvgSq = state["exp_avg_sq"] else {
        return
      }
      let step = stepTensor.incrementStep()
      Kernels.adamStep(
        parameter: parameter, grad: grad, expAvg: expAvg, expAvgSq: expAvgSq,
        maxExpAvgSq: group.amsgrad ? state["max_exp_avg_sq"] : nil, step: step, lr: group.lr, betas: group.betas,
        eps: group.eps, weightDecay: group.weightDecay, decoupled: group.decoupledWeightDecay,
        maximize: group.maximize)
    }
  }
}
