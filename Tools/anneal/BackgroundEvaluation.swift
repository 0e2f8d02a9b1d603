// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealData
import Dispatch
import Synchronization

/// The accuracy of a copy of the network's weights on the evaluation split, computed on
/// another thread while training goes on (the six evaluations of the seed run are a tenth of
/// its time on the training thread).
///
/// Nothing changes in the numbers: the caller draws the sample order (the random stream is the
/// one an evaluation in place draws), the arithmetic is `FFNN.logits`, and the
/// thread flushes denormals as the caller does. ``OrderedOutput`` holds back the lines
/// that follow until the accuracy is known.
final class BackgroundEvaluation: Sendable {
  private let accuracy = Mutex<Float?>(nil)
  private let finished = DispatchSemaphore(value: 0)

  /// Starts evaluating `model`'s current weights on `order` of `dataset`.
  init(_ model: FFNN, dataset: MNIST, order: [Int]) {
    let weights = Weights(
      model.weights.map { tensor in tensor.map { $0.detach().contiguousCopy() } })
    let flush = isFlushingDenormals
    DispatchQueue.global().async { [self] in
      let result = WorkerPool.shared.withReservedThread {
        withFlushDenormal(flush) { Self.accuracy(weights.tensors, dataset: dataset, order: order) }
      }
      accuracy.withLock { $0 = result }
      finished.signal()
    }
  }

  /// Whether the accuracy is known.
  var isFinished: Bool { accuracy.withLock { $0 != nil } }

  /// The accuracy in percent, waiting for it if need be.
  func result() -> Float {
    if let known = accuracy.withLock({ $0 }) { return known }
    finished.wait()
    return accuracy.withLock { $0 ?? .nan }
  }

  /// Samples per product: small enough that CBLAS products stay on this thread (the kernel
  /// threads split larger ones), and the evaluation reserves a thread of the pool, so that
  /// the training thread keeps its processor.
  private static let chunk = 200

  /// The share of `order` that the network with `weights` classifies right, in percent.
  private static func accuracy(_ weights: [Tensor?], dataset: MNIST, order: [Int]) -> Float {
    var correct = 0
    withNoGrad {
      for start in stride(from: 0, to: order.count, by: chunk) {
        let batch = dataset.collate(order[start..<min(start + chunk, order.count)])
        let predictions = FFNN.logits(batch.inputs.reshaped([-1, 28 * 28]), weights: weights).argmax(dim: 1)
        correct += Int(predictions.eq(batch.labels).sum().item(as: Int64.self))
      }
    }
    return Float(100 * correct) / Float(order.count)
  }

  /// Copies of the weights, handed to the evaluating thread and used by it alone.
  // @unchecked Sendable: the tensors are fresh copies that no other thread holds.
  private struct Weights: @unchecked Sendable {
    let tensors: [Tensor?]
    init(_ tensors: [Tensor?]) { self.tensors = tensors }
  }
}
