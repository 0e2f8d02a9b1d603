// Copyright © 2026 the Anneal authors.

import Anneal

/// Flattens all dimensions from `startDim` on (PyTorch: `torch.nn.Flatten`).
public final class Flatten: Module, Layer {
  /// The first dimension to flatten. The default value is `1`, keeping the batch dimension.
  public let startDim: Int

  /// Creates the layer.
  public init(startDim: Int = 1) {
    self.startDim = startDim
    super.init()
  }

  public func forward(_ input: Tensor) -> Tensor { input.flattened(startDim: startDim) }
}
