// Copyright © 2026 the Anneal authors.

/// Elementwise operations of one input that kernels implement (float32 unless noted).
package enum UnaryOp: Sendable {
  case neg, abs, exp, log, log1p, sqrt, rsqrt, tanh, sigmoid, relu, sign, reciprocal, square
  case gelu, geluTanh, silu, mish, hardswish, expm1, erf, logSigmoid
  case leakyRelu(Float)
  case elu(Float)
  /// `softplus(x; beta, threshold)`.
  case softplus(Float, Float)
}

/// Elementwise operations of two inputs of one dtype that kernels implement.
package enum BinaryOp: Sendable {
  case add, sub, mul, div, pow, maximum, minimum
  /// `a` where `b` is not ≤ 0, else 0 (PyTorch: `threshold_backward(a, b, 0)`).
  case thresholdBackward
}

/// Comparisons of two inputs of one dtype, giving `bool`.
package enum CompareOp: Sendable {
  case eq, ne, lt, le, gt, ge
}

/// Reductions along the last dimension of a contiguous input.
package enum LastDimReduction: Sendable {
  case max, min, argmax, argmin, logsumexp
}

/// The kernels every operation runs on: one boundary a device could implement (PyTorch:
/// the dispatcher's CPU kernels).
///
/// Operations in `Ops/` check arguments, allocate outputs and record autograd; the loops over
/// tensor memory live behind this protocol. Inputs may have any strides; outputs are fresh
/// contiguous tensors unless a method says otherwise.
package protocol KernelBackend {
  /// Copies `source` into `destination` elementwise, converting the dtype; `source` is
  /// broadcast to `destination`'s shape; both may have any layout.
  static func copy(_ source: Tensor, into destination: Tensor)
  /// Sets every element of `destination` (any layout) to `value` converted to its dtype.
  static func fill(_ destination: Tensor, with value: Double)
  /// `out = op(x)` for float32 tensors of one shape.
  static func unary(_ op: UnaryOp, _ x: Tensor, into out: Tensor)
  /// `out = op(a, b)` with broadcasting; `a`, `b` and `out` share a dtype (float32 or an
  /// integer type).
  static func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, into out: Tensor)
  /// `out = op(a, b)` as `bool` with broadcasting; `a` and `b` share a dtype.
  static func compare(_ op: CompareOp, _ a: Tensor, _ b: Tensor, into out: Tensor)
  /// `out = condition ? a : b` with broadcasting (PyTorch: `torch.where`).
  static func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor, into out: Tensor)
  /// `out = clamp(x, low, high)` for float32 (NaN stays NaN, as in PyTorch).
  static func clamp(_ x: Tensor, low: Float?, high: Float?, into out: Tensor)
  /// Adds `x` into the zeroed `out`, which has `x`'s rank with extent 1 along the reduced
  /// dimensions.
  static func sum(_ x: Tensor, into out: Tensor)
  /// Reduces the last dimension of contiguous `x` of shape `[rows, n]` into `[rows]`.
  static func reduceLastDim(_ op: LastDimReduction, _ x: Tensor, into out: Tensor)
  /// `C = alpha · op(A) · op(B) + beta · C` on contiguous float32 matrices.
  static func sgemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: Tensor, lda: Int, b: Tensor, ldb: Int,
    beta: Float, c: Tensor, ldc: Int)
}

/// The backend every operation uses today.
package typealias Kernels = CPU
