// Copyright © 2026 the Anneal authors.

/// Elementwise functions and activations (PyTorch: `torch.exp`, `torch.relu`, …), each its
/// kernel and its derivative from PyTorch's `derivatives.yaml`.
extension Tensor {
  /// `op(self)` as float32 with the derivative `rule(gradient, input, output)`.
  package func pointwise(
    _ op: UnaryOp, _ name: String, savesInput: Bool = false, savesOutput: Bool = false,
    _ rule: @escaping (Tensor, Tensor, Tensor) -> Tensor
  ) -> Tensor {
    let input = to(.float32)
    let out = Tensor.empty(shape, dtype: .float32)
    Kernels.unary(op, input, into: out)
    let (x, y) = (input.detach(), out.detach())
    let saving = (savesInput ? [input] : []) + (savesOutput ? [out] : [])
    return Tensor.record(name, inputs: [input], output: out, saving: saving) { g in [rule(g, x, y)] }
  }

  /// max(x, 0) (PyTorch: `torch.relu`), elementwise as PyTorch computes it: NaN stays NaN
  /// (and passes its gradient on), −0 stays −0, and the derivative at 0 is 0.
  public func relu() -> Tensor {
    pointwise(.relu, "ReluBackward0", savesOutput: true) { g, _, y in Self.reluGradient(g, output: y) }
  }

  /// PyTorch's `threshold_backward(g, y, 0)`: the gradient where the output `y` is not ≤ 0
  /// (so also where it is NaN), 0 elsewhere.
  package static func reluGradient(_ g: Tensor, output y: Tensor) -> Tensor {
    elementwise(.thresholdBackward, g, y)
  }

  /// eˣ (PyTorch: `torch.exp`).
  public func exp() -> Tensor { pointwise(.exp, "ExpBackward0", savesOutput: true) { g, _, y in g * y } }

  /// The natural logarithm (PyTorch: `torch.log`).
  public func log() -> Tensor { pointwise(.log, "LogBackward0", savesInput: true) { g, x, _ in g / x } }

  /// log(1 + x), accurate near 0 (PyTorch: `torch.log1p`).
  public func log1p() -> Tensor {
    pointwise(.log1p, "Log1PBackward0", savesInput: true) { g, x, _ in g / (x + 1) }
  }

  /// √x (PyTorch: `torch.sqrt`).
  public func sqrt() -> Tensor {
    pointwise(.sqrt, "SqrtBackward0", savesOutput: true) { g, _, y in g / (y * 2) }
  }

  /// 1/√x (PyTorch: `torch.rsqrt`).
  public func rsqrt() -> Tensor {
    pointwise(.rsqrt, "RsqrtBackward0", savesOutput: true) { g, _, y in g * y.pow(3) * -0.5 }
  }

  /// |x| (PyTorch: `torch.abs`); integer tensors keep their dtype.
  public func abs() -> Tensor {
    if dtype != .float32 { return maximum(-self) }
    return pointwise(.abs, "AbsBackward0", savesInput: true) { g, x, _ in g * x.sign() }
  }

  /// −1, 0 or 1 by the sign of x (PyTorch: `torch.sign`); its gradient is 0.
  public func sign() -> Tensor { pointwise(.sign, "SignBackward0") { g, _, _ in g.zerosLike() } }

  /// The hyperbolic tangent (PyTorch: `torch.tanh`).
  public func tanh() -> Tensor {
    pointwise(.tanh, "TanhBackward0", savesOutput: true) { g, _, y in g * (1 - y * y) }
  }

  /// The logistic function 1 / (1 + e⁻ˣ) (PyTorch: `torch.sigmoid`).
  public func sigmoid() -> Tensor {
    pointwise(.sigmoid, "SigmoidBackward0", savesOutput: true) { g, _, y in g * (1 - y) * y }
  }

  /// Each element limited to `[min, max]`; either bound may be left out (PyTorch:
  /// `torch.clamp`). NaN stays NaN.
  public func clamp(min low: Float? = nil, max high: Float? = nil) -> Tensor {
    check(low != nil || high != nil, "torch.clamp: At least one of 'min' or 'max' must not be None")
    let input = to(.float32)
    let out = Tensor.empty(shape)
    Kernels.clamp(input, low: low, high: high, into: out)
    let x = input.detach()
    return Tensor.record("ClampBackward1", inputs: [input], output: out, saving: [input]) { g in
      // PyTorch: the gradient passes where low <= x <= high.
      var keep = Tensor.full(x.shape, 1, dtype: .bool)
      if let low { keep = keep & x.ge(low) }
      if let high { keep = keep & x.le(high) }
      return [Tensor.where(keep, g, g.zerosLike())]
    }
  }
}
