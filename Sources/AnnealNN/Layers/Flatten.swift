// Copyright © 2026 the Anneal authors.

import Anneal

/// Flattens the dimensions `startDim` through `endDim` into one (PyTorch:
/// `torch.nn.Flatten(start_dim=1, end_dim=-1)`).
public final class Flatten: Module, Layer {
  /// The first dimension to flatten. The default value is `1`, keeping the batch dimension.
  public let startDim: Int
  /// The last dimension to flatten. The default value is `-1`, the last.
  public let endDim: Int

  /// Creates the layer.
  public init(startDim: Int = 1, endDim: Int = -1) {
    self.startDim = startDim
    self.endDim = endDim
    super.init()
  }

  public func forward(_ input: Tensor) -> Tensor { input.flatten(startDim: startDim, endDim: endDim) }
}

/// Splits dimension `dim` into `unflattenedSize` (PyTorch: `torch.nn.Unflatten(dim,
/// unflattened_size)`); one size may be `-1`.
public final class Unflatten: Module, Layer {
  /// The dimension split.
  public let dim: Int
  /// The sizes it is split into.
  public let unflattenedSize: [Int]

  /// Creates the layer.
  public init(dim: Int, unflattenedSize: [Int]) {
    self.dim = dim
    self.unflattenedSize = unflattenedSize
    super.init()
  }

  public func forward(_ input: Tensor) -> Tensor { input.unflatten(dim: dim, sizes: unflattenedSize) }
}
