// Copyright © 2026 the Anneal authors.

/// In-place updates, used by initialisers and optimizers (PyTorch's trailing-underscore
/// methods such as `fill_`, `uniform_`, `normal_`, `copy_`).
///
/// Like PyTorch, an in-place update of a leaf that requires a gradient is refused while grad
/// mode is on: wrap such updates in ``withNoGrad(_:)``.
extension Tensor {
  private func checkInPlaceAllowed() {
    precondition(
      !(GradMode.isEnabled && requiresGrad && isLeaf),
      "a leaf tensor that requires grad is being used in an in-place operation; "
        + "use withNoGrad { } (PyTorch: torch.no_grad())")
  }

  /// Sets every element to `value` (PyTorch: `fill_`).
  public func fill(with value: Float) {
    checkInPlaceAllowed()
    storage.base.update(repeating: value, count: count)
  }

  /// Copies the elements of `source`, which must have the same number of elements
  /// (PyTorch: `copy_`).
  public func copy(from source: Tensor) {
    checkInPlaceAllowed()
    precondition(source.count == count, "copy(from:) needs \(count) elements, got \(source.count)")
    storage.base.update(from: source.storage.base, count: count)
  }

  /// Fills with samples of U[low, high) (PyTorch: `uniform_`).
  public func fillUniform(low: Float = 0, high: Float = 1, generator: Generator = .default) {
    checkInPlaceAllowed()
    generator.fillUniform(storage.buffer, low: low, high: high)
  }

  /// Fills with samples of N(mean, std²) (PyTorch: `normal_`).
  public func fillNormal(mean: Float = 0, std: Float = 1, generator: Generator = .default) {
    checkInPlaceAllowed()
    generator.fillNormal(storage.buffer, mean: mean, std: std)
  }

  /// Adds `alpha · other` elementwise (PyTorch: `add_(other, alpha=alpha)`).
  public func add(_ other: Tensor, alpha: Float = 1) {
    checkInPlaceAllowed()
    precondition(other.shape == shape, "add(_:alpha:) needs shape \(shape), got \(other.shape)")
    Elementwise.axpy(alpha, other.storage.base, storage.base, count: count)
  }

  /// Multiplies every element by `factor` (PyTorch: `mul_`).
  public func scale(by factor: Float) {
    checkInPlaceAllowed()
    let p = storage.base
    for i in 0..<count { p[i] *= factor }
  }

  /// Calls `body` with the elements, for custom kernels and optimizers.
  public func withUnsafeScalars<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
    try body(UnsafeBufferPointer(storage.buffer))
  }

  /// Calls `body` with mutable access to the elements; the same in-place rule applies.
  public func withUnsafeMutableScalars<R>(
    _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
  ) rethrows -> R {
    checkInPlaceAllowed()
    return try body(storage.buffer)
  }
}
