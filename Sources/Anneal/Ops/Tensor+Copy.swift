// Copyright © 2026 the Anneal authors.

/// Copies and conversions (PyTorch: `contiguous`, `clone`, `to`).
extension Tensor {
  /// This tensor if its layout is row-major, otherwise a row-major copy (PyTorch:
  /// `contiguous()`).
  public func contiguous() -> Tensor {
    if isContiguous { return self }
    return clone()
  }

  /// A row-major copy with its own storage, recorded for autograd (PyTorch: `clone()`).
  public func clone() -> Tensor {
    Tensor.record("CloneBackward0", inputs: [self], output: contiguousCopy()) { g in [g] }
  }

  /// A row-major copy outside the graph.
  package func contiguousCopy() -> Tensor {
    let out = Tensor.empty(shape, dtype: dtype)
    Kernels.copy(self, into: out)
    return out
  }

  /// This tensor converted to `dtype` (PyTorch: `to(dtype)`); `self` when it already has it.
  /// Floats convert to integers by truncation toward zero, and to `bool` by `!= 0`.
  public func to(_ dtype: DType) -> Tensor {
    if dtype == self.dtype { return self }
    let out = Tensor.empty(shape, dtype: dtype)
    Kernels.copy(self, into: out)
    let source = self.dtype
    guard dtype.isFloatingPoint, source.isFloatingPoint else { return out }
    return Tensor.record("ToCopyBackward0", inputs: [self], output: out) { g in [g.to(source)] }
  }

  /// Writes `source`'s elements (broadcast to this shape) into this tensor's memory, outside
  /// the graph and without moving the version: for freshly made outputs.
  package func copyElements(from source: Tensor) {
    Kernels.copy(source, into: self)
  }
}

/// In-place updates (PyTorch's trailing-underscore methods such as `fill_`, `copy_`, `add_`,
/// `mul_`, `uniform_`, `normal_`).
///
/// Each moves the storage's version, so that a tensor saved for a backward pass and changed
/// afterwards makes ``Tensor/backward(_:retainGraph:)`` throw instead of computing a wrong
/// gradient. As in PyTorch, a leaf that requires a gradient may only be changed inside
/// ``withNoGrad(_:)``; a non-leaf that requires one records the change in its history.
extension Tensor {
  package func checkInPlaceAllowed() {
    guard GradMode.isEnabled, requiresGrad else { return }
    check(
      !isLeaf || isView,
      "a leaf Variable that requires grad is being used in an in-place operation; "
        + "use withNoGrad { } (PyTorch: torch.no_grad())")
    check(
      !isView,
      "an in-place operation on a view of a tensor that requires grad is not supported; "
        + "clone() the view and change the copy")
  }

  /// Runs `body`, which changes this tensor's memory, moves the version and, for a non-leaf
  /// in grad mode, records the change as `name` with `rule` (gradient of the result → gradients of
  /// the old value and of `others`).
  package func modifyInPlace(
    _ name: String, others: [Tensor] = [], rule: ((Tensor) -> [Tensor?])? = nil, _ body: () -> Void
  ) {
    checkInPlaceAllowed()
    let recording = GradMode.isEnabled && (requiresGrad || others.contains(where: \.requiresGrad))
    if recording {
      check(
        !isView && !(isLeaf && requiresGrad),
        "an in-place operation on a view of a tensor that requires grad is not supported; "
          + "clone() the view and change the copy")
    }
    body()
    storage.version &+= 1
    guard recording, let rule else { return }
    // The old value becomes an input of the change, as PyTorch rebases a tensor's history.
    let old = Tensor(storage: storage, dtype: dtype, shape: shape, strides: strides, storageOffset: storageOffset)
    old.requiresGrad = requiresGrad
    old.gradFn = gradFn
    old.outputNr = outputNr
    gradFn = nil
    requiresGrad = false
    Tensor.record(name, inputs: [old] + others, output: self) { g in rule(g) }
  }

  /// Sets every element to `value` (PyTorch: `fill_`).
  public func fill(with value: Float) {
    modifyInPlace("FillBackward0", rule: { _ in [nil] }) { Kernels.fill(self, with: Double(value)) }
  }

  /// Copies the elements of `source`, broadcast to this shape (PyTorch: `copy_`); a source with
  /// the same number of elements but another shape is read in row-major order.
  public func copy(from source: Tensor) {
    let src = source.shape == shape || source.count != count ? source : source.reshape(shape)
    let sourceShape = src.shape
    modifyInPlace("CopyBackwards", others: [src], rule: { g in [nil, g.sumToShape(sourceShape)] }) {
      Kernels.copy(src, into: self)
    }
  }

  /// Adds `alpha · other` elementwise, `other` broadcast to this shape (PyTorch:
  /// `add_(other, alpha=alpha)`).
  public func add(_ other: Tensor, alpha: Float = 1) {
    let otherShape = other.shape
    modifyInPlace("AddBackward0", others: [other], rule: { g in [g, (g * alpha).sumToShape(otherShape)] }) {
      let scaled = alpha == 1 ? other : withNoGrad { other * alpha }
      Kernels.binary(.add, self, scaled.to(dtype), into: self)
    }
  }

  /// `self += other` without autograd or version checks, for accumulating gradients.
  package func addInPlace(_ other: Tensor) {
    Kernels.binary(.add, self, other, into: self)
  }

  /// Multiplies every element by `factor` (PyTorch: `mul_`).
  public func scale(by factor: Float) {
    modifyInPlace("MulBackward0", rule: { g in [g * factor] }) {
      Kernels.binary(.mul, self, Tensor(scalar: factor).to(dtype), into: self)
    }
  }

  /// Sets the elements where `mask` (a bool tensor broadcast to this shape) is true to
  /// `value` (PyTorch: `masked_fill_`).
  public func maskedFill_(_ mask: Tensor, _ value: Float) {
    check(mask.dtype == .bool, "masked_fill_ only supports boolean masks, but got mask with dtype \(mask.dtype)")
    let m = mask.detach()
    modifyInPlace("MaskedFillBackward0", rule: { g in [g.maskedFill(m, 0)] }) {
      Kernels.select(m, Tensor(scalar: value).to(dtype), self, into: self)
    }
  }

  /// Fills with samples of U[low, high) (PyTorch: `uniform_`); the tensor must be contiguous.
  public func fillUniform(low: Float = 0, high: Float = 1, generator: Generator = .default) {
    withUnsafeMutableScalars { generator.fillUniform($0, low: low, high: high) }
  }

  /// Fills with samples of N(mean, std²) (PyTorch: `normal_`); the tensor must be contiguous.
  public func fillNormal(mean: Float = 0, std: Float = 1, generator: Generator = .default) {
    withUnsafeMutableScalars { generator.fillNormal($0, mean: mean, std: std) }
  }
}
