// Copyright © 2026 the Anneal authors.

extension Tensor {
  /// The sum of all elements as a 0-D tensor (PyTorch: `sum()`).
  public func sum() -> Tensor {
    let total = Elementwise.sum(storage.base, count: count)
    let input = self
    return Tensor.result(
      Storage(repeating: total, count: 1), shape: [], name: "SumBackward", inputs: [self]
    ) { g in [Tensor.full(input.shape, g.item())] }
  }

  /// The mean of all elements as a 0-D tensor (PyTorch: `mean()`).
  public func mean() -> Tensor {
    precondition(count > 0, "mean() of an empty tensor")
    return sum() / Float(count)
  }

  /// Sums over `dim` (PyTorch: `sum(dim, keepdim)`).
  public func sum(dim: Int, keepDim: Bool = false) -> Tensor {
    let d = normalizedDim(dim)
    let (outer, extent, inner) = split(at: d)
    let out = Storage(repeating: 0, count: outer * inner)
    let (src, dst) = (storage.base, out.base)
    for o in 0..<outer {
      for r in 0..<extent {
        let row = src + (o * extent + r) * inner
        let target = dst + o * inner
        for i in 0..<inner { target[i] += row[i] }
      }
    }
    var kept = shape
    kept[d] = 1
    let resultShape = keepDim ? kept : shape.enumerated().filter { $0.offset != d }.map(\.element)
    let input = self
    return Tensor.result(out, shape: resultShape, name: "SumBackward", inputs: [self]) { g in
      [g.reshaped(kept).expanded(to: input.shape)]
    }
  }

  /// Averages over `dim` (PyTorch: `mean(dim, keepdim)`).
  public func mean(dim: Int, keepDim: Bool = false) -> Tensor {
    sum(dim: dim, keepDim: keepDim) / Float(shape[normalizedDim(dim)])
  }

  /// Whether every element is finite, neither NaN nor infinite (PyTorch:
  /// `torch.isfinite(t).all()`); vectorised, for checking losses and gradients every step.
  public var allFinite: Bool { Elementwise.allFinite(storage.base, count: count) }

  /// The index of the largest element along `dim`, for every other position
  /// (PyTorch: `argmax(dim)`). Ties pick the first index, as PyTorch does.
  public func argmax(dim: Int) -> [Int] {
    let d = normalizedDim(dim)
    let (outer, extent, inner) = split(at: d)
    precondition(extent > 0, "argmax over an empty dimension")
    var result = [Int](repeating: 0, count: outer * inner)
    let src = storage.base
    for o in 0..<outer {
      for i in 0..<inner {
        var best = src[o * extent * inner + i]
        var bestIndex = 0
        for r in 1..<max(extent, 1) {
          let v = src[(o * extent + r) * inner + i]
          if v > best || (v.isNaN && !best.isNaN) {
            best = v
            bestIndex = r
          }
        }
        result[o * inner + i] = bestIndex
      }
    }
    return result
  }

  /// Copies this tensor along dimensions of extent 1 to `target` (PyTorch: `expand`, copied).
  package func expanded(to target: [Int]) -> Tensor {
    if shape == target { return self }
    let plan = Broadcast(target, shape)
    let out = Storage(uninitializedCount: Tensor.elementCount(target))
    let (src, dst) = (storage.base, out.base)
    plan.forEach { i, _, offset in dst[i] = src[offset] }
    return Tensor(storage: out, shape: target)
  }

  /// The products of the extents before, at and after `dim`.
  package func split(at dim: Int) -> (outer: Int, extent: Int, inner: Int) {
    (shape[..<dim].reduce(1, *), shape[dim], shape[(dim + 1)...].reduce(1, *))
  }
}
