// Copyright © 2026 the Anneal authors.

import Synchronization

/// Keeps freed tensor blocks for reuse, so that a training loop — which frees and allocates
/// blocks of the same sizes every step — stops calling `malloc`, and stops taking page faults
/// when the C library returns large blocks to the system between steps.
///
/// Blocks of at least ``minimumCount`` elements are kept by exact size, up to ``capacity``
/// bytes in all; a request takes a kept block of its size if there is one.
package enum StoragePool {
  /// Smaller blocks are left to `malloc`, which is fast for them.
  package static let minimumCount = 4096
  /// The most bytes kept at once.
  package static let capacity = 64 << 20

  private struct Blocks: ~Copyable {
    /// Addresses by element count (addresses, because pointers are not `Sendable`).
    var free: [Int: [UInt]] = [:]
    var bytes = 0
  }

  private static let blocks = Mutex(Blocks())

  /// A block of `count` elements, reused or new; its contents are undefined.
  package static func take(_ count: Int) -> UnsafeMutablePointer<Float> {
    if count >= minimumCount {
      let reused = blocks.withLock { pool -> UInt? in
        guard let address = pool.free[count]?.popLast() else { return nil }
        pool.bytes -= count * MemoryLayout<Float>.stride
        return address
      }
      if let reused, let block = UnsafeMutablePointer<Float>(bitPattern: reused) { return block }
    }
    return .allocate(capacity: Swift.max(count, 1))
  }

  /// Returns a block of `count` elements obtained from ``take(_:)``.
  package static func give(_ block: UnsafeMutablePointer<Float>, count: Int) {
    if count >= minimumCount {
      let address = UInt(bitPattern: block)
      let kept = blocks.withLock { pool -> Bool in
        let size = count * MemoryLayout<Float>.stride
        guard pool.bytes + size <= capacity else { return false }
        pool.free[count, default: []].append(address)
        pool.bytes += size
        return true
      }
      if kept { return }
    }
    block.deallocate()
  }
}
