// Copyright © 2026 the Anneal authors.

/// Indexing by int64 tensors (PyTorch: `gather`, `scatter`, `scatter_add`, `index_select`).
extension Tensor {
  private func checkIndex(_ index: Tensor, dim d: Int, _ name: String, against other: Tensor? = nil) {
    check(index.dtype == .int64, "\(name)(): Expected dtype int64 for index")
    check(
      index.rank == rank || (index.rank <= 1 && rank <= 1),
      "Index tensor must have the same number of dimensions as input tensor")
    for k in 0..<index.rank where k != d {
      check(
        index.shape[k] <= shape[k] && (other.map { index.shape[k] <= $0.shape[k] } ?? true),
        "Size does not match at dimension \(k) expected index \(index.shape) to be smaller than self \(shape) apart from dimension \(d)"
      )
    }
  }

  /// The elements along `dim` at `index` (same rank; PyTorch: `torch.gather`).
  public func gather(dim: Int, index: Tensor) -> Tensor {
    let d = normalizedDim(dim)
    checkIndex(index, dim: d, "gather")
    let out = Tensor.empty(index.shape, dtype: dtype)
    Kernels.gather(self, dim: d, index: index, into: out)
    let (inputShape, idx) = (shape, index.detach())
    return Tensor.record("GatherBackward0", inputs: [self], output: out) { g in
      [Tensor.zeros(inputShape).scatterAdd(dim: d, index: idx, source: g)]
    }
  }

  /// A copy with `source`'s elements written along `dim` at `index` (PyTorch: `scatter`).
  /// Where indices repeat, the last write wins.
  public func scatter(dim: Int, index: Tensor, source: Tensor) -> Tensor {
    scattered(dim: dim, index: index, source: source, mode: .assign)
  }

  /// A copy with `value` written along `dim` at `index` (PyTorch: `scatter(dim, index, value)`).
  public func scatter(dim: Int, index: Tensor, value: Float) -> Tensor {
    scattered(dim: dim, index: index, source: Tensor.full(index.shape, value, dtype: dtype), mode: .assign)
  }

  /// A copy with `source`'s elements added along `dim` at `index` (PyTorch: `scatter_add`).
  public func scatterAdd(dim: Int, index: Tensor, source: Tensor) -> Tensor {
    scattered(dim: dim, index: index, source: source, mode: .add)
  }

  private func scattered(dim: Int, index: Tensor, source: Tensor, mode: CPU.ScatterMode) -> Tensor {
    let d = normalizedDim(dim)
    checkIndex(index, dim: d, "scatter", against: source)
    check(source.dtype == dtype, "scatter(): Expected self.dtype to be equal to src.dtype")
    let out = contiguousCopy()
    Kernels.scatter(source, dim: d, index: index, into: out, mode: mode)
    let idx = index.detach()
    let name = mode == .add ? "ScatterAddBackward0" : "ScatterBackward0"
    let (needsSelf, needsSource) = (requiresGrad, source.requiresGrad)
    return Tensor.record(name, inputs: [self, source], output: out) { g in
      [
        needsSelf ? (mode == .add ? g : g.scatter(dim: d, index: idx, value: 0)) : nil,
        needsSource ? g.gather(dim: d, index: idx) : nil,
      ]
    }
  }

  /// The entries of dimension `dim` at the 1-D int64 `index`, in its order (PyTorch:
  /// `index_select`).
  public func indexSelect(dim: Int, index: Tensor) -> Tensor {
    let d = normalizedDim(dim)
    check(index.dtype == .int64, "index_select(): Expected dtype int64 for index")
    check(index.rank <= 1, "index_select(): Index is supposed to be a vector")
    let indices = index.toArray(of: Int64.self)
    var outShape = shape
    if rank > 0 { outShape[d] = indices.count }
    let out = Tensor.empty(outShape, dtype: dtype)
    for (j, i) in indices.enumerated() {
      check(i >= 0 && Int(i) < shape[d], "index out of range in self")
      out.select(dim: d, index: j).copyElements(from: detach().select(dim: d, index: Int(i)))
    }
    let (inputShape, idx) = (shape, index.detach())
    return Tensor.record("IndexSelectBackward0", inputs: [self], output: out) { g in
      // PyTorch: index_add of the gradient, in index order.
      var expanded = [Int](repeating: 1, count: g.rank)
      expanded[d] = idx.count
      let spread = idx.reshape(expanded).expand(g.shape).contiguous()
      return [Tensor.zeros(inputShape).scatterAdd(dim: d, index: spread, source: g)]
    }
  }
}

/// The rows of `weight` (`[numEmbeddings, embeddingDim]`) at the int64 indices `input`, of
/// shape `input.shape + [embeddingDim]` (PyTorch: `torch.nn.functional.embedding(input, weight,
/// padding_idx)`).
///
/// The weight's gradient adds each output row's gradient into its index's row, in order; the
/// row `paddingIdx` (negative counts from the end) gets none.
public func embedding(_ input: Tensor, weight: Tensor, paddingIdx: Int? = nil) -> Tensor {
  check(
    input.dtype == .int64, "Expected tensor for argument #1 'indices' to have scalar type Long; but got \(input.dtype)")
  check(weight.rank == 2, "'weight' must be 2-D, got \(weight.shape)")
  let (count, width) = (weight.shape[0], weight.shape[1])
  var padding = paddingIdx
  if let p = paddingIdx {
    check((-count..<count).contains(p), "Padding_idx must be within num_embeddings")
    padding = p < 0 ? p + count : p
  }
  let flat = input.reshape([-1]).contiguous()
  let rows = withNoGrad { weight.detach().indexSelect(dim: 0, index: flat) }
  let out = rows.reshape(input.shape + [width])
  return Tensor.record("EmbeddingBackward0", inputs: [weight], output: out) { g in
    var perRow = g.reshape([-1, width])
    if let padding { perRow = perRow.maskedFill(flat.eq(Float(padding)).unsqueeze(1), 0) }
    let spread = flat.unsqueeze(1).expand([flat.count, width]).contiguous()
    return [Tensor.zeros([count, width]).scatterAdd(dim: 0, index: spread, source: perRow)]
  }
}
