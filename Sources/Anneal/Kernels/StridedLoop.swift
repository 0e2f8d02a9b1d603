// Copyright © 2026 the Anneal authors.

/// The iteration plan of an elementwise or reducing kernel over up to four strided operands
/// (PyTorch: `TensorIterator`).
///
/// Operand 0 is usually the output. Every operand's strides are given in elements for the
/// common (broadcast) shape, 0 along dimensions it is broadcast over. Dimensions of extent 1
/// are dropped and neighbours that are contiguous for every operand are merged, so a
/// contiguous or row-broadcast operation runs as a few long rows; ``forEachRow(_:)`` then
/// calls its body once per row, never per element, and the body's inner loop is the kernel.
package struct StridedLoop {
  /// The merged extents, outermost first; never empty.
  package let shape: [Int]
  /// The operands' strides for each merged dimension.
  package let strides: [SIMD4<Int>]
  /// The operands' offsets of the first element.
  package let offsets: SIMD4<Int>
  /// The number of elements visited.
  package let count: Int

  /// A single contiguous row of `count` elements for operands at `offsets`.
  package init(contiguousCount count: Int, offsets: SIMD4<Int>) {
    self.count = count
    self.offsets = offsets
    shape = []
    strides = []
  }

  /// Rows of `length` contiguous elements, `rows` of them, for operands whose offsets advance by
  /// `rowStrides` from row to row (0 for an operand repeated on every row, such as a bias).
  package init(rows: Int, length: Int, rowStrides: SIMD4<Int>, offsets: SIMD4<Int>) {
    count = rows * length
    self.offsets = offsets
    shape = [rows, length]
    strides = [rowStrides, SIMD4(repeating: 1)]
  }

  /// Plans a loop over `shape`; `operands[i]` gives operand i's strides and offset.
  package init(shape: [Int], operands: [(strides: [Int], offset: Int)]) {
    check(operands.count <= 4, "StridedLoop takes at most four operands")
    var offsets = SIMD4<Int>()
    for (i, operand) in operands.enumerated() { offsets[i] = operand.offset }
    self.offsets = offsets
    count = Tensor.elementCount(shape)
    // Innermost first while merging.
    var mergedShape: [Int] = []
    var mergedStrides: [SIMD4<Int>] = []
    for d in stride(from: shape.count - 1, through: 0, by: -1) where shape[d] != 1 {
      var s = SIMD4<Int>()
      for (i, operand) in operands.enumerated() { s[i] = operand.strides[d] }
      if let last = mergedShape.last, let lastStrides = mergedStrides.last, s == lastStrides &* SIMD4(repeating: last) {
        mergedShape[mergedShape.count - 1] = last * shape[d]
      } else {
        mergedShape.append(shape[d])
        mergedStrides.append(s)
      }
    }
    if mergedShape.isEmpty {
      mergedShape = [count == 0 ? 0 : 1]
      mergedStrides = [SIMD4<Int>()]
    }
    mergedShape.reverse()
    mergedStrides.reverse()
    self.shape = mergedShape
    self.strides = mergedStrides
  }

  /// Calls `body(offsets, innerStrides, length)` for every row of the innermost merged
  /// dimension, in row-major order of the outer ones.
  @inline(__always)
  package func forEachRow(_ body: (SIMD4<Int>, SIMD4<Int>, Int) -> Void) {
    guard count > 0 else { return }
    let rank = shape.count
    if rank == 0 {
      body(offsets, SIMD4(repeating: 1), count)
      return
    }
    let inner = shape[rank - 1]
    let innerStrides = strides[rank - 1]
    if rank == 1 {
      body(offsets, innerStrides, inner)
      return
    }
    var index = [Int](repeating: 0, count: rank - 1)
    var position = offsets
    let rows = count / inner
    for _ in 0..<rows {
      body(position, innerStrides, inner)
      var d = rank - 2
      while d >= 0 {
        index[d] += 1
        position &+= strides[d]
        if index[d] < shape[d] { break }
        position &-= strides[d] &* SIMD4(repeating: shape[d])
        index[d] = 0
        d -= 1
      }
    }
  }
}

/// PyTorch's broadcasting of shapes: dimensions are aligned from the right and one of extent
/// 1 stretches to match the other.
package func broadcastShapes(_ a: [Int], _ b: [Int]) -> [Int] {
  let rank = max(a.count, b.count)
  var shape = [Int](repeating: 1, count: rank)
  for d in 0..<rank {
    let x = d < rank - a.count ? 1 : a[d - (rank - a.count)]
    let y = d < rank - b.count ? 1 : b[d - (rank - b.count)]
    check(
      x == y || x == 1 || y == 1,
      "The size of tensor a (\(x)) must match the size of tensor b (\(y)) at non-singleton dimension \(d)")
    shape[d] = x == 1 ? y : x
  }
  return shape
}

extension Tensor {
  /// This tensor's strides for iterating over `target`, which it broadcasts to: leading
  /// dimensions and stretched ones get stride 0.
  package func broadcastStrides(to target: [Int]) -> [Int] {
    let lead = target.count - rank
    check(lead >= 0, "cannot broadcast \(shape) to \(target)")
    var result = [Int](repeating: 0, count: target.count)
    for d in 0..<rank where !(shape[d] == 1 && target[lead + d] != 1) { result[lead + d] = strides[d] }
    return result
  }

  /// This tensor as an operand of a loop over `target`.
  package func operand(for target: [Int]) -> (strides: [Int], offset: Int) {
    (broadcastStrides(to: target), storageOffset)
  }
}
