// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealData
import AnnealModels
import AnnealNN
import AnnealTraining
import ArgumentParser
import Synchronization

/// The MNIST-format datasets `anneal mnist --dataset` reads.
enum MNISTDataset: String, CaseInsensitiveArgument {
  case mnist
  case fashionMNIST = "fashion-mnist"
  case kmnist

  var variant: MNIST.Variant {
    switch self {
    case .mnist: .mnist
    case .fashionMNIST: .fashionMNIST
    case .kmnist: .kmnist
    }
  }
}

/// The networks `anneal mnist --model` trains.
enum MNISTModelKind: String, CaseInsensitiveArgument {
  /// The tutorial's feed-forward network (`--hidden` units).
  case mlp
  /// pytorch/examples' MNIST CNN (``ExamplesMNISTNet``), on normalised images.
  case cnn
  /// ``batchNormCNN(channels:classes:generator:)``, on normalised images.
  case cnnBN = "cnn-bn"
}

/// How `anneal mnist` builds, feeds and scores one kind of network.
struct MNISTRecipe<Model: Module & Layer>: Sendable {
  /// Builds the network, drawing its initial weights from the generator.
  let make: @Sendable (Generator) -> Model
  /// The `[N, 1, 28, 28]` images in [0, 1] as the network takes them.
  let prepare: @Sendable (Tensor) -> Tensor
  /// The training loss of the network's outputs for int64 labels.
  let loss: @Sendable (Tensor, Tensor) -> Tensor
}

extension MNISTRecipe where Model == FFNN {
  /// The tutorial's network on flattened images, with cross-entropy.
  static func mlp(hidden: Int) -> Self {
    MNISTRecipe(
      make: { FFNN(inputDim: 28 * 28, hiddenDim: hidden, outputDim: 10, generator: $0) },
      prepare: { $0.reshaped([-1, 28 * 28]) }, loss: { crossEntropy($0, targets: $1) })
  }
}

extension MNISTRecipe where Model == ExamplesMNISTNet {
  /// pytorch/examples' network on its normalised images, with its negative log-likelihood.
  static var cnn: Self {
    MNISTRecipe(
      make: { ExamplesMNISTNet(generator: $0) }, prepare: ExamplesMNISTNet.normalize,
      loss: { $0.nllLoss(targets: $1) })
  }
}

extension MNISTRecipe where Model == Sequential {
  /// The batch-normalised CNN on normalised images, with cross-entropy.
  static var cnnBN: Self {
    MNISTRecipe(
      make: { batchNormCNN(generator: $0) }, prepare: ExamplesMNISTNet.normalize,
      loss: { crossEntropy($0, targets: $1) })
  }
}

/// Evaluates copies of a network on another thread; the copy is built once, on the first
/// evaluation's thread, and reused (evaluations run one at a time: ``OrderedOutput`` waits for
/// one before starting the next).
final class BackgroundEvaluator<Model: Module & Layer>: Sendable {
  let recipe: MNISTRecipe<Model>
  private let copy = Mutex<Holder?>(nil)

  init(_ recipe: MNISTRecipe<Model>) { self.recipe = recipe }

  /// Samples per forward pass in an evaluation: small enough that CBLAS products stay on the
  /// evaluating thread (the kernel threads split larger ones).
  private static var chunk: Int { 200 }

  /// The share of `order` of `dataset` that `model` classifies right, in percent.
  static func accuracy(of model: Model, _ recipe: MNISTRecipe<Model>, on dataset: MNIST, order: [Int]) -> Float {
    var correct = 0
    withNoGrad {
      for start in stride(from: 0, to: order.count, by: chunk) {
        let batch = dataset.collate(order[start..<min(start + chunk, order.count)])
        let predictions = model(recipe.prepare(batch.inputs)).argmax(dim: 1)
        correct += Int(predictions.eq(batch.labels).sum().item(as: Int64.self))
      }
    }
    return Float(100 * correct) / Float(order.count)
  }

  /// The accuracy of a copy of `model`'s current weights and buffers on `order` of `dataset`,
  /// computed on another thread (the six evaluations of the seed run are a tenth of its time);
  /// the caller draws the order where an evaluation in place draws it, so the random stream
  /// is unchanged.
  func evaluate(_ model: Model, on dataset: MNIST, order: [Int]) -> BackgroundEvaluation<Float> {
    let recipe = self.recipe
    return BackgroundEvaluation(
      of: model,
      make: { [self] in
        copy.withLock { held in
          if held == nil { held = Holder(recipe.make(Generator(seed: 0))) }
          return held!.network
        }
      }
    ) { copy in Self.accuracy(of: copy, recipe, on: dataset, order: order) }
  }

  // @unchecked Sendable: the network is used by one evaluation at a time, each on its own
  // thread after the previous one finished (the Mutex and the evaluation's semaphore order them).
  private struct Holder: @unchecked Sendable {
    let network: Model
    init(_ network: Model) { self.network = network }
  }
}
