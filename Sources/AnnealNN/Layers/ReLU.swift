// Copyright © 2026 the Anneal authors.

import Anneal

/// The rectified linear unit `max(x, 0)` (PyTorch: `torch.nn.ReLU`).
public final class ReLU: Module, Layer {
  /// Creates the activation.
  public override init() { super.init() }

  public func forward(_ input: Tensor) -> Tensor { input.relu() }
}
