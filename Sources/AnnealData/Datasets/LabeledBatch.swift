// Copyright © 2026 the Anneal authors.

import Anneal

/// A batch of inputs with one class label per sample, as a classification loader yields it
/// (PyTorch: the `(images, labels)` pair).
public struct LabeledBatch {
  /// The inputs, batch dimension first.
  public let inputs: Tensor
  /// The class of each sample, as a 1-D int64 tensor.
  public let labels: Tensor

  /// Creates a batch; `labels` must be a 1-D int64 tensor with one entry per input.
  public init(inputs: Tensor, labels: Tensor) {
    check(
      labels.dtype == .int64 && labels.rank == 1,
      "labels must be a 1-D int64 tensor, got \(labels.dtype) \(labels.shape)")
    check(inputs.shape.first == labels.count, "Batch of \(inputs.shape) with \(labels.count) labels")
    self.inputs = inputs
    self.labels = labels
  }

  /// Creates a batch from class indices.
  public init(inputs: Tensor, labels: [Int]) {
    self.init(inputs: inputs, labels: Tensor(elements: labels.map(Int64.init)))
  }

  /// The number of samples.
  public var count: Int { labels.count }
}
