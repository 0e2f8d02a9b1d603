// Copyright © 2026 the Anneal authors.

import Synchronization

/// Contiguous elementwise loops over raw storage; the compiler vectorises them.
package enum Elementwise {
  package typealias Pointer = UnsafeMutablePointer<Float>
  package typealias ConstPointer = UnsafePointer<Float>

  @inlinable
  package static func add(_ a: Pointer, _ b: Pointer, into c: Pointer, count: Int) {
    for i in 0..<count { c[i] = a[i] + b[i] }
  }

  @inlinable
  package static func map(_ a: Pointer, into c: Pointer, count: Int, _ f: (Float) -> Float) {
    for i in 0..<count { c[i] = f(a[i]) }
  }

  @inlinable
  package static func zip(
    _ a: Pointer, _ b: Pointer, into c: Pointer, count: Int, _ f: (Float, Float) -> Float
  ) {
    for i in 0..<count { c[i] = f(a[i], b[i]) }
  }

  /// `y += alpha * x` (BLAS `saxpy`).
  @inlinable
  package static func axpy(_ alpha: Float, _ x: Pointer, _ y: Pointer, count: Int) {
    for i in 0..<count { y[i] += alpha * x[i] }
  }

  /// `y = x` for a short row, eight lanes at a time (inline, without a call to `memmove`).
  @inlinable
  package static func copy(_ x: ConstPointer, into y: Pointer, count: Int) {
    var i = 0
    while i + 8 <= count {
      UnsafeMutableRawPointer(y + i).storeBytes(
        of: UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
      i += 8
    }
    while i < count {
      y[i] = x[i]
      i += 1
    }
  }

  /// `y += x`, eight lanes at a time (the compiler cannot vectorise the loop itself: it
  /// cannot rule out that the two rows overlap).
  @inlinable
  package static func accumulate(_ x: ConstPointer, into y: Pointer, count: Int) {
    var i = 0
    while i + 8 <= count {
      let sum =
        UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self)
        + UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(y + i).storeBytes(of: sum, as: SIMD8<Float>.self)
      i += 8
    }
    while i < count {
      y[i] += x[i]
      i += 1
    }
  }

  /// The sum of `count` elements, accumulated in `Double` so that long sums stay accurate.
  @inlinable
  package static func sum(_ a: Pointer, count: Int) -> Float {
    var total = 0.0
    for i in 0..<count { total += Double(a[i]) }
    return Float(total)
  }

  /// ``allFinite(_:count:)`` with a large buffer (from 2¹⁸ elements: the gradient of a
  /// 1024-wide layer, not the seed's) shared among the kernel threads, as the optimizer
  /// steps after the check are.
  package static func allFiniteShared(_ buffer: UnsafeBufferPointer<Float>, count: Int) -> Bool {
    let nonFinite = Atomic<Bool>(false)
    CPU.elementwiseParts(count, minimum: 1 << 18) { range in
      if !allFinite(UnsafeBufferPointer(rebasing: buffer[range]), count: range.count) {
        nonFinite.store(true, ordering: .relaxed)
      }
    }
    return !nonFinite.load(ordering: .relaxed)
  }

  /// Whether no element is NaN or infinite: `x · 0` is NaN exactly for those, and sixteen
  /// lanes of such products are summed at a time.
  @inlinable
  package static func allFinite(_ buffer: UnsafeBufferPointer<Float>, count: Int) -> Bool {
    guard let a = buffer.baseAddress else { return true }
    var lanes = SIMD16<Float>(repeating: 0)
    var i = 0
    while i + 16 <= count {
      lanes += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD16<Float>.self) * 0
      i += 16
    }
    var tail: Float = 0
    while i < count {
      tail += a[i] * 0
      i += 1
    }
    return (lanes.sum() + tail).isFinite
  }
}
