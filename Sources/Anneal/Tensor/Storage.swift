// Copyright © 2026 the Anneal authors.

/// A reference-counted, fixed-size block of `Float` shared by a tensor and its views.
///
/// Storage owns manually allocated memory so that kernels reach it without copy-on-write
/// checks. Views created by ``Tensor/reshaped(_:)`` share one storage, exactly as
/// `Tensor.view` shares `Tensor.storage()` in PyTorch.
package final class Storage {
  /// The first element.
  package let base: UnsafeMutablePointer<Float>
  /// The number of elements.
  package let count: Int

  /// Allocates uninitialised storage for `count` elements; callers must write every element.
  package init(uninitializedCount count: Int) {
    precondition(count >= 0, "Storage count must be non-negative")
    self.count = count
    self.base = StoragePool.take(count)
  }

  /// Allocates storage filled with `value`.
  package convenience init(repeating value: Float, count: Int) {
    self.init(uninitializedCount: count)
    base.initialize(repeating: value, count: count)
  }

  /// Allocates storage holding a copy of `elements`.
  package convenience init(copying elements: some Collection<Float>) {
    self.init(uninitializedCount: elements.count)
    _ = UnsafeMutableBufferPointer(start: base, count: count).initialize(from: elements)
  }

  deinit { StoragePool.give(base, count: count) }

  /// The elements as a buffer.
  package var buffer: UnsafeMutableBufferPointer<Float> {
    UnsafeMutableBufferPointer(start: base, count: count)
  }
}
