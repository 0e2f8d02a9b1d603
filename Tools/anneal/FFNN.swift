// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealNN

/// The tutorial's feed-forward network: `Linear → ReLU → Linear`, with Kaiming-normal
/// weights and zero biases.
final class FFNN: Module, Layer {
  let fc1: Linear
  /// The tutorial's `self.relu`; the forward pass applies it fused with `fc1` (``linearReLU``).
  let relu = ReLU()
  let fc2: Linear

  init(inputDim: Int, hiddenDim: Int, outputDim: Int) {
    fc1 = Linear(inputDim, hiddenDim)
    fc2 = Linear(hiddenDim, outputDim)
    super.init()
    for case let linear as Linear in modules() {
      Init.kaimingNormal(linear.weight)
      if let bias = linear.bias { Init.zeros(bias) }
    }
  }

  func forward(_ images: Tensor) -> Tensor {
    Self.logits(images, weights: weights)
  }

  /// `fc1.weight`, `fc1.bias`, `fc2.weight`, `fc2.bias`.
  var weights: [Tensor?] { [fc1.weight, fc1.bias, fc2.weight, fc2.bias] }

  /// The network's arithmetic on `weights` (as ``weights`` lists them): the forward pass, and
  /// the evaluation of a copy of the weights on another thread.
  static func logits(_ images: Tensor, weights: [Tensor?]) -> Tensor {
    let hidden = linearReLU(images, weight: weights[0]!, bias: weights[1])
    return linear(hidden, weight: weights[2]!, bias: weights[3])
  }
}
