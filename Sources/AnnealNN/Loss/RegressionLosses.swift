// Copyright © 2026 the Anneal authors.

import Anneal

/// The squared error (PyTorch: `torch.nn.MSELoss(reduction='mean')`).
public struct MSELoss: Sendable {
  /// How the elementwise losses are combined.
  public let reduction: Reduction
  /// Creates the loss.
  public init(reduction: Reduction = .mean) { self.reduction = reduction }
  /// The loss of `input` against a `target` of the same shape.
  public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
    mseLoss(input, target, reduction: reduction)
  }
}

/// The absolute error (PyTorch: `torch.nn.L1Loss(reduction='mean')`).
public struct L1Loss: Sendable {
  /// How the elementwise losses are combined.
  public let reduction: Reduction
  /// Creates the loss.
  public init(reduction: Reduction = .mean) { self.reduction = reduction }
  /// The loss of `input` against a `target` of the same shape.
  public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
    l1Loss(input, target, reduction: reduction)
  }
}

/// Squared below `beta`, absolute above (PyTorch: `torch.nn.SmoothL1Loss(reduction='mean',
/// beta=1.0)`).
public struct SmoothL1Loss: Sendable {
  /// How the elementwise losses are combined.
  public let reduction: Reduction
  /// Where the loss turns from squared to absolute.
  public let beta: Double
  /// Creates the loss.
  public init(reduction: Reduction = .mean, beta: Double = 1) {
    self.reduction = reduction
    self.beta = beta
  }
  /// The loss of `input` against a `target` of the same shape.
  public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
    smoothL1Loss(input, target, reduction: reduction, beta: beta)
  }
}

/// Squared below `delta`, `delta`-scaled absolute above (PyTorch: `torch.nn.HuberLoss(
/// reduction='mean', delta=1.0)`).
public struct HuberLoss: Sendable {
  /// How the elementwise losses are combined.
  public let reduction: Reduction
  /// Where the loss turns from squared to absolute.
  public let delta: Double
  /// Creates the loss.
  public init(reduction: Reduction = .mean, delta: Double = 1) {
    self.reduction = reduction
    self.delta = delta
  }
  /// The loss of `input` against a `target` of the same shape.
  public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
    huberLoss(input, target, reduction: reduction, delta: delta)
  }
}

/// The binary cross-entropy of probabilities (PyTorch: `torch.nn.BCELoss(weight=None,
/// reduction='mean')`).
public struct BCELoss {
  /// A rescaling weight broadcast to the input's shape, or `nil`.
  public let weight: Tensor?
  /// How the elementwise losses are combined.
  public let reduction: Reduction
  /// Creates the loss.
  public init(weight: Tensor? = nil, reduction: Reduction = .mean) {
    self.weight = weight?.detach()
    self.reduction = reduction
  }
  /// The loss of probabilities `input` against a `target` of the same shape.
  public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
    binaryCrossEntropy(input, target, weight: weight, reduction: reduction)
  }
}

/// The binary cross-entropy of raw scores (PyTorch: `torch.nn.BCEWithLogitsLoss(weight=None,
/// reduction='mean', pos_weight=None)`).
public struct BCEWithLogitsLoss {
  /// A rescaling weight broadcast to the input's shape, or `nil`.
  public let weight: Tensor?
  /// The weight of positive targets per class, or `nil`.
  public let posWeight: Tensor?
  /// How the elementwise losses are combined.
  public let reduction: Reduction
  /// Creates the loss.
  public init(weight: Tensor? = nil, reduction: Reduction = .mean, posWeight: Tensor? = nil) {
    self.weight = weight?.detach()
    self.posWeight = posWeight?.detach()
    self.reduction = reduction
  }
  /// The loss of raw scores `input` against a `target` of the same shape.
  public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
    binaryCrossEntropyWithLogits(input, target, weight: weight, posWeight: posWeight, reduction: reduction)
  }
}

/// The Kullback–Leibler divergence (PyTorch: `torch.nn.KLDivLoss(reduction='mean',
/// log_target=False)`).
public struct KLDivLoss: Sendable {
  /// How the pointwise terms are combined; `.batchMean` gives the true divergence.
  public let reduction: KLDivReduction
  /// Whether the target is given as log-probabilities.
  public let logTarget: Bool
  /// Creates the loss.
  public init(reduction: KLDivReduction = .mean, logTarget: Bool = false) {
    self.reduction = reduction
    self.logTarget = logTarget
  }
  /// The divergence of `target` from the log-probabilities `input`.
  public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
    klDiv(input, target, reduction: reduction, logTarget: logTarget)
  }
}
