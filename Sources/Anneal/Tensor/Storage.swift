// Copyright © 2026 the Anneal authors.

/// A reference-counted, fixed-size block of bytes shared by a tensor and its views
/// (PyTorch: `torch.UntypedStorage`).
///
/// Storage owns manually allocated memory so that kernels reach it without copy-on-write
/// checks. It also carries the version counter that PyTorch keeps per tensor and shares with
/// its views: every in-place change bumps it, and autograd refuses a saved tensor whose
/// version moved.
package final class Storage {
  /// The first byte.
  package let bytes: UnsafeMutableRawPointer
  /// The size in bytes.
  package let byteCount: Int
  /// How many in-place changes the storage has seen (PyTorch: `Tensor._version`).
  package var version = 0

  /// Allocates uninitialised storage of `byteCount` bytes; callers must write every byte
  /// they later read.
  package init(uninitializedBytes byteCount: Int) {
    precondition(byteCount >= 0, "Storage size must be non-negative")
    self.byteCount = byteCount
    self.bytes = StoragePool.take(byteCount)
  }

  /// Allocates uninitialised storage for `count` elements of `dtype`.
  package convenience init(uninitializedCount count: Int, dtype: DType = .float32) {
    self.init(uninitializedBytes: count * dtype.itemSize)
  }

  /// Allocates storage filled with `value`.
  package convenience init<T: TensorScalar>(repeating value: T, count: Int) {
    self.init(uninitializedBytes: count * MemoryLayout<T>.stride)
    bytes.bindMemory(to: T.self, capacity: count).initialize(repeating: value, count: count)
  }

  /// Allocates storage holding a copy of `elements`.
  package convenience init<T: TensorScalar>(copying elements: some Collection<T>) {
    self.init(uninitializedBytes: elements.count * MemoryLayout<T>.stride)
    let typed = bytes.bindMemory(to: T.self, capacity: elements.count)
    _ = UnsafeMutableBufferPointer(start: typed, count: elements.count).initialize(from: elements)
  }

  deinit { StoragePool.give(bytes, byteCount: byteCount) }

  /// The first element as `T`.
  @inline(__always)
  package func pointer<T>(_: T.Type = T.self) -> UnsafeMutablePointer<T> {
    bytes.assumingMemoryBound(to: T.self)
  }
}
