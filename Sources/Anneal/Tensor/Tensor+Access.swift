// Copyright © 2026 the Anneal authors.

/// Reading elements out, and the only raw access to tensor memory outside the kernels.
extension Tensor {
  /// The elements in row-major order as `Float`, copied out (converted from other dtypes).
  public var scalars: [Float] { toArray(of: Float.self) }

  /// The elements in row-major order, converted to `T` (PyTorch: `tolist()`).
  public func toArray<T: TensorScalar>(of _: T.Type = T.self) -> [T] {
    let source = dtype == T.dtype ? contiguous() : to(T.dtype)
    let pointer = UnsafePointer(CPU.base(source, T.self))
    return Array(UnsafeBufferPointer(start: pointer, count: count))
  }

  /// The single element of a one-element tensor as `Float` (PyTorch: `item()`).
  public func item() -> Float { item(as: Float.self) }

  /// The single element of a one-element tensor as `T` (PyTorch: `item()`).
  public func item<T: TensorScalar>(as _: T.Type) -> T {
    check(count == 1, "a Tensor with \(count) elements cannot be converted to Scalar")
    let p = CPU.base(self, T.self)
    if dtype == T.dtype { return p.pointee }
    return toArray(of: T.self)[0]
  }

  /// Calls `body` with the float32 elements in row-major order: this tensor's memory when it
  /// is contiguous, a contiguous copy otherwise.
  public func withUnsafeScalars<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
    try withUnsafeBufferPointer(of: Float.self, body)
  }

  /// Calls `body` with the elements as `T` in row-major order; `T` must be the dtype's type.
  public func withUnsafeBufferPointer<T: TensorScalar, R>(
    of _: T.Type, _ body: (UnsafeBufferPointer<T>) throws -> R
  ) rethrows -> R {
    check(dtype == T.dtype, "expected a tensor of dtype \(T.dtype), got \(dtype)")
    let source = contiguous()
    return try body(UnsafeBufferPointer(start: CPU.base(source, T.self), count: count))
  }

  /// Calls `body` with mutable access to the float32 elements; the tensor must be contiguous
  /// (otherwise writes could not land in it), and the in-place rules of autograd apply. The
  /// version counter moves, as after any in-place change.
  public func withUnsafeMutableScalars<R>(
    _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
  ) rethrows -> R {
    try withUnsafeMutableBufferPointer(of: Float.self, body)
  }

  /// Calls `body` with mutable access to the elements as `T`; see ``withUnsafeMutableScalars(_:)``.
  public func withUnsafeMutableBufferPointer<T: TensorScalar, R>(
    of _: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> R
  ) rethrows -> R {
    check(dtype == T.dtype, "expected a tensor of dtype \(T.dtype), got \(dtype)")
    check(isContiguous, "mutable element access needs a contiguous tensor; call contiguous() and use that one")
    checkInPlaceAllowed()
    storage.version &+= 1
    return try body(UnsafeMutableBufferPointer(start: CPU.base(self, T.self), count: count))
  }
}
