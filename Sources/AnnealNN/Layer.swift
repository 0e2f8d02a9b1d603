// Copyright © 2026 the Anneal authors.

import Anneal

/// A module that maps one tensor to another (PyTorch: a module with `forward(x)`).
public protocol Layer: Module {
  /// Computes the output (PyTorch: `forward`).
  func forward(_ input: Tensor) -> Tensor
}

extension Layer {
  /// Calls ``forward(_:)``, so that `model(x)` reads as in PyTorch.
  public func callAsFunction(_ input: Tensor) -> Tensor { forward(input) }
}
