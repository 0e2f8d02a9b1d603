// Copyright © 2026 the Anneal authors.

import Synchronization

/// Keeps freed tensor blocks for reuse, so that a training loop — which frees and allocates
/// blocks of the same sizes every step — stops calling `malloc`, and stops taking page faults
/// when the C library returns large blocks to the system between steps.
///
/// Blocks of at least ``minimumBytes`` are kept by exact size, up to ``capacity`` bytes in
/// all; a request takes a kept block of its size if there is one.
package enum StoragePool {
  /// Smaller blocks are left to `malloc`, which is fast for them.
  package static let minimumBytes = 16384
  /// The most bytes kept at once: a convolutional network's step frees and allocates some
  /// 150 MB of activations, gradients and im2col columns at batch 64 (pytorch/examples' MNIST).
  package static let capacity = 256 << 20
  /// Every block is aligned for SIMD loads of any element type.
  private static let alignment = 64

  private static let blocks = Mutex(BlockCache(capacity: capacity))

  /// A block of `byteCount` bytes, reused or new; its contents are undefined.
  package static func take(_ byteCount: Int) -> UnsafeMutableRawPointer {
    if byteCount >= minimumBytes {
      let reused = blocks.withLock { $0.take(byteCount) }
      if let reused, let block = UnsafeMutableRawPointer(bitPattern: reused) { return block }
    }
    return .allocate(byteCount: Swift.max(byteCount, 1), alignment: alignment)
  }

  /// Returns a block of `byteCount` bytes obtained from ``take(_:)``.
  package static func give(_ block: UnsafeMutableRawPointer, byteCount: Int) {
    if byteCount >= minimumBytes {
      let address = UInt(bitPattern: block)
      let kept = blocks.withLock { $0.give(address, byteCount: byteCount) }
      if kept { return }
    }
    block.deallocate()
  }
}

/// The bookkeeping of ``StoragePool``: freed block addresses by exact byte count, up to a
/// capacity in bytes.
package struct BlockCache: ~Copyable {
  /// Addresses by byte count (addresses, because pointers are not `Sendable`).
  private var free: [Int: [UInt]] = [:]
  /// The bytes kept.
  package private(set) var bytes = 0
  /// The most bytes kept at once.
  package let capacity: Int

  package init(capacity: Int) { self.capacity = capacity }

  /// A kept block of exactly `byteCount` bytes, or `nil`.
  package mutating func take(_ byteCount: Int) -> UInt? {
    guard let address = free[byteCount]?.popLast() else { return nil }
    bytes -= byteCount
    return address
  }

  /// Keeps a block unless that would exceed the capacity; whether it was kept.
  package mutating func give(_ address: UInt, byteCount: Int) -> Bool {
    guard bytes + byteCount <= capacity else { return false }
    free[byteCount, default: []].append(address)
    bytes += byteCount
    return true
  }
}
