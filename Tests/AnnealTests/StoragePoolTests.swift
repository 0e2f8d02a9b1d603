// Copyright © 2026 the Anneal authors.

import Anneal
import Testing

/// Freed tensor blocks are reused by size, so a training loop's steady state allocates
/// nothing; small blocks are left to `malloc`.
@Suite struct StoragePoolTests {
  @Test func aFreedBlockIsReusedForTheSameSize() {
    // A size no other test uses, so that concurrent tests cannot take the block.
    let bytes = StoragePool.minimumBytes + 12_345 * 4
    var first: Storage? = Storage(uninitializedBytes: bytes)
    let address = first?.bytes
    first = nil
    let second = Storage(uninitializedBytes: bytes)
    #expect(second.bytes == address)
    let other = Storage(uninitializedBytes: bytes + 4)
    #expect(other.bytes != address)
  }

  @Test func reusedBlocksServeTensorsCorrectly() {
    for step in 0..<3 {
      let a = Tensor.ones([100, 100])
      let b = a * Float(step + 2)
      #expect(b.scalars.allSatisfy { $0 == Float(step + 2) })
    }
  }
}
