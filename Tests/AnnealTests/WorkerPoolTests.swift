// Copyright © 2026 the Anneal authors.

import Anneal
import Dispatch
import Synchronization
import Testing

/// The kernel threads: every part runs exactly once, from any number of callers at once, with
/// the caller's floating-point mode.
@Suite struct WorkerPoolTests {
  @Test(arguments: [1, 2, 3, 7, 64])
  func everyPartRunsOnce(parts: Int) {
    let counts = Mutex([Int](repeating: 0, count: parts))
    WorkerPool.shared.run(parts: parts) { part in counts.withLock { $0[part] += 1 } }
    #expect(counts.withLock { $0 } == Array(repeating: 1, count: parts))
  }

  @Test func concurrentAndNestedCallersAllComplete() {
    let total = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: 8) { _ in
      for _ in 0..<200 {
        WorkerPool.shared.run(parts: 3) { _ in
          WorkerPool.shared.run(parts: 2) { _ in total.add(1, ordering: .relaxed) }
        }
      }
    }
    #expect(total.load(ordering: .relaxed) == 8 * 200 * 3 * 2)
  }

  @Test func partsRunWithTheCallersFlushMode() {
    for enabled in [true, false] {
      let flushed = Mutex([Bool](repeating: !enabled, count: 16))
      withFlushDenormal(enabled) {
        WorkerPool.shared.run(parts: 16) { part in
          let mode = isFlushingDenormals
          flushed.withLock { $0[part] = mode }
        }
      }
      #expect(flushed.withLock { $0 } == Array(repeating: enabled, count: 16))
    }
  }
}
