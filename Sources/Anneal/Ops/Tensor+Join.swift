// Copyright © 2026 the Anneal authors.

/// Joining and splitting (PyTorch: `torch.cat`, `torch.stack`, `split`, `chunk`).
extension Tensor {
  /// The tensors joined along `dim`; they must agree in every other dimension and are
  /// promoted to a common dtype (PyTorch: `torch.cat`).
  public static func cat(_ tensors: [Tensor], dim: Int = 0) -> Tensor {
    check(!tensors.isEmpty, "torch.cat(): expected a non-empty list of Tensors")
    let first = tensors[0]
    let d = first.normalizedDim(dim)
    let type = tensors.dropFirst().reduce(first.dtype) { DType.promoted($0, $1.dtype) }
    for (i, t) in tensors.enumerated() {
      check(t.rank == first.rank, "Tensors must have same number of dimensions: got \(first.rank) and \(t.rank)")
      for k in 0..<first.rank where k != d && t.shape[k] != first.shape[k] {
        checkFailed(
          "Sizes of tensors must match except in dimension \(d). Expected size \(first.shape[k]) but got size \(t.shape[k]) for tensor number \(i) in the list."
        )
      }
    }
    var shape = first.shape
    shape[d] = tensors.map { $0.shape[d] }.reduce(0, +)
    let out = empty(shape, dtype: type)
    var offset = 0
    var spans: [(start: Int, length: Int)] = []
    for t in tensors {
      let length = t.shape[d]
      out.detach().narrow(dim: d, start: offset, length: length).copyElements(from: t)
      spans.append((offset, length))
      offset += length
    }
    return record("CatBackward0", inputs: tensors, output: out) { g in
      zip(tensors, spans).map { t, span in
        t.requiresGrad ? g.narrow(dim: d, start: span.start, length: span.length) : nil
      }
    }
  }

  /// The tensors, all of one shape, stacked along a new dimension `dim` (PyTorch:
  /// `torch.stack`).
  public static func stack(_ tensors: [Tensor], dim: Int = 0) -> Tensor {
    check(!tensors.isEmpty, "stack expects a non-empty TensorList")
    for t in tensors {
      check(
        t.shape == tensors[0].shape,
        "stack expects each tensor to be equal size, but got \(tensors[0].shape) at entry 0 and \(t.shape) at entry 1")
    }
    return cat(tensors.map { $0.unsqueeze(dim) }, dim: dim < 0 ? dim + tensors[0].rank + 1 : dim)
  }

  /// Views of consecutive pieces of `size` entries along `dim`; the last may be smaller
  /// (PyTorch: `split(split_size, dim)`).
  public func split(_ size: Int, dim: Int = 0) -> [Tensor] {
    let d = normalizedDim(dim)
    check(
      size > 0 || shape[d] == 0,
      "split_size can only be 0 if dimension size is 0, but got dimension size of \(shape[d])")
    return stride(from: 0, to: shape[d], by: Swift.max(size, 1)).map {
      narrow(dim: d, start: $0, length: Swift.min(size, shape[d] - $0))
    }
  }

  /// Views of pieces of the given sizes along `dim` (PyTorch: `split(sizes, dim)`).
  public func split(sizes: [Int], dim: Int = 0) -> [Tensor] {
    let d = normalizedDim(dim)
    check(
      sizes.reduce(0, +) == shape[d],
      "split_with_sizes expects split_sizes to sum exactly to \(shape[d]) (input tensor's size at dimension \(d)), but got split_sizes=\(sizes)"
    )
    var start = 0
    return sizes.map { size in
      defer { start += size }
      return narrow(dim: d, start: start, length: size)
    }
  }

  /// At most `chunks` views of equal size (the last may be smaller) along `dim` (PyTorch:
  /// `chunk`).
  public func chunk(_ chunks: Int, dim: Int = 0) -> [Tensor] {
    check(chunks > 0, "chunk expects `chunks` to be greater than 0, got: \(chunks)")
    let extent = shape[normalizedDim(dim)]
    return split((extent + chunks - 1) / chunks, dim: dim)
  }
}
