// Copyright © 2026 the Anneal authors.

import Anneal

/// The mean cross-entropy between raw scores and class indices
/// (PyTorch: `torch.nn.CrossEntropyLoss()` with its default mean reduction).
///
/// ```swift
/// let criterion = CrossEntropyLoss()
/// let loss = criterion(model(images), labels)
/// ```
public struct CrossEntropyLoss: Sendable {
  /// Creates the loss.
  public init() {}

  /// The loss of `logits` (`[batch, classes]`) for int64 `targets` (one class index per row).
  public func callAsFunction(_ logits: Tensor, _ targets: Tensor) -> Tensor {
    crossEntropy(logits, targets: targets)
  }

  /// The loss of `logits` (`[batch, classes]`) for `targets` (one class index per row).
  public func callAsFunction(_ logits: Tensor, _ targets: [Int]) -> Tensor {
    crossEntropy(logits, targets: targets)
  }
}
