// Copyright © 2026 the Anneal authors.

import Anneal

/// Layers applied one after another; parameters are named `0.weight`, `1.bias`, …
/// (PyTorch: `torch.nn.Sequential`).
///
/// ```swift
/// let model = Sequential(Flatten(), Linear(784, 100), ReLU(), Linear(100, 10))
/// ```
public final class Sequential: Module, Layer {
  /// The layers, in order.
  public let layers: [any Layer]

  /// Creates the container from an array of layers.
  public init(_ layers: [any Layer]) {
    self.layers = layers
    super.init()
  }

  /// Creates the container from its layers.
  public convenience init(_ layers: any Layer...) { self.init(layers) }

  public override func namedChildren() -> [(name: String, module: Module)] {
    layers.enumerated().map { (String($0.offset), $0.element as Module) }
  }

  public override func namedDirectParameters() -> [(name: String, parameter: Tensor)] { [] }

  public func forward(_ input: Tensor) -> Tensor {
    layers.reduce(input) { x, layer in layer.forward(x) }
  }
}
