// Copyright © 2026 the Anneal authors.

import Anneal

/// The cross-entropy between raw scores and class indices or class probabilities
/// (PyTorch: `torch.nn.CrossEntropyLoss(weight=None, ignore_index=-100, reduction='mean',
/// label_smoothing=0.0)`); see `crossEntropy(_:targets:weight:ignoreIndex:reduction:labelSmoothing:)`.
///
/// ```swift
/// let criterion = CrossEntropyLoss()
/// let loss = criterion(model(images), labels)
/// ```
public struct CrossEntropyLoss {
  /// One weight per class, or `nil`.
  public let weight: Tensor?
  /// An index target that contributes neither loss nor weight.
  public let ignoreIndex: Int
  /// How the per-sample losses are combined.
  public let reduction: Reduction
  /// ε: the targets become `(1 − ε)·target + ε/classes`.
  public let labelSmoothing: Double

  /// Creates the loss with PyTorch's defaults.
  public init(weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: Reduction = .mean, labelSmoothing: Double = 0)
  {
    self.weight = weight?.detach()
    self.ignoreIndex = ignoreIndex
    self.reduction = reduction
    self.labelSmoothing = labelSmoothing
  }

  /// The loss of `logits` for int64 class `targets` or float32 class probabilities.
  public func callAsFunction(_ logits: Tensor, _ targets: Tensor) -> Tensor {
    crossEntropy(
      logits, targets: targets, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction,
      labelSmoothing: labelSmoothing)
  }

  /// The loss of `logits` (`[batch, classes]`) for `targets` (one class index per row).
  public func callAsFunction(_ logits: Tensor, _ targets: [Int]) -> Tensor {
    self(logits, Tensor(elements: targets.map(Int64.init)))
  }
}

/// The negative log-likelihood of class indices under log-probabilities (PyTorch:
/// `torch.nn.NLLLoss(weight=None, ignore_index=-100, reduction='mean')`).
public struct NLLLoss {
  /// One weight per class, or `nil`.
  public let weight: Tensor?
  /// A target that contributes neither loss nor weight.
  public let ignoreIndex: Int
  /// How the per-sample losses are combined.
  public let reduction: Reduction

  /// Creates the loss with PyTorch's defaults.
  public init(weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: Reduction = .mean) {
    self.weight = weight?.detach()
    self.ignoreIndex = ignoreIndex
    self.reduction = reduction
  }

  /// The loss of log-probabilities `input` for int64 class `targets`.
  public func callAsFunction(_ input: Tensor, _ targets: Tensor) -> Tensor {
    input.nllLoss(targets: targets, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
  }
}
