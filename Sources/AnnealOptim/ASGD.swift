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

/// Averaged stochastic gradient descent (PyTorch: `torch.optim.ASGD`; Polyak & Juditsky,
/// "Acceleration of Stochastic Approximation by Averaging", 1992), in PyTorch's single-tensor
/// order. Each parameter keeps a step size `eta` and an averaging weight `mu` (float32 state,
/// as in PyTorch) and the average `ax`:
///
/// ```
/// p = p·(1 − λ·η) − η·g
/// ax = μ == 1 ? p : ax + (p − ax)·μ
/// η = lr / (1 + λ·lr·t)^α;   μ = 1 / max(1, t − t₀)
/// ```
///
/// As in PyTorch, a step uses the `eta` computed after the previous one, so a scheduler's
/// learning rate reaches the update one step later.
public final class ASGD: GroupedOptimizer {
  /// One param group and its hyperparameters.
  public struct ParamGroup: ParamGroupProtocol {
    public var params: [Tensor]
    public var lr: Double
    /// The decay term (PyTorch: `lambd`).
    public var lambd: Double
    /// The power of the step-size decay (PyTorch: `alpha`).
    public var alpha: Double
    /// The step at which averaging starts (PyTorch: `t0`).
    public var t0: Double
    /// The L2 penalty (PyTorch: `weight_decay`).
    public var weightDecay: Double
    /// Whether to maximise the objective (PyTorch: `maximize`).
    public var maximize: Bool
    public var initialLR: Double?
    public var extras: [String: Double] = [:]

    /// Creates a group; each default is PyTorch's.
    public init(
      params: [Tensor], lr: Double = 1e-2, lambd: Double = 1e-4, alpha: Double = 0.75, t0: Double = 1e6,
      weightDecay: Double = 0, maximize: Bool = false
    ) {
      self.params = params
      self.lr = lr
      self.lambd = lambd
      self.alpha = alpha
      self.t0 = t0
      self.weightDecay = weightDecay
      self.maximize = maximize
    }

    /// ASGD has no momentum for a scheduler to cycle.
    public var schedulableMomentum: Double? {
      get { nil }
      set {}
    }

    public var hyperparameters: StateDict {
      [
        "lambd": .double(lambd), "alpha": .double(alpha), "t0": .double(t0), "weight_decay": .double(weightDecay),
        "maximize": .bool(maximize), "foreach": .null, "capturable": .bool(false), "differentiable": .bool(false),
      ]
    }

    public mutating func restoreHyperparameters(from state: StateDict) throws(OptimizerError) {
      do {
        lambd = try state.double("lambd")
        alpha = try state.double("alpha")
        t0 = try state.double("t0")
        weightDecay = try state.double("weight_decay")
        maximize = try state.bool("maximize")
      } catch {
        throw .stateMismatch("ASGD param group: \(error)")
      }
    }

    public func validate() throws(OptimizerError) {
      guard lr >= 0 else { throw .invalidArgument("Invalid learning rate: \(lr)") }
      guard weightDecay >= 0 else { throw .invalidArgument("Invalid weight_decay value: \(weightDecay)") }
    }
  }

  public var paramGroups: [ParamGroup]
  public var buffers: [[[String: Tensor]]]

  /// Creates the optimizer over one group; each default is PyTorch's.
  public convenience init(
    _ params: [Tensor], lr: Double = 1e-2, lambd: Double = 1e-4, alpha: Double = 0.75, t0: Double = 1e6,
    weightDecay: Double = 0, maximize: Bool = false
  ) throws(OptimizerError) {
    try self.init(paramGroups: [
      ParamGroup(
        params: params, lr: lr, lambd: lambd, alpha: alpha, t0: t0, weightDecay: weightDecay, maximize: maximize)
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
        state["eta"] = Tensor(scalar: Float(group.lr))
        state["mu"] = Tensor(scalar: 1)
        state["ax"] = Tensor.zeros(parameter.shape)
      }
      guard let stepTensor = state["step"], let eta = state["eta"], let mu = state["mu"], let ax = state["ax"]
      else { return }
      let step = stepTensor.incrementStep()
      Kernels.asgdStep(
        parameter: parameter, grad: grad, ax: ax, eta: Double(eta.item()), mu: Double(mu.item()),
        lambd: group.lambd, weightDecay: group.weightDecay, maximize: group.maximize)
      // `torch.as_tensor(python float)` is float32, copied into the float32 state.
      Kernels.fill(eta, with: Double(Float(group.lr / pow(1 + group.lambd * group.lr * step, group.alpha))))
      Kernels.fill(mu, with: Double(Float(1 / max(1, step - group.t0))))
    }
  }
}
