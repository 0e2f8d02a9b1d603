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
}
