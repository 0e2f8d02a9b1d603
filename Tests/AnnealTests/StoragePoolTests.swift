// Copyright © 2026 the Anneal authors.

import Anneal
import Testing

/// Freed tensor blocks are reused by size, so a training loop's steady state allocates
/// nothing; small blocks are left to `malloc`.
@Suite struct StoragePoolTests {
  /// The cache itself (the shared pool is shared with concurrently running tests, which may
  /// fill it to its capacity).
  @Test func aFreedBlockIsReusedForTheSameSizeWithinTheCapacity() {
    var cache = BlockCache(capacity: 100)
    let kept = [
      cache.give(0x1000, byteCount: 40), cache.give(0x2000, byteCount: 40), cache.give(0x3000, byteCount: 40),
    ]
    #expect(kept == [true, true, false])
    let held = cache.bytes
    #expect(held == 80)
    let taken = [cache.take(44), cache.take(40), cache.take(40), cache.take(40)]
    #expect(taken == [nil, 0x2000, 0x1000, nil])
    let left = cache.bytes
    #expect(left == 0)
  }

  @Test func reusedBlocksServeTensorsCorrectly() {
    for step in 0..<3 {
      let a = Tensor.ones([100, 100])
      let b = a * Float(step + 2)
      #expect(b.scalars.allSatisfy { $0 == Float(step + 2) })
    }
  }
}
