// Copyright © 2026 the Anneal authors.

import Anneal
import Dispatch

/// Iterates over a dataset in batches, optionally in a fresh random order each pass
/// (PyTorch: `torch.utils.data.DataLoader`).
///
/// ```swift
/// let loader = DataLoader(trainSet, batchSize: 100, shuffle: true)
/// for epoch in 0..<5 {
///   for batch in loader { … }   // a new permutation every epoch
/// }
/// ```
///
/// Random draws follow PyTorch exactly, so a seed gives the same batches as in PyTorch:
/// starting a pass draws one 64-bit "base seed" from the loader's generator (or
/// `Generator.default`), as PyTorch's iterator does for its workers, even when not
/// shuffling. A shuffled pass then permutes the indices like `RandomSampler`: without a
/// generator, with a fresh generator seeded from a second draw of the default one; with
/// one, from it directly — and, like `RandomSampler`, a pass that runs to its end draws
/// one more permutation from it.
public struct DataLoader<Source: Dataset>: Sequence {
  /// The dataset.
  public let dataset: Source
  /// The number of samples per batch (PyTorch: `batch_size`).
  public let batchSize: Int
  /// Whether each pass visits the samples in a new random order (PyTorch: `shuffle`).
  public let shuffle: Bool
  /// Whether to drop a last batch smaller than ``batchSize`` (PyTorch: `drop_last`).
  public let dropLast: Bool
  /// The random source for shuffling, or `nil` for the default generator.
  public let generator: Anneal.Generator?
  /// Background threads gathering batches ahead (PyTorch: `num_workers`); `0` gathers each
  /// batch when it is asked for.
  public let numWorkers: Int

  /// Creates a loader.
  ///
  /// - Parameters:
  ///   - dataset: The samples.
  ///   - batchSize: Samples per batch; at least 1. The default value is `1`.
  ///   - shuffle: Whether to reshuffle every pass. The default value is `false`.
  ///   - dropLast: Whether to drop an incomplete last batch. The default value is `false`.
  ///   - generator: The random source for shuffling. The default is `nil`, PyTorch's
  ///     behaviour of drawing a fresh seed from the default generator every pass.
  public init(
    _ dataset: Source, batchSize: Int = 1, shuffle: Bool = false, dropLast: Bool = false,
    generator: Anneal.Generator? = nil
  ) {
    self.init(dataset, batchSize, shuffle, dropLast, generator, workers: 0)
  }

  init(
    _ dataset: Source, _ batchSize: Int, _ shuffle: Bool, _ dropLast: Bool, _ generator: Anneal.Generator?,
    workers: Int
  ) {
    check(batchSize >= 1, "batch_size should be a positive integer value, but got batch_size=\(batchSize)")
    check(workers >= 0, "num_workers option should be non-negative")
    self.dataset = dataset
    self.batchSize = batchSize
    self.shuffle = shuffle
    self.dropLast = dropLast
    self.generator = generator
    self.numWorkers = workers
  }

  /// The number of batches in one pass (PyTorch: `len(loader)`).
  public var count: Int {
    dropLast ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize
  }

  /// The sample order of one pass, drawing from the generator as PyTorch does.
  public func sampleOrder() -> [Int] {
    _ = (generator ?? .default).nextInt63()  // PyTorch's `_base_seed`
    guard shuffle else { return Array(0..<dataset.count) }
    let source = generator ?? Anneal.Generator(seed: UInt64(Anneal.Generator.default.nextInt63()))
    return source.randperm(dataset.count)
  }

  public func makeIterator() -> Iterator {
    Iterator(loader: self, order: sampleOrder())
  }

  /// A batch gathered on a worker thread, handed over once complete.
  final class Pending: @unchecked Sendable {
    // @unchecked: `batch` is written by the worker before `done.signal()` and read only
    // after `done.wait()`.
    private var batch: Source.Batch?
    private let done = DispatchSemaphore(value: 0)
    let range: Range<Int>

    init(_ loader: DataLoader, _ indices: ArraySlice<Int>) {
      range = indices.startIndex..<indices.endIndex
      let dataset = loader.dataset
      let job = UncheckedSendable { [self] in finish(dataset.collate(indices)) }
      DispatchQueue.global(qos: .userInitiated).async { job.value() }
    }

    private func finish(_ batch: Source.Batch) {
      self.batch = batch
      done.signal()
    }

    func wait() -> Source.Batch? {
      done.wait()
      return batch
    }
  }

  /// Yields the batches of one pass.
  public struct Iterator: IteratorProtocol {
    let loader: DataLoader
    let order: [Int]
    var position = 0

    var finished = false
    /// With workers, the next batch being gathered.
    var pending: Pending?

    /// Passes over the next `batches` batches without loading them, as if they had been
    /// drawn — for resuming a pass in the middle. (An Anneal addition.)
    public mutating func skip(_ batches: Int) {
      _ = pending?.wait()
      pending = nil
      position = Swift.min(order.count, position + Swift.max(0, batches) * loader.batchSize)
    }

    public mutating func next() -> Source.Batch? {
      let remaining = order.count - position
      guard remaining > 0, !(loader.dropLast && remaining < loader.batchSize) else {
        if !finished, loader.shuffle, let generator = loader.generator {
          // PyTorch's RandomSampler generator function ends with a permutation sliced to
          // `num_samples % n` elements, drawn when the pass is exhausted.
          _ = generator.randperm(order.count)
        }
        finished = true
        return nil
      }
      let end = position + Swift.min(loader.batchSize, remaining)
      defer { position = end }
      guard loader.numWorkers > 0 else { return loader.dataset.collate(order[position..<end]) }
      let batch: Source.Batch?
      if let pending, pending.range == position..<end {
        batch = pending.wait()
      } else {
        batch = loader.dataset.collate(order[position..<end])
      }
      // Start gathering the next batch while this one is used.
      let rest = order.count - end
      if rest > 0, !(loader.dropLast && rest < loader.batchSize) {
        pending = Pending(loader, order[end..<(end + Swift.min(loader.batchSize, rest))])
      } else {
        pending = nil
      }
      return batch
    }
  }
}

extension DataLoader where Source: Sendable {
  /// Creates a loader whose batches are gathered ahead on a background thread (PyTorch:
  /// `DataLoader(…, num_workers=1)`): while the training step uses one batch, the next one
  /// is gathered. The order and the random draws are exactly those of `numWorkers: 0`;
  /// Anneal uses one worker thread for any `numWorkers` above 0.
  public init(
    _ dataset: Source, batchSize: Int = 1, shuffle: Bool = false, dropLast: Bool = false,
    generator: Anneal.Generator? = nil, numWorkers: Int
  ) {
    self.init(dataset, batchSize, shuffle, dropLast, generator, workers: numWorkers)
  }
}

/// Carries a value to a worker thread that alone uses it until it hands back its result.
struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
