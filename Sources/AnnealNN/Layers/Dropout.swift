// Copyright © 2026 the Anneal authors.

import Anneal

/// Zeroes elements with probability `p` in training mode and scales the rest by `1 / (1 − p)`;
/// the identity in evaluation mode (PyTorch: `torch.nn.Dropout`). Masks come from the default
/// generator exactly as PyTorch's CPU masks do.
public final class Dropout: Module, Layer {
  /// The probability of zeroing an element (PyTorch: `p`).
  public let p: Double

  /// Creates the layer; `p` must lie in [0, 1]. The default is 0.5, as in PyTorch.
  public init(_ p: Double = 0.5) {
    check(p >= 0 && p <= 1, "dropout probability has to be between 0 and 1, but got \(p)")
    self.p = p
    super.init()
  }

  public func forward(_ input: Tensor) -> Tensor { dropout(input, p: p, training: isTraining) }
}

/// Zeroes whole channels with probability `p` in training mode (PyTorch: `torch.nn.Dropout2d`).
public final class Dropout2d: Module, Layer {
  /// The probability of zeroing a channel (PyTorch: `p`).
  public let p: Double

  /// Creates the layer; `p` must lie in [0, 1]. The default is 0.5, as in PyTorch.
  public init(_ p: Double = 0.5) {
    check(p >= 0 && p <= 1, "dropout probability has to be between 0 and 1, but got \(p)")
    self.p = p
    super.init()
  }

  public func forward(_ input: Tensor) -> Tensor { dropout2d(input, p: p, training: isTraining) }
}
