// Copyright © 2026 the Anneal authors.

extension Tensor {
  /// A view with a new shape and the same elements; one extent may be `-1` to infer it
  /// (PyTorch: `view` / `reshape`). The view shares storage with this tensor.
  public func reshaped(_ newShape: [Int]) -> Tensor {
    var resolved = newShape
    let inferred = newShape.indices.filter { newShape[$0] == -1 }
    precondition(inferred.count <= 1, "Only one dimension can be inferred in \(newShape)")
    if let d = inferred.first {
      let known = newShape.enumerated().filter { $0.offset != d }.map(\.element).reduce(1, *)
      precondition(
        known > 0 && count % known == 0, "Shape \(newShape) is invalid for input of size \(count)")
      resolved[d] = count / known
    }
    precondition(
      Tensor.elementCount(resolved) == count,
      "Shape \(newShape) is invalid for input of size \(count)")
    let input = self
    return Tensor.result(storage, shape: resolved, name: "ViewBackward", inputs: [self]) { g in
      [g.reshaped(input.shape)]
    }
  }

  /// Merges the dimensions from `startDim` on into one (PyTorch: `flatten(start_dim)`).
  public func flattened(startDim: Int = 0) -> Tensor {
    let start = normalizedDim(startDim)
    return reshaped(Array(shape[..<start]) + [shape[start...].reduce(1, *)])
  }

  /// The transpose of a 2-D tensor (PyTorch: `t()`); the result is a copy.
  public func transposed() -> Tensor {
    precondition(rank == 2, "transposed() needs a 2-D tensor, got \(shape)")
    let (rows, cols) = (shape[0], shape[1])
    let out = Storage(uninitializedCount: count)
    let (src, dst) = (storage.base, out.base)
    for i in 0..<rows {
      for j in 0..<cols { dst[j * rows + i] = src[i * cols + j] }
    }
    return Tensor.result(out, shape: [cols, rows], name: "TBackward", inputs: [self]) { g in
      [g.transposed()]
    }
  }
}
