// Copyright © 2026 the Anneal authors.

/// Gathering and scattering along a dimension by int64 indices.
extension CPU {
  /// How `scatter` combines a source element with the destination.
  package enum ScatterMode: Sendable { case assign, add }

  /// `out[…i…] = x[…index[…i…]…]` along `dim` (PyTorch: `gather`); `out` has the index's shape.
  package static func gather(_ x: Tensor, dim: Int, index: Tensor, into out: Tensor) {
    var xStrides = x.strides
    xStrides[dim] = 0
    let loop = StridedLoop(
      shape: index.shape,
      operands: [(out.strides, out.storageOffset), (index.strides, index.storageOffset), (xStrides, x.storageOffset)])
    let (extent, step) = (x.shape[dim], x.strides[dim])
    let idx = start(index, Int64.self)
    func run<T: TensorScalar>(_: T.Type) {
      let (c, a) = (start(out, T.self), start(x, T.self))
      loop.forEachRow { o, s, n in
        for i in 0..<n {
          let j = Int(idx[o[1] &+ i &* s[1]])
          check(j >= 0 && j < extent, "index \(j) is out of bounds for dimension \(dim) with size \(extent)")
          c[o[0] &+ i &* s[0]] = a[o[2] &+ i &* s[2] &+ j &* step]
        }
      }
    }
    switch x.dtype {
    case .float32: run(Float.self)
    case .int64: run(Int64.self)
    case .bool: run(Bool.self)
    case .uint8: run(UInt8.self)
    }
  }

  /// `out[…index[…i…]…] = source[…i…]` (or `+=`) along `dim`, in index order (PyTorch:
  /// `scatter_`, `scatter_add_`).
  package static func scatter(_ source: Tensor, dim: Int, index: Tensor, into out: Tensor, mode: ScatterMode) {
    var outStrides = out.strides
    outStrides[dim] = 0
    let loop = StridedLoop(
      shape: index.shape,
      operands: [
        (outStrides, out.storageOffset), (index.strides, index.storageOffset), (source.strides, source.storageOffset),
      ])
    let (extent, step) = (out.shape[dim], out.strides[dim])
    let idx = start(index, Int64.self)
    func run<T: TensorScalar>(_: T.Type, _ combine: (T, T) -> T) {
      let (c, a) = (start(out, T.self), start(source, T.self))
      loop.forEachRow { o, s, n in
        for i in 0..<n {
          let j = Int(idx[o[1] &+ i &* s[1]])
          check(j >= 0 && j < extent, "index \(j) is out of bounds for dimension \(dim) with size \(extent)")
          let target = o[0] &+ i &* s[0] &+ j &* step
          c[target] = combine(c[target], a[o[2] &+ i &* s[2]])
        }
      }
    }
    switch (out.dtype, mode) {
    case (.float32, .assign): run(Float.self) { $1 }
    case (.float32, .add): run(Float.self) { $0 + $1 }
    case (.int64, .assign): run(Int64.self) { $1 }
    case (.int64, .add): run(Int64.self) { $0 &+ $1 }
    case (.bool, .assign): run(Bool.self) { $1 }
    case (.bool, .add): run(Bool.self) { $0 || $1 }
    case (.uint8, .assign): run(UInt8.self) { $1 }
    case (.uint8, .add): run(UInt8.self) { $0 &+ $1 }
    }
  }
}
