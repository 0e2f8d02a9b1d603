// Copyright © 2026 the Anneal authors.

extension Tensor {
  /// Applies `op` elementwise with broadcasting; the general path behind `+ - * /`.
  private static func binary(
    _ a: Tensor, _ b: Tensor, _ op: (Float, Float) -> Float
  ) -> (Storage, [Int]) {
    if a.shape == b.shape {
      let out = Storage(uninitializedCount: a.count)
      Elementwise.zip(a.storage.base, b.storage.base, into: out.base, count: a.count, op)
      return (out, a.shape)
    }
    let plan = Broadcast(a.shape, b.shape)
    let out = Storage(uninitializedCount: elementCount(plan.shape))
    let (pa, pb, pc) = (a.storage.base, b.storage.base, out.base)
    if plan.shape == a.shape && b.shape.count <= a.shape.count
      && Array(a.shape.suffix(b.shape.count)) == b.shape
    {
      // Row broadcast, e.g. [batch, features] + [features]: the hot path of a bias add.
      let inner = b.count
      for row in stride(from: 0, to: a.count, by: max(inner, 1)) {
        for j in 0..<inner { pc[row + j] = op(pa[row + j], pb[j]) }
      }
    } else {
      plan.forEach { i, oa, ob in pc[i] = op(pa[oa], pb[ob]) }
    }
    return (out, plan.shape)
  }

  /// Elementwise sum with broadcasting (PyTorch: `a + b`).
  public static func + (a: Tensor, b: Tensor) -> Tensor {
    let (out, shape) = binary(a, b, +)
    return result(out, shape: shape, name: "AddBackward", inputs: [a, b]) { g in
      [g.sumToShape(a.shape), g.sumToShape(b.shape)]
    }
  }

  /// Elementwise difference with broadcasting (PyTorch: `a - b`).
  public static func - (a: Tensor, b: Tensor) -> Tensor {
    let (out, shape) = binary(a, b, -)
    return result(out, shape: shape, name: "SubBackward", inputs: [a, b]) { g in
      [g.sumToShape(a.shape), (-g).sumToShape(b.shape)]
    }
  }

  /// Elementwise product with broadcasting (PyTorch: `a * b`).
  public static func * (a: Tensor, b: Tensor) -> Tensor {
    let (out, shape) = binary(a, b, *)
    return result(out, shape: shape, name: "MulBackward", inputs: [a, b]) { g in
      [
        a.requiresGrad ? (g * b.detach()).sumToShape(a.shape) : nil,
        b.requiresGrad ? (g * a.detach()).sumToShape(b.shape) : nil,
      ]
    }
  }

  /// Elementwise quotient with broadcasting (PyTorch: `a / b`).
  public static func / (a: Tensor, b: Tensor) -> Tensor {
    let (out, shape) = binary(a, b, /)
    return result(out, shape: shape, name: "DivBackward", inputs: [a, b]) { g in
      let (ad, bd) = (a.detach(), b.detach())
      return [
        a.requiresGrad ? (g / bd).sumToShape(a.shape) : nil,
        b.requiresGrad ? (-(g * ad) / (bd * bd)).sumToShape(b.shape) : nil,
      ]
    }
  }

  /// Elementwise negation (PyTorch: `-a`).
  public static prefix func - (a: Tensor) -> Tensor {
    a.unary(name: "NegBackward", { -$0 }) { g, _, _ in -g }
  }

  /// Adds a scalar to every element.
  public static func + (a: Tensor, s: Float) -> Tensor {
    a.unary(name: "AddBackward", { $0 + s }) { g, _, _ in g }
  }

  /// Subtracts a scalar from every element.
  public static func - (a: Tensor, s: Float) -> Tensor { a + (-s) }

  /// Multiplies every element by a scalar.
  public static func * (a: Tensor, s: Float) -> Tensor {
    a.unary(name: "MulBackward", { $0 * s }) { g, _, _ in g * s }
  }

  /// Multiplies every element by a scalar.
  public static func * (s: Float, a: Tensor) -> Tensor { a * s }

  /// Divides every element by a scalar.
  public static func / (a: Tensor, s: Float) -> Tensor {
    a.unary(name: "DivBackward", { $0 / s }) { g, _, _ in g / s }
  }

  /// Applies `forward` elementwise; `derivative(gradOut, input, output)` gives the input
  /// gradient and runs only when a gradient is needed.
  package func unary(
    name: String, _ forward: (Float) -> Float,
    derivative: @escaping (Tensor, Tensor, Tensor) -> Tensor
  ) -> Tensor {
    let out = Storage(uninitializedCount: count)
    Elementwise.map(storage.base, into: out.base, count: count, forward)
    let input = detach()
    let output = Tensor(storage: out, shape: shape)
    return Tensor.result(out, shape: shape, name: name, inputs: [self]) { g in
      [derivative(g, input, output)]
    }
  }

  /// Elementwise equality as 1 or 0 (PyTorch: `a == b`, as a float tensor). Not differentiable.
  public func eq(_ other: Tensor) -> Tensor {
    let (out, shape) = Tensor.binary(self, other) { $0 == $1 ? 1 : 0 }
    return Tensor(storage: out, shape: shape)
  }
}
