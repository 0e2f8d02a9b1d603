// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealLRScheduler

/// Adagrad (PyTorch: `torch.optim.Adagrad`; Duchi et al., "Adaptive Subgradient Methods for
/// Online Learning and Stochastic Optimization", 2011).
///
/// ```
/// g = maximize ? -g : g;   if weightDecay != 0: g += weightDecay·p
/// clr = lr / (1 + (t − 1)·lrDecay);   s += g²;   p −= clr·g / (√s + eps)
/// ```
///
/// Adagrad has no momentum, so momentum-cycling schedulers reject it, as in PyTorch.
public final class Adagrad: GroupedOptimizer {
  /// One param group and its hyperparameters.
  public struct ParamGroup: ParamGroupProtocol {
    public var params: [Tensor]
    public var lr: Double
    /// The learning-rate decay (PyTorch: `lr_decay`).
    public var lrDecay: Double
    /// The L2 penalty (PyTorch: `weight_decay`).
    public var weightDecay: Double
    /// The accumulator's start (PyTorch: `initial_accumulator_value`).
    public var initialAccumulatorValue: Double
    /// Added to the denominator (PyTorch: `eps`).
    public var eps: Double
    /// Whether to maximise the objective (PyTorch: `maximize`).
    public var maximize: Bool
    public var initialLR: Double?
    public var extras: [String: Double] = [:]

    /// Creates a group; each default is PyTorch's.
    public init(
      params: [Tensor], lr: Double = 1e-2, lrDecay: Double = 0, weightDecay: Double = 0,
      initialAccumulatorValue: Double = 0, eps: Double = 1e-10, maximize: Bool = false
    ) {
      self.params = params
      self.lr = lr
      self.lrDecay = lrDecay
      self.weightDecay = weightDecay
      self.initialAccumulatorValue = initialAccumulatorValue
      self.eps = eps
      self.maximize = maximize
    }

    public var schedulableMomentum: Double? {
      get { nil }
      set {}
    }

    public var hyperparameters: StateDict {
      [
        "lr_decay": .double(lrDecay), "weight_decay": .double(weightDecay),
        "initial_accumulator_value": .double(initialAccumulatorValue), "eps": .double(eps),
        "maximize": .bool(maximize),
      ]
    }

    public mutating func restoreHyperparameters(from state: StateDict) throws(OptimizerError) {
      do {
        lrDecay = try state.double("lr_decay")
        weightDecay = try state.double("weight_decay")
        initialAccumulatorValue = try state.double("initial_accumulator_value")
        eps = try state.double("eps")
        maximize = try state.bool("maximize")
      } catch {
        throw .stateMismatch("Adagrad param group: \(error)")
      }
    }

    public func validate() throws(OptimizerError) {
      guard lr >= 0 else { throw .invalidArgument("Invalid learning rate: \(lr)") }
      guard lrDecay >= 0 else { throw .invalidArgument("Invalid lr_decay value: \(lrDecay)") }
      guard weightDecay >= 0 else { throw .invalidArgument("Invalid weight_decay value: \(weightDecay)") }
      guard initialAccumulatorValue >= 0 else {
        throw .invalidArgument("Invalid initial_accumulator_value value: \(initialAccumulatorValue)")
      }
      guard eps >= 0 else { throw .invalidArgument("Invalid epsilon value: \(eps)") }
    }
  }

  public var paramGroups: [ParamGroup]
  public var buffers: [[[String: Tensor]]]

  /// Creates the optimizer over one group; each default is PyTorch's.
  public convenience init(
    _ params: [Tensor], lr: Double = 1e-2, lrDecay: Double = 0, weightDecay: Double = 0,
    initialAccumulatorValue: Double = 0, eps: Double = 1e-10, maximize: Bool = false
  ) throws(OptimizerError) {
    try self.init(paramGroups: [
      ParamGroup(
        params: params, lr: lr, lrDecay: lrDecay, weightDecay: weightDecay,
        initialAccumulatorValue: initialAccumulatorValue, eps: eps, maximize: maximize)
    ])
  }

  /// Creates the optimizer over several param groups; like PyTorch, every parameter's
  /// accumulator is created at once.
  public init(paramGroups: [ParamGroup]) throws(OptimizerError) {
    self.paramGroups = try Self.validated(paramGroups)
    self.buffers = paramGroups.map { group in
      group.params.map { parameter in
        ["step": Tensor(scalar: 0), "sum": Tensor.full(parameter.shape, Float(group.initialAccumulatorValue))]
      }
    }
  }

  public func step() {
    forEachParameterWithGradient { group, parameter, grad, state in
      guard let stepTensor = state["step"], let sum = state["sum"] else { return }
      let step = stepTensor.incrementStep()
      Kernels.adagradStep(
        parameter: parameter, grad: grad, sum: sum, clr: group.lr / (1 + (step - 1) * group.lrDecay), eps: group.eps,
        weightDecay: group.weightDecay, maximize: group.maximize)
    }
  }
}
