// Copyright © 2026 the Anneal authors.

/// NumPy/PyTorch broadcasting of two shapes: dimensions are aligned from the right and a
/// dimension of extent 1 stretches to match the other.
package struct Broadcast {
  /// The broadcast result shape.
  package let shape: [Int]
  /// Element strides of each operand within ``shape`` (0 along stretched dimensions).
  package let stridesA: [Int]
  package let stridesB: [Int]

  package init(_ a: [Int], _ b: [Int]) {
    let rank = max(a.count, b.count)
    let paddedA = Array(repeating: 1, count: rank - a.count) + a
    let paddedB = Array(repeating: 1, count: rank - b.count) + b
    var shape = [Int](repeating: 1, count: rank)
    for d in 0..<rank {
      let (x, y) = (paddedA[d], paddedB[d])
      precondition(
        x == y || x == 1 || y == 1,
        "The size of tensor a (\(x)) must match the size of tensor b (\(y)) at dimension \(d)")
      shape[d] = x == 1 ? y : x
    }
    self.shape = shape
    self.stridesA = Broadcast.strides(of: paddedA, in: shape)
    self.stridesB = Broadcast.strides(of: paddedB, in: shape)
  }

  /// Row-major strides of `shape`, zeroed where `shape` is 1 but `target` is not.
  package static func strides(of shape: [Int], in target: [Int]) -> [Int] {
    var strides = [Int](repeating: 0, count: shape.count)
    var running = 1
    for d in stride(from: shape.count - 1, through: 0, by: -1) {
      strides[d] = (shape[d] == 1 && target[d] != 1) ? 0 : running
      running *= shape[d]
    }
    return strides
  }

  /// Calls `body(outputIndex, offsetA, offsetB)` for every element of ``shape`` in row-major
  /// order, maintaining the operand offsets incrementally.
  package func forEach(_ body: (Int, Int, Int) -> Void) {
    let rank = shape.count
    let total = shape.reduce(1, *)
    guard total > 0 else { return }
    var index = [Int](repeating: 0, count: rank)
    var offsetA = 0
    var offsetB = 0
    for i in 0..<total {
      body(i, offsetA, offsetB)
      var d = rank - 1
      while d >= 0 {
        index[d] += 1
        offsetA += stridesA[d]
        offsetB += stridesB[d]
        if index[d] < shape[d] { break }
        offsetA -= stridesA[d] * shape[d]
        offsetB -= stridesB[d] * shape[d]
        index[d] = 0
        d -= 1
      }
    }
  }
}

extension Tensor {
  /// Sums this gradient over the dimensions that broadcasting stretched, giving `shape`.
  package func sumToShape(_ target: [Int]) -> Tensor {
    if target == shape { return self }
    let padded = Array(repeating: 1, count: rank - target.count) + target
    let out = Storage(repeating: 0, count: Tensor.elementCount(target))
    let src = storage.base
    let dst = out.base
    Broadcast(shape, padded).forEach { i, _, offset in dst[offset] += src[i] }
    return Tensor(storage: out, shape: target)
  }
}
