// Copyright © 2026 the Anneal authors.

/// An indexed collection of samples (PyTorch: `torch.utils.data.Dataset`, map-style).
///
/// A dataset also says how to gather several samples into a batch: ``collate(_:)`` defaults
/// to an array of samples, and datasets with a natural tensor layout (such as ``MNIST``)
/// gather straight into one tensor without creating per-sample objects.
public protocol Dataset {
  /// One sample.
  associatedtype Sample
  /// A batch of samples, as ``DataLoader`` yields it.
  associatedtype Batch = [Sample]

  /// The number of samples (PyTorch: `__len__`).
  var count: Int { get }

  /// The sample at `index` (PyTorch: `__getitem__`).
  subscript(index: Int) -> Sample { get }

  /// Gathers the samples at `indices` into a batch (PyTorch: `collate_fn`).
  func collate(_ indices: ArraySlice<Int>) -> Batch
}

extension Dataset where Batch == [Sample] {
  public func collate(_ indices: ArraySlice<Int>) -> [Sample] { indices.map { self[$0] } }
}
