// Copyright © 2026 the Anneal authors.

extension Tensor: CustomStringConvertible {
  /// A PyTorch-style rendering, e.g. `tensor([[1.0, 2.0], [3.0, 4.0]])`; other dtypes than
  /// float32 are named, as in `tensor([1, 2], dtype=torch.int64)`.
  public var description: String {
    let items: [String] =
      switch dtype {
      case .float32: toArray(of: Float.self).map { "\($0)" }
      case .int64: toArray(of: Int64.self).map { "\($0)" }
      case .uint8: toArray(of: UInt8.self).map { "\($0)" }
      case .bool: toArray(of: Bool.self).map { $0 ? "True" : "False" }
      }
    func render(_ dims: ArraySlice<Int>, _ offset: Int) -> String {
      guard let first = dims.first else { return items[offset] }
      let stride = dims.dropFirst().reduce(1, *)
      let parts = (0..<first).map { render(dims.dropFirst(), offset + $0 * stride) }
      return "[" + parts.joined(separator: ", ") + "]"
    }
    var suffix = dtype == .float32 || dtype == .bool ? "" : ", dtype=\(dtype)"
    if requiresGrad { suffix += gradFn.map { ", grad_fn=<\($0.name)>" } ?? ", requires_grad=True" }
    return "tensor(\(render(shape[...], 0))\(suffix))"
  }
}
