// Copyright © 2026 the Anneal authors.

/// Comparisons giving `bool` tensors, selection and masking (PyTorch: `eq`, `lt`, …,
/// `torch.where`, `masked_fill`).
extension Tensor {
  private func compared(_ op: CompareOp, _ other: Tensor) -> Tensor {
    let type = DType.promoted(dtype, other.dtype)
    let out = Tensor.empty(broadcastShapes(shape, other.shape), dtype: .bool)
    Kernels.compare(op, to(type), other.to(type), into: out)
    return out
  }

  /// Elementwise `==` as a bool tensor (PyTorch: `eq`).
  public func eq(_ other: Tensor) -> Tensor { compared(.eq, other) }
  /// Elementwise `!=` as a bool tensor (PyTorch: `ne`).
  public func ne(_ other: Tensor) -> Tensor { compared(.ne, other) }
  /// Elementwise `<` as a bool tensor (PyTorch: `lt`).
  public func lt(_ other: Tensor) -> Tensor { compared(.lt, other) }
  /// Elementwise `<=` as a bool tensor (PyTorch: `le`).
  public func le(_ other: Tensor) -> Tensor { compared(.le, other) }
  /// Elementwise `>` as a bool tensor (PyTorch: `gt`).
  public func gt(_ other: Tensor) -> Tensor { compared(.gt, other) }
  /// Elementwise `>=` as a bool tensor (PyTorch: `ge`).
  public func ge(_ other: Tensor) -> Tensor { compared(.ge, other) }

  /// Elementwise `== value` (PyTorch: `eq(Scalar)`).
  public func eq(_ value: Float) -> Tensor { compared(.eq, Tensor(scalar: value).to(scalarType)) }
  /// Elementwise `!= value`.
  public func ne(_ value: Float) -> Tensor { compared(.ne, Tensor(scalar: value).to(scalarType)) }
  /// Elementwise `< value`.
  public func lt(_ value: Float) -> Tensor { compared(.lt, Tensor(scalar: value).to(scalarType)) }
  /// Elementwise `<= value`.
  public func le(_ value: Float) -> Tensor { compared(.le, Tensor(scalar: value).to(scalarType)) }
  /// Elementwise `> value`.
  public func gt(_ value: Float) -> Tensor { compared(.gt, Tensor(scalar: value).to(scalarType)) }
  /// Elementwise `>= value`.
  public func ge(_ value: Float) -> Tensor { compared(.ge, Tensor(scalar: value).to(scalarType)) }

  /// A float scalar compares with an integer tensor in float32, as in PyTorch.
  private var scalarType: DType { .float32 }

  /// Elementwise logical and of bool tensors (PyTorch: `&`).
  public static func & (a: Tensor, b: Tensor) -> Tensor {
    check(a.dtype == .bool && b.dtype == .bool, "& needs bool tensors, got \(a.dtype) and \(b.dtype)")
    return elementwise(.mul, a, b)
  }

  /// Elementwise logical or of bool tensors (PyTorch: `|`).
  public static func | (a: Tensor, b: Tensor) -> Tensor {
    check(a.dtype == .bool && b.dtype == .bool, "| needs bool tensors, got \(a.dtype) and \(b.dtype)")
    return elementwise(.add, a, b)
  }

  /// Elementwise logical not of a bool tensor (PyTorch: `~`).
  public static prefix func ~ (a: Tensor) -> Tensor {
    check(a.dtype == .bool, "~ needs a bool tensor, got \(a.dtype)")
    return a.eq(Tensor(scalar: false))
  }

  /// `a` where `condition` is true and `b` elsewhere, broadcast together (PyTorch:
  /// `torch.where`).
  public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
    check(
      condition.dtype == .bool,
      "where expected condition to be a boolean tensor, but got a tensor with dtype \(condition.dtype)")
    let type = DType.promoted(a.dtype, b.dtype)
    let out = empty(broadcastShapes(condition.shape, broadcastShapes(a.shape, b.shape)), dtype: type)
    Kernels.select(condition, a.to(type), b.to(type), into: out)
    let (c, sa, sb) = (condition.detach(), a.shape, b.shape)
    return record("WhereBackward0", inputs: [a, b], output: out) { g in
      let zero = g.zerosLike()
      return [
        a.requiresGrad ? Tensor.where(c, g, zero).sumToShape(sa) : nil,
        b.requiresGrad ? Tensor.where(c, zero, g).sumToShape(sb) : nil,
      ]
    }
  }

  /// A copy with `value` where `mask` (bool, broadcast) is true (PyTorch: `masked_fill`).
  public func maskedFill(_ mask: Tensor, _ value: Float) -> Tensor {
    check(mask.dtype == .bool, "masked_fill_ only supports boolean masks, but got mask with dtype \(mask.dtype)")
    let out = Tensor.empty(broadcastShapes(shape, mask.shape), dtype: dtype)
    Kernels.select(mask, Tensor(scalar: value).to(dtype), self, into: out)
    let m = mask.detach()
    let inputShape = shape
    return Tensor.record("MaskedFillBackward0", inputs: [self], output: out) { g in
      [g.maskedFill(m, 0).sumToShape(inputShape)]
    }
  }
}
