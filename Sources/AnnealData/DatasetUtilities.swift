// Copyright © 2026 the Anneal authors.

import Anneal

/// Tensors sharing their first dimension, one sample per row (PyTorch:
/// `torch.utils.data.TensorDataset`); a sample is the row of each tensor, a batch the rows of
/// each tensor at the batch's indices.
public struct TensorDataset: Dataset {
  /// The tensors, in order.
  public let tensors: [Tensor]

  /// Creates the dataset; every tensor must have the same first dimension.
  public init(_ tensors: Tensor...) { self.init(tensors) }

  /// Creates the dataset from an array of tensors with the same first dimension.
  public init(_ tensors: [Tensor]) {
    check(!tensors.isEmpty, "TensorDataset needs at least one tensor")
    check(
      tensors.allSatisfy { $0.rank > 0 && $0.shape[0] == tensors[0].shape.first },
      "Size mismatch between tensors: \(tensors.map(\.shape))")
    self.tensors = tensors.map { $0.detach() }
  }

  public var count: Int { tensors[0].shape[0] }

  /// The row `index` of every tensor.
  public subscript(index: Int) -> [Tensor] { tensors.map { $0[index] } }

  /// The rows at `indices` of every tensor, each one tensor (PyTorch's default collate).
  public func collate(_ indices: ArraySlice<Int>) -> [Tensor] {
    let index = Tensor(elements: indices.map(Int64.init))
    return tensors.map { $0.indexSelect(dim: 0, index: index) }
  }
}

/// The samples of `dataset` at `indices`, in that order (PyTorch: `torch.utils.data.Subset`);
/// batches are gathered by the underlying dataset.
public struct Subset<Base: Dataset>: Dataset {
  /// The underlying dataset.
  public let dataset: Base
  /// The positions in it.
  public let indices: [Int]

  /// Creates the subset; every index must be within `dataset`.
  public init(_ dataset: Base, indices: [Int]) {
    check(
      indices.allSatisfy { (0..<dataset.count).contains($0) },
      "Subset indices must lie in 0..<\(dataset.count)")
    self.dataset = dataset
    self.indices = indices
  }

  public var count: Int { indices.count }
  public subscript(index: Int) -> Base.Sample { dataset[indices[index]] }
  public func collate(_ positions: ArraySlice<Int>) -> Base.Batch {
    dataset.collate(positions.map { indices[$0] }[...])
  }
}

/// Several datasets of one type after one another (PyTorch: `torch.utils.data.ConcatDataset`);
/// a batch is an array of samples.
public struct ConcatDataset<Base: Dataset>: Dataset {
  /// The datasets, in order.
  public let datasets: [Base]
  /// The running totals of their counts (PyTorch: `cumulative_sizes`).
  public let cumulativeSizes: [Int]

  /// Creates the concatenation.
  public init(_ datasets: [Base]) {
    check(!datasets.isEmpty, "datasets should not be an empty iterable")
    self.datasets = datasets
    var total = 0
    cumulativeSizes = datasets.map {
      total += $0.count
      return total
    }
  }

  public var count: Int { cumulativeSizes.last ?? 0 }

  public subscript(index: Int) -> Base.Sample {
    check(index >= 0 && index < count, "index \(index) out of range for a ConcatDataset of \(count)")
    let which = cumulativeSizes.firstIndex { index < $0 }!
    return datasets[which][index - (which == 0 ? 0 : cumulativeSizes[which - 1])]
  }

  public func collate(_ indices: ArraySlice<Int>) -> [Base.Sample] { indices.map { self[$0] } }
}

/// Splits `dataset` into non-overlapping subsets of the given lengths, in a random order drawn
/// as PyTorch's `torch.utils.data.random_split` draws it (`randperm` of the whole count from
/// `generator`), so a seed gives PyTorch's split.
///
/// - Parameters:
///   - lengths: Counts summing to `dataset.count`.
///   - dataset: The dataset to split.
///   - generator: The random source of the order. The default is `Generator.default`.
public func randomSplit<Base: Dataset>(
  _ dataset: Base, lengths: [Int], generator: Anneal.Generator = .default
) -> [Subset<Base>] {
  check(lengths.allSatisfy { $0 >= 0 }, "lengths must not be negative: \(lengths)")
  check(
    lengths.reduce(0, +) == dataset.count,
    "Sum of input lengths does not equal the length of the input dataset!")
  let order = generator.randperm(dataset.count)
  var offset = 0
  return lengths.map { length in
    defer { offset += length }
    return Subset(dataset, indices: Array(order[offset..<(offset + length)]))
  }
}

/// Splits `dataset` by fractions summing to 1, as PyTorch's `random_split` does: each
/// subset gets `floor(fraction · count)` samples and the remainder goes round-robin to the
/// first subsets.
public func randomSplit<Base: Dataset>(
  _ dataset: Base, fractions: [Double], generator: Anneal.Generator = .default
) -> [Subset<Base>] {
  check(
    abs(fractions.reduce(0, +) - 1) <= 1e-9 && fractions.allSatisfy { (0...1).contains($0) },
    "Fractions must lie in [0, 1] and sum to 1, got \(fractions)")
  var lengths = fractions.map { Int((Double(dataset.count) * $0).rounded(.down)) }
  let remainder = dataset.count - lengths.reduce(0, +)
  for i in 0..<remainder { lengths[i % lengths.count] += 1 }
  return randomSplit(dataset, lengths: lengths, generator: generator)
}
