// Copyright © 2026 the Anneal authors.

import RealModule

/// Activations and elementwise functions (PyTorch: `torch.relu`, `torch.exp`, …).
extension Tensor {
  /// max(x, 0) (PyTorch: `torch.relu`), elementwise as PyTorch computes it: NaN stays NaN
  /// (and passes its gradient on), −0 stays −0, and the derivative at 0 is 0.
  public func relu() -> Tensor {
    unary(name: "ReluBackward", { Self.relu($0) }) { g, _, y in Self.reluGradient(g, output: y) }
  }

  /// PyTorch's `clamp_min(x, 0)`: negative numbers become 0; NaN and −0 are kept.
  @inline(__always)
  package static func relu(_ x: Float) -> Float { x < 0 ? 0 : x }

  /// PyTorch's `threshold_backward(g, y, 0)`: the gradient where the output `y` is not ≤ 0
  /// (so also where it is NaN), 0 elsewhere.
  package static func reluGradient(_ g: Tensor, output y: Tensor) -> Tensor {
    Tensor.zipped(g, y) { gi, yi in yi <= 0 ? 0 : gi }
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
