// Copyright © 2026 the Anneal authors.

/// Reductions over any dimensions (PyTorch: `sum`, `mean`, `var`, `std`, `max`, `min`,
/// `argmax`, `argmin`, `logsumexp`, `amax`, `amin`).
///
/// Summation order: where the innermost dimension is reduced (and for a full sum) each row is
/// accumulated in `Double`; where only outer dimensions are reduced, each output accumulates
/// its rows in order in `Float`, as PyTorch's vertical reduction does.
extension Tensor {
  /// The normalised, sorted, distinct dimensions of `dims`; all of them when empty.
  private func reductionDims(_ dims: [Int]) -> [Int] {
    if dims.isEmpty { return Array(0..<rank) }
    if dims.count == 1 { return rank == 0 ? [] : [normalizedDim(dims[0])] }
    return Array(Set(dims.map(normalizedDim))).sorted().filter { $0 < rank }
  }

  private func keptShape(_ dims: [Int], keepDim: Bool) -> (kept: [Int], result: [Int]) {
    var kept = shape
    for d in dims { kept[d] = 1 }
    let result = keepDim ? kept : shape.indices.filter { !dims.contains($0) }.map { shape[$0] }
    return (kept, result)
  }

  /// The sum of all elements as a 0-D tensor; integers and bools sum to int64 (PyTorch: `sum()`).
  public func sum() -> Tensor { sum(dims: []) }

  /// Sums over `dim` (PyTorch: `sum(dim, keepdim)`).
  public func sum(dim: Int, keepDim: Bool = false) -> Tensor { sum(dims: [dim], keepDim: keepDim) }

  /// Sums over `dims`, or over everything when `dims` is empty (PyTorch: `sum(dims, keepdim)`).
  public func sum(dims: [Int], keepDim: Bool = false) -> Tensor {
    let reduced = reductionDims(dims)
    let (kept, resultShape) = keptShape(reduced, keepDim: keepDim)
    let type: DType = dtype == .float32 ? .float32 : .int64
    let out = Tensor.zeros(kept, dtype: type)
    Kernels.sum(self, into: out)
    let result = out.withShape(resultShape)
    let inputShape = shape
    return Tensor.record("SumBackward1", inputs: [self], output: result) { g in
      [g.reshape(kept).expand(inputShape)]
    }
  }

  /// The mean of all elements as a 0-D tensor (PyTorch: `mean()`).
  public func mean() -> Tensor { mean(dims: []) }

  /// Averages over `dim` (PyTorch: `mean(dim, keepdim)`).
  public func mean(dim: Int, keepDim: Bool = false) -> Tensor { mean(dims: [dim], keepDim: keepDim) }

  /// Averages over `dims`, or over everything when empty (PyTorch: `mean(dims, keepdim)`).
  public func mean(dims: [Int], keepDim: Bool = false) -> Tensor {
    check(
      dtype == .float32,
      "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: \(dtype)"
    )
    let n = reductionDims(dims).map { shape[$0] }.reduce(1, *)
    return sum(dims: dims, keepDim: keepDim) / Float(n)
  }

  /// The variance over `dims` (all when empty) with Bessel's `correction` (PyTorch:
  /// `var(dim, correction=1, keepdim)`); computed in two passes.
  public func variance(dims: [Int] = [], correction: Int = 1, keepDim: Bool = false) -> Tensor {
    let reduced = reductionDims(dims)
    let n = reduced.map { shape[$0] }.reduce(1, *)
    let centered = self - mean(dims: reduced, keepDim: true)
    return (centered * centered).sum(dims: reduced, keepDim: keepDim) / Float(Swift.max(n - correction, 0))
  }

  /// The standard deviation over `dims` (PyTorch: `std(dim, correction=1, keepdim)`).
  public func std(dims: [Int] = [], correction: Int = 1, keepDim: Bool = false) -> Tensor {
    variance(dims: dims, correction: correction, keepDim: keepDim).sqrt()
  }

  /// Moves `dims` last and makes the tensor `[rows, n]`-contiguous for a last-dimension kernel.
  private func rowsOver(_ dims: [Int]) -> (rows: Tensor, kept: [Int]) {
    var kept = shape
    for d in dims { kept[d] = 1 }
    if dims == [rank - 1] && isContiguous && !requiresGrad {
      // Already rows: no views to plan.
      let n = shape[rank - 1]
      return (
        Tensor(storage: storage, dtype: dtype, shape: [count / Swift.max(n, 1), n], storageOffset: storageOffset), kept
      )
    }
    let others = (0..<rank).filter { !dims.contains($0) }
    let moved = permute(others + dims).contiguous()
    let n = dims.map { shape[$0] }.reduce(1, *)
    return (moved.reshape([moved.count / Swift.max(n, 1), n]), kept)
  }

  private func lastDimReduction(_ op: LastDimReduction, dims: [Int], keepDim: Bool) -> Tensor {
    let reduced = reductionDims(dims)
    check(
      reduced.allSatisfy { shape[$0] > 0 },
      "\(op)(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument."
    )
    let (rows, kept) = detach().to(.float32).rowsOver(reduced)
    let isIndex = op == .argmax || op == .argmin
    let out = Tensor.empty(kept, dtype: isIndex ? .int64 : .float32)
    Kernels.reduceLastDim(op, rows, into: out)
    let (_, resultShape) = keptShape(reduced, keepDim: keepDim)
    return out.withShape(resultShape)
  }

  /// The largest element (PyTorch: `max()`); NaN if any is NaN.
  public func max() -> Tensor { amax(dims: []) }

  /// The smallest element (PyTorch: `min()`); NaN if any is NaN.
  public func min() -> Tensor { amin(dims: []) }

  /// The largest values over `dims` (PyTorch: `amax`); the gradient is shared equally
  /// between ties, as in PyTorch.
  public func amax(dims: [Int], keepDim: Bool = false) -> Tensor { extremum(.max, dims: dims, keepDim: keepDim) }

  /// The smallest values over `dims` (PyTorch: `amin`).
  public func amin(dims: [Int], keepDim: Bool = false) -> Tensor { extremum(.min, dims: dims, keepDim: keepDim) }

  private func extremum(_ op: LastDimReduction, dims: [Int], keepDim: Bool) -> Tensor {
    let values = lastDimReduction(op, dims: dims, keepDim: true)
    let reduced = reductionDims(dims)
    let (_, resultShape) = keptShape(reduced, keepDim: keepDim)
    let x = detach()
    let v = values.detach()
    let out = values.withShape(resultShape)
    return Tensor.record(op == .max ? "AmaxBackward0" : "AminBackward0", inputs: [self], output: out, saving: [self]) {
      g in
      let mask = x.eq(v).to(.float32)
      let ties = mask.sum(dims: reduced, keepDim: true)
      return [g.reshape(v.shape) / ties * mask]
    }
  }

  /// The largest value along `dim` and its first index (PyTorch: `max(dim, keepdim)`); the
  /// gradient goes to that index.
  public func max(dim: Int, keepDim: Bool = false) -> (values: Tensor, indices: Tensor) {
    indexedExtremum(.argmax, dim: dim, keepDim: keepDim)
  }

  /// The smallest value along `dim` and its first index (PyTorch: `min(dim, keepdim)`).
  public func min(dim: Int, keepDim: Bool = false) -> (values: Tensor, indices: Tensor) {
    indexedExtremum(.argmin, dim: dim, keepDim: keepDim)
  }

  private func indexedExtremum(_ op: LastDimReduction, dim: Int, keepDim: Bool) -> (values: Tensor, indices: Tensor) {
    let d = normalizedDim(dim)
    let indices = lastDimReduction(op, dims: [d], keepDim: true)
    let values = detach().gather(dim: d, index: indices)
    var squeezed = shape
    squeezed.remove(at: d)
    let out = values.withShape(keepDim ? values.shape : squeezed)
    let inputShape = shape
    let index = indices
    Tensor.record(op == .argmax ? "MaxBackward0" : "MinBackward0", inputs: [self], output: out) { g in
      [Tensor.zeros(inputShape).scatter(dim: d, index: index, source: keepDim ? g : g.unsqueeze(d))]
    }
    return (out, indices.withShape(keepDim ? indices.shape : squeezed))
  }

  /// The index of the first largest element along `dim` as int64 (PyTorch: `argmax(dim)`);
  /// a NaN counts as largest.
  public func argmax(dim: Int, keepDim: Bool = false) -> Tensor {
    lastDimReduction(.argmax, dims: [normalizedDim(dim)], keepDim: keepDim)
  }

  /// The index of the first largest element of the flattened tensor (PyTorch: `argmax()`).
  public func argmax() -> Tensor { reshape([-1]).argmax(dim: 0) }

  /// The index of the first smallest element along `dim` as int64 (PyTorch: `argmin(dim)`).
  public func argmin(dim: Int, keepDim: Bool = false) -> Tensor {
    lastDimReduction(.argmin, dims: [normalizedDim(dim)], keepDim: keepDim)
  }

  /// The index of the first smallest element of the flattened tensor (PyTorch: `argmin()`).
  public func argmin() -> Tensor { reshape([-1]).argmin(dim: 0) }

  /// log Σ exp over `dims`, computed stably (PyTorch: `logsumexp(dim, keepdim)`).
  public func logsumexp(dims: [Int], keepDim: Bool = false) -> Tensor {
    let reduced = reductionDims(dims)
    let kept = lastDimReduction(.logsumexp, dims: reduced, keepDim: true)
    let (_, resultShape) = keptShape(reduced, keepDim: keepDim)
    let (x, y) = (detach(), kept.detach())
    let out = kept.withShape(resultShape)
    return Tensor.record("LogsumexpBackward0", inputs: [self], output: out, saving: [self]) { g in
      [g.reshape(y.shape) * (x - y).exp()]
    }
  }

  /// A fresh output with another shape of the same contiguous elements (not a view).
  package func withShape(_ newShape: [Int]) -> Tensor {
    check(isContiguous && !requiresGrad, "withShape is for fresh contiguous outputs")
    if newShape == shape { return self }
    return Tensor(storage: storage, dtype: dtype, shape: newShape, storageOffset: storageOffset)
  }

  /// Whether every element is finite, neither NaN nor infinite (PyTorch:
  /// `torch.isfinite(t).all()`); vectorised, and shared among the kernel threads when large,
  /// for checking losses and gradients every step.
  public var allFinite: Bool {
    dtype != .float32 || withUnsafeScalars { Elementwise.allFiniteShared($0, count: count) }
  }
}
