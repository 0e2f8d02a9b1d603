// Copyright © 2026 the Anneal authors.

/// Arithmetic with broadcasting and PyTorch's type promotion (PyTorch: `+ - * /`, `pow`,
/// `maximum`, `minimum`). Each operation is its forward kernel call and its backward rule.
extension Tensor {
  /// `op(a, b)` in the promoted dtype (or `dtype`), broadcast; outside the graph.
  package static func elementwise(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, dtype: DType? = nil) -> Tensor {
    let type = dtype ?? DType.promoted(a.dtype, b.dtype)
    let out = empty(broadcastShapes(a.shape, b.shape), dtype: type)
    Kernels.binary(op, a.to(type), b.to(type), into: out)
    return out
  }

  /// Elementwise sum with broadcasting (PyTorch: `a + b`).
  public static func + (a: Tensor, b: Tensor) -> Tensor {
    let (sa, sb) = (a.shape, b.shape)
    return record("AddBackward0", inputs: [a, b], output: elementwise(.add, a, b)) { g in
      [g.sumToShape(sa), g.sumToShape(sb)]
    }
  }

  /// Elementwise difference with broadcasting (PyTorch: `a - b`).
  public static func - (a: Tensor, b: Tensor) -> Tensor {
    let (sa, sb) = (a.shape, b.shape)
    return record("SubBackward0", inputs: [a, b], output: elementwise(.sub, a, b)) { g in
      [g.sumToShape(sa), b.requiresGrad ? (-g).sumToShape(sb) : nil]
    }
  }

  /// Elementwise product with broadcasting (PyTorch: `a * b`).
  public static func * (a: Tensor, b: Tensor) -> Tensor {
    let (ad, bd) = (a.detach(), b.detach())
    return record("MulBackward0", inputs: [a, b], output: elementwise(.mul, a, b), saving: [a, b]) { g in
      [
        a.requiresGrad ? (g * bd).sumToShape(ad.shape) : nil,
        b.requiresGrad ? (g * ad).sumToShape(bd.shape) : nil,
      ]
    }
  }

  /// Elementwise true division with broadcasting; integers divide as float32 (PyTorch:
  /// `a / b`).
  public static func / (a: Tensor, b: Tensor) -> Tensor {
    let type = DType.promoted(DType.promoted(a.dtype, b.dtype), .float32)
    let (ad, bd) = (a.detach(), b.detach())
    return record("DivBackward0", inputs: [a, b], output: elementwise(.div, a, b, dtype: type), saving: [a, b]) { g in
      [
        a.requiresGrad ? (g / bd).sumToShape(ad.shape) : nil,
        b.requiresGrad ? (-(g * ad) / (bd * bd)).sumToShape(bd.shape) : nil,
      ]
    }
  }

  /// Elementwise negation (PyTorch: `-a`).
  public static prefix func - (a: Tensor) -> Tensor {
    if a.dtype != .float32 { return Tensor.zeros([], dtype: a.dtype) - a }
    return a.pointwise(.neg, "NegBackward0") { g, _, _ in -g }
  }

  /// Adds a scalar to every element.
  public static func + (a: Tensor, s: Float) -> Tensor {
    record("AddBackward0", inputs: [a], output: elementwise(.add, a, Tensor(scalar: s))) { g in [g] }
  }

  /// Adds a scalar to every element.
  public static func + (s: Float, a: Tensor) -> Tensor { a + s }

  /// Subtracts a scalar from every element.
  public static func - (a: Tensor, s: Float) -> Tensor { a + (-s) }

  /// Subtracts every element from a scalar.
  public static func - (s: Float, a: Tensor) -> Tensor { -a + s }

  /// Multiplies every element by a scalar.
  public static func * (a: Tensor, s: Float) -> Tensor {
    record("MulBackward0", inputs: [a], output: elementwise(.mul, a, Tensor(scalar: s))) { g in [g * s] }
  }

  /// Multiplies every element by a scalar.
  public static func * (s: Float, a: Tensor) -> Tensor { a * s }

  /// Divides every element by a scalar.
  public static func / (a: Tensor, s: Float) -> Tensor {
    record("DivBackward0", inputs: [a], output: elementwise(.div, a, Tensor(scalar: s))) { g in [g / s] }
  }

  /// Divides a scalar by every element.
  public static func / (s: Float, a: Tensor) -> Tensor { Tensor(scalar: s) / a }

  /// Elementwise `self ** exponent` (PyTorch: `pow(Tensor, Scalar)`).
  public func pow(_ exponent: Float) -> Tensor {
    let x = detach()
    let out = Tensor.elementwise(.pow, self, Tensor(scalar: exponent), dtype: .float32)
    return Tensor.record("PowBackward0", inputs: [self], output: out, saving: [self]) { g in
      // PyTorch: grad * exponent * self.pow(exponent - 1), and 0 for exponent 0.
      [exponent == 0 ? g.zerosLike() : g * (x.pow(exponent - 1) * exponent)]
    }
  }

  /// Elementwise `self ** exponent` with broadcasting (PyTorch: `pow(Tensor, Tensor)`).
  public func pow(_ exponent: Tensor) -> Tensor {
    let (x, e) = (detach(), exponent.detach())
    let out = Tensor.elementwise(.pow, self, exponent, dtype: .float32)
    let y = out.detach()
    let (needsBase, needsExponent) = (requiresGrad, exponent.requiresGrad)
    return Tensor.record("PowBackward1", inputs: [self, exponent], output: out, saving: [self, exponent, out]) { g in
      [
        needsBase ? (g * e * x.pow(e - 1)).sumToShape(x.shape) : nil,
        // PyTorch: grad * result * log(self), with 0 where self == 0 and exponent >= 0.
        needsExponent
          ? (g * y * x.log()).maskedFill(x.eq(0) & e.ge(0), 0).sumToShape(e.shape) : nil,
      ]
    }
  }

  /// The larger of each pair of elements, NaN if either is NaN (PyTorch: `torch.maximum`).
  public func maximum(_ other: Tensor) -> Tensor { extremum(other, .maximum, "MaximumBackward0") }

  /// The smaller of each pair of elements, NaN if either is NaN (PyTorch: `torch.minimum`).
  public func minimum(_ other: Tensor) -> Tensor { extremum(other, .minimum, "MinimumBackward0") }

  private func extremum(_ other: Tensor, _ op: BinaryOp, _ name: String) -> Tensor {
    let (a, b) = (detach(), other.detach())
    let out = Tensor.elementwise(op, self, other)
    return Tensor.record(name, inputs: [self, other], output: out, saving: [self, other]) { g in
      // PyTorch: ties share the gradient equally.
      let shared = Tensor.where(a.eq(b), g / 2, g)
      let (loses, wins) = op == .maximum ? (a.lt(b), a.gt(b)) : (a.gt(b), a.lt(b))
      return [shared.maskedFill(loses, 0).sumToShape(a.shape), shared.maskedFill(wins, 0).sumToShape(b.shape)]
    }
  }
}
