// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealData
import AnnealNN
import AnnealTraining
import Synchronization

/// The tutorial's feed-forward network: `Linear → ReLU → Linear`, with Kaiming-normal
/// weights and zero biases.
final class FFNN: Module, Layer {
  let fc1: Linear
  /// The tutorial's `self.relu`; the forward pass applies it fused with `fc1` (``linearReLU``).
  let relu = ReLU()
  let fc2: Linear

  /// Creates the network, drawing its initial weights from `generator`.
  init(inputDim: Int, hiddenDim: Int, outputDim: Int, generator: Generator = .default) {
    fc1 = Linear(inputDim, hiddenDim, generator: generator)
    fc2 = Linear(hiddenDim, outputDim, generator: generator)
    super.init()
    for case let linear as Linear in modules() {
      Init.kaimingNormal(linear.weight, generator: generator)
      if let bias = linear.bias { Init.zeros(bias) }
    }
  }

  func forward(_ images: Tensor) -> Tensor {
    linear(linearReLU(images, weight: fc1.weight, bias: fc1.bias), weight: fc2.weight, bias: fc2.bias)
  }

  /// Samples per product in an evaluation: small enough that CBLAS products stay on the
  /// evaluating thread (the kernel threads split larger ones).
  private static let chunk = 200

  /// The share of `order` of `dataset` this network classifies right, in percent.
  func accuracy(on dataset: MNIST, order: [Int]) -> Float {
    var correct = 0
    withNoGrad {
      for start in stride(from: 0, to: order.count, by: Self.chunk) {
        let batch = dataset.collate(order[start..<min(start + Self.chunk, order.count)])
        let predictions = forward(batch.inputs.reshaped([-1, 28 * 28])).argmax(dim: 1)
        correct += Int(predictions.eq(batch.labels).sum().item(as: Int64.self))
      }
    }
    return Float(100 * correct) / Float(order.count)
  }

  /// The accuracy of a copy of the current weights on `order` of `dataset`, computed on
  /// another thread (the six evaluations of the seed run are a tenth of its time); the caller
  /// draws the order where an evaluation in place draws it, so the random stream is unchanged.
  ///
  /// The copy is built once, on the first evaluation's thread, and reused: evaluations run one
  /// at a time (``OrderedOutput`` waits for one before starting the next).
  func evaluateInBackground(on dataset: MNIST, order: [Int]) -> BackgroundEvaluation<Float> {
    let sizes = (fc1.inFeatures, fc1.outFeatures, fc2.outFeatures)
    let copy = evaluationCopy
    return BackgroundEvaluation(
      of: self,
      make: {
        copy.model.withLock { model in
          if model == nil {
            model = Holder(
              FFNN(inputDim: sizes.0, hiddenDim: sizes.1, outputDim: sizes.2, generator: Generator(seed: 0)))
          }
          return model!.network
        }
      }
    ) { copy in copy.accuracy(on: dataset, order: order) }
  }

  /// The network an evaluation on another thread loads the weights into.
  private let evaluationCopy = EvaluationCopy()

  /// A network used by one evaluation at a time.
  private final class EvaluationCopy: Sendable {
    let model = Mutex<Holder?>(nil)
  }

  // @unchecked Sendable: the network is used by one evaluation at a time, each on its own
  // thread after the previous one finished (the Mutex and the evaluation's semaphore order them).
  private struct Holder: @unchecked Sendable {
    let network: FFNN
    init(_ network: FFNN) { self.network = network }
  }
}
