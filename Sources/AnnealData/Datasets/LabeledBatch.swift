// Copyright © 2026 the Anneal authors.

import Anneal

/// A batch of inputs with one class label per sample, as a classification loader yields it
/// (PyTorch: the `(images, labels)` pair).
public struct LabeledBatch {
  /// The inputs, batch dimension first.
  public let inputs: Tensor
  /// The class of each sample.
  public let labels: [Int]

  /// Creates a batch.
  public init(inputs: Tensor, labels: [Int]) {
    precondition(inputs.shape.first == labels.count, "Batch of \(inputs.shape) with \(labels.count) labels")
    self.inputs = inputs
    self.labels = labels
  }

  /// The number of samples.
  public var count: Int { labels.count }
}
