// Copyright © 2026 the Anneal authors.

import RealModule

/// Activations and elementwise functions (PyTorch: `torch.relu`, `torch.exp`, …).
extension Tensor {
  /// max(x, 0) (PyTorch: `torch.relu`). The derivative at 0 is 0, as in PyTorch.
  public func relu() -> Tensor {
    unary(name: "ReluBackward", { $0 > 0 ? $0 : 0 }) { g, _, y in
      Tensor.zipped(g, y) { gi, yi in yi > 0 ? gi : 0 }
    }
  }

  /// eˣ (PyTorch: `torch.exp`).
  public func exp() -> Tensor {
    unary(name: "ExpBackward", { Float.exp($0) }) { g, _, y in g * y }
  }

  /// The natural logarithm (PyTorch: `torch.log`).
  public func log() -> Tensor {
    unary(name: "LogBackward", { Float.log($0) }) { g, x, _ in g / x }
  }

  /// The logistic function 1 / (1 + e⁻ˣ) (PyTorch: `torch.sigmoid`).
  public func sigmoid() -> Tensor {
    unary(name: "SigmoidBackward", { 1 / (1 + Float.exp(-$0)) }) { g, _, y in
      Tensor.zipped(g, y) { gi, yi in gi * yi * (1 - yi) }
    }
  }

  /// The hyperbolic tangent (PyTorch: `torch.tanh`).
  public func tanh() -> Tensor {
    unary(name: "TanhBackward", { Float.tanh($0) }) { g, _, y in
      Tensor.zipped(g, y) { gi, yi in gi * (1 - yi * yi) }
    }
  }

  /// Elementwise `f` of two same-shaped tensors, outside the graph.
  package static func zipped(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
    precondition(a.shape == b.shape, "Shapes \(a.shape) and \(b.shape) differ")
    let out = Storage(uninitializedCount: a.count)
    Elementwise.zip(a.storage.base, b.storage.base, into: out.base, count: a.count, f)
    return Tensor(storage: out, shape: a.shape)
  }
}
