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
/// Schedulers that cycle momentum (``CyclicLR``, ``OneCycleLR``) cycle β₁.
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
        let betas = try state.doubles("betas")
        guard betas.count == 2 else { throw LRSchedulerError.stateMismatch("'betas' needs two values") }
        self.betas = (betas[0], betas[1])
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
      stepTensor.storage.base[0] += 1
      let step = Double(stepTensor.storage.base[0])
      let (beta1, beta2) = group.betas
      let decay = group.weightDecay
      let weight = Float(1 - beta1)
      let oneMinusBeta2 = Float(1 - beta2)
      let beta2f = Float(beta2)
      let stepSize = group.lr / (1 - pow(beta1, step))
      let bias2Sqrt = Float(pow(1 - pow(beta2, step), 0.5))
      let eps = Float(group.eps)
      let value = Float(-stepSize)
      let shrink = Float(1 - group.lr * decay)
      let (p, g, m, v) = (parameter.storage.base, grad.storage.base, expAvg.storage.base, expAvgSq.storage.base)
      let vMax = group.amsgrad ? state["max_exp_avg_sq"]?.storage.base : nil
      if vMax == nil, !group.maximize, decay == 0, weight < 0.5 {
        // The common case, branch-free so that it vectorises; the same operations as below.
        for i in 0..<parameter.count {
          let d = g[i]
          m[i] = m[i] + weight * (d - m[i])
          v[i] = v[i] * beta2f + oneMinusBeta2 * d * d
          p[i] = p[i] + value * m[i] / (v[i].squareRoot() / bias2Sqrt + eps)
        }
        return
      }
      for i in 0..<parameter.count {
        var d = group.maximize ? -g[i] : g[i]
        if decay != 0 {
          if group.decoupledWeightDecay { p[i] = p[i] * shrink } else { d = d + Float(decay) * p[i] }
        }
        m[i] = weight < 0.5 ? m[i] + weight * (d - m[i]) : d - (d - m[i]) * (1 - weight)
        v[i] = v[i] * beta2f + oneMinusBeta2 * d * d
        var second = v[i]
        if let vMax {
          vMax[i] = Swift.max(vMax[i], v[i])
          second = vMax[i]
        }
        let denominator = second.squareRoot() / bias2Sqrt + eps
        p[i] = p[i] + value * m[i] / denominator
      }
    }
  }
}
