// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealNN

/// The tutorial's feed-forward network: `Linear → ReLU → Linear`, with Kaiming-normal
/// weights and zero biases.
final class FFNN: Module, Layer {
  let fc1: Linear
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
    fc2(relu(fc1(images)))
  }
}
