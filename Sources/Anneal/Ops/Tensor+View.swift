// Copyright © 2026 the Anneal authors.

/// Views: tensors sharing this tensor's storage with another shape, strides or offset
/// (PyTorch: `view`, `permute`, `expand`, `narrow`, `select`, …). Each records a backward rule
/// that maps the view's gradient back to this tensor's shape.
extension Tensor {
  /// A view with other metadata, recorded for autograd as `name` with `rule`.
  private func makeView(
    _ name: String, shape: [Int], strides: [Int], offset: Int, rule: @escaping (Tensor) -> Tensor
  ) -> Tensor {
    let view = Tensor(
      storage: storage, dtype: dtype, shape: shape, strides: strides, storageOffset: offset, viewOf: self)
    return Tensor.record(name, inputs: [self], output: view) { g in [rule(g)] }
  }

  // MARK: Reshaping

  /// A view with a new shape and the same elements; one extent may be `-1` to infer it
  /// (PyTorch: `view`). The strides must allow it (always so for a contiguous tensor);
  /// ``reshape(_:)`` copies when they do not.
  public func view(_ shape: [Int]) -> Tensor {
    let target = inferredShape(shape)
    guard let strides = Tensor.viewStrides(from: self.shape, self.strides, to: target) else {
      checkFailed(
        "view size is not compatible with input tensor's size and stride (at least one dimension spans "
          + "across two contiguous subspaces). Use reshape(...) instead.")
    }
    let inputShape = self.shape
    return makeView("ViewBackward0", shape: target, strides: strides, offset: storageOffset) { g in
      g.reshape(inputShape)
    }
  }

  /// This tensor with a new shape: a view when the strides allow, a copy otherwise
  /// (PyTorch: `reshape`). One extent may be `-1`.
  public func reshape(_ shape: [Int]) -> Tensor {
    let target = inferredShape(shape)
    if Tensor.viewStrides(from: self.shape, strides, to: target) != nil { return view(target) }
    return contiguous().view(target)
  }

  /// The same as ``reshape(_:)``.
  public func reshaped(_ shape: [Int]) -> Tensor { reshape(shape) }

  /// Merges dimensions `startDim` through `endDim` into one (PyTorch: `flatten`).
  public func flatten(startDim: Int = 0, endDim: Int = -1) -> Tensor {
    guard rank > 0 else { return reshape([1]) }
    let (start, end) = (normalizedDim(startDim), normalizedDim(endDim))
    check(start <= end, "flatten() has invalid args: start_dim cannot come after end_dim")
    if start == end { return self }
    let merged = shape[start...end].reduce(1, *)
    return reshape(Array(shape[..<start]) + [merged] + Array(shape[(end + 1)...]))
  }

  /// The same as ``flatten(startDim:endDim:)`` up to the last dimension.
  public func flattened(startDim: Int = 0) -> Tensor { flatten(startDim: startDim) }

  /// Splits dimension `dim` into `sizes` (PyTorch: `unflatten`); one size may be `-1`.
  public func unflatten(dim: Int, sizes: [Int]) -> Tensor {
    let d = normalizedDim(dim)
    var resolved = sizes
    if let i = sizes.firstIndex(of: -1) {
      let known = sizes.enumerated().filter { $0.offset != i }.map(\.element).reduce(1, *)
      check(
        known > 0 && shape[d] % known == 0,
        "unflatten: Provided sizes \(sizes) don't multiply up to the size of dim \(dim) (\(shape[d])) in the input tensor"
      )
      resolved[i] = shape[d] / known
    }
    check(
      resolved.reduce(1, *) == shape[d],
      "unflatten: Provided sizes \(sizes) don't multiply up to the size of dim \(dim) (\(shape[d])) in the input tensor"
    )
    return view(Array(shape[..<d]) + resolved + Array(shape[(d + 1)...]))
  }

  /// Inserts a dimension of extent 1 at `dim` (PyTorch: `unsqueeze`).
  public func unsqueeze(_ dim: Int) -> Tensor {
    let d = dim < 0 ? dim + rank + 1 : dim
    check(
      d >= 0 && d <= rank,
      "Dimension out of range (expected to be in range of [\(-rank - 1), \(rank)], but got \(dim))")
    var newShape = shape
    var newStrides = strides
    newShape.insert(1, at: d)
    newStrides.insert(d < rank ? strides[d] * shape[d] : 1, at: d)
    let inputShape = shape
    return makeView("UnsqueezeBackward0", shape: newShape, strides: newStrides, offset: storageOffset) { g in
      g.reshape(inputShape)
    }
  }

  /// Removes dimensions of extent 1: all of them, or only `dim` if it has extent 1
  /// (PyTorch: `squeeze`).
  public func squeeze(_ dim: Int? = nil) -> Tensor {
    let drop: Set<Int> =
      if let dim {
        shape.isEmpty ? [] : (shape[normalizedDim(dim)] == 1 ? [normalizedDim(dim)] : [])
      } else {
        Set(shape.indices.filter { shape[$0] == 1 })
      }
    let kept = shape.indices.filter { !drop.contains($0) }
    let inputShape = shape
    return makeView(
      "SqueezeBackward0", shape: kept.map { shape[$0] }, strides: kept.map { strides[$0] }, offset: storageOffset
    ) { g in g.reshape(inputShape) }
  }

  // MARK: Reordering

  /// A view with the dimensions reordered: dimension `i` of the result is `dims[i]` of this
  /// tensor (PyTorch: `permute`).
  public func permute(_ dims: [Int]) -> Tensor {
    check(
      dims.count == rank,
      "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = \(rank) is not equal to len(dims) = \(dims.count)"
    )
    let order = dims.map(normalizedDim)
    check(Set(order).count == rank, "permute(): duplicate dims are not allowed.")
    var inverse = [Int](repeating: 0, count: rank)
    for (i, d) in order.enumerated() { inverse[d] = i }
    return makeView(
      "PermuteBackward0", shape: order.map { shape[$0] }, strides: order.map { strides[$0] }, offset: storageOffset
    ) { g in g.permute(inverse) }
  }

  /// A view with dimensions `dim0` and `dim1` swapped (PyTorch: `transpose`).
  public func transpose(_ dim0: Int, _ dim1: Int) -> Tensor {
    guard rank > 0 else { return self }
    var order = Array(0..<rank)
    order.swapAt(normalizedDim(dim0), normalizedDim(dim1))
    return makeViewNamed("TransposeBackward0", order)
  }

  private func makeViewNamed(_ name: String, _ order: [Int]) -> Tensor {
    makeView(name, shape: order.map { shape[$0] }, strides: order.map { strides[$0] }, offset: storageOffset) { g in
      g.permute(order)  // a transposition is its own inverse
    }
  }

  /// The transpose of a tensor of at most 2 dimensions, as a view (PyTorch: `t()`).
  public func t() -> Tensor {
    check(rank <= 2, "t() expects a tensor with <= 2 dimensions, but self is \(rank)D")
    return rank < 2 ? self : transpose(0, 1)
  }

  /// The same as ``t()``.
  public func transposed() -> Tensor { t() }

  // MARK: Broadcasting

  /// A view broadcasting dimensions of extent 1 to `shape`, with stride 0 along them; `-1`
  /// keeps an extent (PyTorch: `expand`).
  public func expand(_ shape: [Int]) -> Tensor {
    check(
      shape.count >= rank,
      "expand: the number of sizes provided (\(shape.count)) must be greater or equal to the number of dimensions in the tensor (\(rank))"
    )
    let lead = shape.count - rank
    var newShape = shape
    var newStrides = [Int](repeating: 0, count: shape.count)
    for d in 0..<shape.count {
      if d < lead {
        check(
          shape[d] >= 0, "expand: the expanded size \(shape[d]) is not allowed in a leading, non-existing dimension")
        continue
      }
      let own = self.shape[d - lead]
      if shape[d] == -1 || shape[d] == own {
        newShape[d] = own
        newStrides[d] = strides[d - lead]
      } else {
        check(
          own == 1,
          "The expanded size of the tensor (\(shape[d])) must match the existing size (\(own)) at non-singleton dimension \(d).  Target sizes: \(shape).  Tensor sizes: \(self.shape)"
        )
      }
    }
    let inputShape = self.shape
    return makeView("ExpandBackward0", shape: newShape, strides: newStrides, offset: storageOffset) { g in
      g.sumToShape(inputShape)
    }
  }

  /// This tensor with `other`'s shape (PyTorch: `view_as`).
  public func viewAs(_ other: Tensor) -> Tensor { view(other.shape) }

  /// The same as `expand(other.shape)` (PyTorch: `expand_as`).
  public func expandAs(_ other: Tensor) -> Tensor { expand(other.shape) }

  // MARK: Slicing

  /// A view of `length` entries of dimension `dim` from `start` (PyTorch: `narrow`).
  public func narrow(dim: Int, start: Int, length: Int) -> Tensor {
    let d = normalizedDim(dim)
    check(rank > 0, "narrow() cannot be applied to a 0-dim tensor.")
    let begin = start < 0 ? start + shape[d] : start
    check(
      begin >= 0 && length >= 0 && begin + length <= shape[d],
      "start (\(start)) + length (\(length)) exceeds dimension size (\(shape[d])).")
    var newShape = shape
    newShape[d] = length
    let inputShape = shape
    return makeView("NarrowBackward0", shape: newShape, strides: strides, offset: storageOffset + begin * strides[d]) {
      g in
      let full = Tensor.zeros(inputShape, dtype: g.dtype)
      full.narrow(dim: d, start: begin, length: length).copyElements(from: g)
      return full
    }
  }

  /// A view of entry `index` of dimension `dim`, which is removed (PyTorch: `select`).
  public func select(dim: Int, index: Int) -> Tensor {
    check(rank > 0, "select() cannot be applied to a 0-dim tensor.")
    let d = normalizedDim(dim)
    let i = index < 0 ? index + shape[d] : index
    check(
      i >= 0 && i < shape[d],
      "select(): index \(index) out of range for tensor of size \(shapeDescription) at dimension \(dim)")
    var newShape = shape
    var newStrides = strides
    newShape.remove(at: d)
    newStrides.remove(at: d)
    let inputShape = shape
    return makeView("SelectBackward0", shape: newShape, strides: newStrides, offset: storageOffset + i * strides[d]) {
      g in
      let full = Tensor.zeros(inputShape, dtype: g.dtype)
      full.select(dim: d, index: i).copyElements(from: g)
      return full
    }
  }

  /// Entries `range` of dimension `dim`, every `step`-th, as a view (PyTorch: `t[a:b:step]`).
  public func slice(dim: Int, _ range: Range<Int>, step: Int = 1) -> Tensor {
    let d = normalizedDim(dim)
    check(step > 0, "slice step must be positive")
    let lower = Swift.min(Swift.max(range.lowerBound < 0 ? range.lowerBound + shape[d] : range.lowerBound, 0), shape[d])
    let upper = Swift.min(
      Swift.max(range.upperBound < 0 ? range.upperBound + shape[d] : range.upperBound, lower), shape[d])
    let length = (upper - lower + step - 1) / step
    var newShape = shape
    var newStrides = strides
    newShape[d] = length
    newStrides[d] = strides[d] * step
    let inputShape = shape
    return makeView(
      "SliceBackward0", shape: newShape, strides: newStrides, offset: storageOffset + lower * strides[d]
    ) { g in
      let full = Tensor.zeros(inputShape, dtype: g.dtype)
      full.slice(dim: d, lower..<upper, step: step).copyElements(from: g)
      return full
    }
  }

  /// Entry `index` of the first dimension, as a view (PyTorch: `t[i]`).
  public subscript(index: Int) -> Tensor { select(dim: 0, index: index) }

  /// Entries `range` of the first dimension, as a view (PyTorch: `t[a:b]`).
  public subscript(range: Range<Int>) -> Tensor { slice(dim: 0, range) }

  /// Entry `i` of the first dimension and `j` of the second, as a view (PyTorch: `t[i, j]`).
  public subscript(i: Int, j: Int) -> Tensor { select(dim: 0, index: i).select(dim: 0, index: j) }

  /// The gradient reduced over the dimensions broadcasting stretched to give `target`.
  package func sumToShape(_ target: [Int]) -> Tensor {
    if target == shape { return self }
    let lead = rank - target.count
    let dims = (0..<rank).filter { $0 < lead || (target[$0 - lead] == 1 && shape[$0] != 1) }
    let summed = sum(dims: dims, keepDim: true)
    return lead == 0 ? summed : summed.reshape(target)
  }

  // MARK: Layout helpers

  private func inferredShape(_ shape: [Int]) -> [Int] {
    var resolved = shape
    let inferred = shape.indices.filter { shape[$0] == -1 }
    check(inferred.count <= 1, "only one dimension can be inferred")
    check(shape.allSatisfy { $0 >= -1 }, "invalid shape dimension in \(shape)")
    if let d = inferred.first {
      let known = shape.enumerated().filter { $0.offset != d }.map(\.element).reduce(1, *)
      check(known > 0 && count % known == 0, "shape '\(shape)' is invalid for input of size \(count)")
      resolved[d] = count / known
    }
    check(Tensor.elementCount(resolved) == count, "shape '\(shape)' is invalid for input of size \(count)")
    return resolved
  }

  /// The strides of a view of (`shape`, `strides`) as `target`, or `nil` when no view can
  /// express it (PyTorch: `computeStride`).
  package static func viewStrides(from shape: [Int], _ strides: [Int], to target: [Int]) -> [Int]? {
    if elementCount(shape) == 0 || shape.isEmpty { return contiguousStrides(target) }
    var result = [Int](repeating: 0, count: target.count)
    var viewD = target.count - 1
    var chunkBaseStride = strides.last ?? 1
    var tensorElements = 1
    var viewElements = 1
    for d in stride(from: shape.count - 1, through: 0, by: -1) {
      tensorElements *= shape[d]
      if d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorElements * chunkBaseStride) {
        while viewD >= 0 && (viewElements < tensorElements || target[viewD] == 1) {
          result[viewD] = viewElements * chunkBaseStride
          viewElements *= target[viewD]
          viewD -= 1
        }
        if viewElements != tensorElements { return nil }
        if d > 0 {
          chunkBaseStride = strides[d - 1]
          tensorElements = 1
          viewElements = 1
        }
      }
    }
    return viewD == -1 ? result : nil
  }
}
