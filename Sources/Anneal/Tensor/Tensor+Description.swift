// Copyright © 2026 the Anneal authors.

extension Tensor: CustomStringConvertible {
  /// A PyTorch-style rendering, e.g. `tensor([[1.0, 2.0], [3.0, 4.0]])`.
  public var description: String {
    func render(_ dims: ArraySlice<Int>, _ offset: Int) -> String {
      guard let first = dims.first else { return "\(storage.base[offset])" }
      let stride = dims.dropFirst().reduce(1, *)
      let items = (0..<first).map { render(dims.dropFirst(), offset + $0 * stride) }
      return "[" + items.joined(separator: ", ") + "]"
    }
    let suffix = requiresGrad ? (gradFn.map { ", grad_fn=<\($0.name)>" } ?? ", requires_grad=True") : ""
    return "tensor(\(render(shape[...], 0))\(suffix))"
  }
}
