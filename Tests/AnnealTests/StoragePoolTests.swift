// Copyright © 2026 the Anneal authors.

import Anneal
import Testing

/// Freed tensor blocks are reused by size, so a training loop's steady state allocates
/// nothing; small blocks are left to `malloc`.
@Suite struct StoragePoolTests {
  @Test func aFreedBlockIsReusedForTheSameSize() {
    // A size no other test uses, so that concurrent tests cannot take the block.
    let count = StoragePool.minimumCount + 12_345
    var first: Storage? = Storage(repeating: 1, count: count)
    let address = first?.base
    first = nil
    let second = Storage(uninitializedCount: count)
    #expect(second.base == address)
    let other = Storage(uninitializedCount: count + 1)
    #expect(other.base != address)
  }

  @Test func reusedBlocksServeTensorsCorrectly() {
    for step in 0..<3 {
      let a = Tensor.ones([100, 100])
      let b = a * Float(step + 2)
      #expect(b.scalars.allSatisfy { $0 == Float(step + 2) })
    }
  }
}
