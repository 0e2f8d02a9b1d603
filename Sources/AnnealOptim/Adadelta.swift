// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealLRScheduler
import AnnealState

/// Adadelta (PyTorch: `torch.optim.Adadelta`; Zeiler, "ADADELTA: An Adaptive Learning Rate
/// Method", 2012), in PyTorch's single-tensor order of operations:
///
/// ```
/// g = maximize ? -g : g;   if weightDecay != 0: g += weightDecay·p
/// v = ρ·v + (1 − ρ)·g²
/// Δ = √(u + eps) / √(v + eps) · g
/// u = ρ·u + (1 − ρ)·Δ²
/// p −= lr·Δ
/// ```
///
/// The learning rate scales the update (PyTorch's default is 1.0, as in pytorch/examples'
/// MNIST), so the schedulers drive it as any other.
public final class Adadelta: GroupedOptimizer {
  /// One param group and its hyperparameters.
  public struct ParamGroup: ParamGroupProtocol {
    public var params: [Tensor]
    public var lr: Double
    /// The decay of the running averages (PyTorch: `rho`).
    public var rho: Double
    /// Added inside the square roots (PyTorch: `eps`).
    public var eps: Double
    /// The L2 penalty (PyTorch: `weight_decay`).
    public var weightDecay: Double
    /// Whether to maximise the objective (PyTorch: `maximize`).
    public var maximize: Bool
    public var initialLR: Double?
    public var extras: [String: Double] = [:]

    /// Creates a group; each default is PyTorch's.
    public init(
      params: [Tensor], lr: Double = 1.0, rho: Double = 0.9, eps: Double = 1e-6, weightDecay: Double = 0,
      maximize: Bool = false
    ) {
      self.params = params
      self.lr = lr
      self.rho = rho
      self.eps = eps
      self.weightDecay = weightDecay
      self.maximize = maximize
    }

    /// Adadelta has no momentum for a scheduler to cycle.
    public var schedulableMomentum: Double? {
      get { nil }
      set {}
    }

    public var hyperparameters: StateDict {
      [
        "rho": .double(rho), "eps": .double(eps), "weight_decay": .double(weightDecay), "maximize": .bool(maximize),
        "foreach": .null, "capturable": .bool(false), "differentiable": .bool(false),
      ]
    }

    public mutating func restoreHyperparameters(from state: StateDict) throws(OptimizerError) {
      do {
        rho = try state.double("rho")
        eps = try state.double("eps")
        weightDecay = try state.double("weight_decay")
        maximize = try state.bool("maximize")
      } catch {
        throw .stateMismatch("Adadelta param group: \(error)")
      }
    }

    public func validate() throws(OptimizerError) {
      guard lr >= 0 else { throw .invalidArgument("Invalid learning rate: \(lr)") }
      guard rho >= 0 && rho <= 1 else { throw .invalidArgument("Invalid rho value: \(rho)") }
      guard eps >= 0 else { throw .invalidArgument("Invalid epsilon value: \(eps)") }
      guard weightDecay >= 0 else { throw .invalidArgument("Invalid weight_decay value: \(weightDecay)") }
    }
  }

  public var paramGroups: [ParamGroup]
  public var buffers: [[[String: Tensor]]]

  /// Creates the optimizer over one group; each default is PyTorch's.
  public convenience init(
    _ params: [Tensor], lr: Double = 1.0, rho: Double = 0.9, eps: Double = 1e-6, weightDecay: Double = 0,
    maximize: Bool = false
  ) throws(OptimizerError) {
    try self.init(paramGroups: [
      ParamGroup(params: params, lr: lr, rho: rho, eps: eps, weightDecay: weightDecay, maximize: maximize)
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
        state["square_avg"] = Tensor.zeros(parameter.shape)
        state["acc_delta"] = Tensor.zeros(parameter.shape)
      }
      guard let stepTensor = state["step"], let squareAvg = state["square_avg"], let accDelta = state["acc_delta"]
      else { return }
      _ = stepTensor.incrementStep()
      Kernels.adadeltaStep(
        parameter: parameter, grad: grad, squareAvg: squareAvg, accDelta: accDelta, lr: group.lr, rho: group.rho,
        eps: group.eps, weightDecay: group.weightDecay, maximize: group.maximize)
    }
  }
}
