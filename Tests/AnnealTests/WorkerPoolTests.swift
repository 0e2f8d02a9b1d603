// Copyright © 2026 the Anneal authors.

import Anneal
import Dispatch
import Synchronization
import Testing

#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The kernel threads: every part runs exactly once, from any number of callers at once, with
/// the caller's floating-point mode.
@Suite struct WorkerPoolTests {
  // Parts record into their own slots of plain memory: the pool's hand-over is the only
  // synchronisation, so ThreadSanitizer checks it (it does not see `Mutex`'s futex).
  @Test(arguments: [1, 2, 3, 7, 64])
  func everyPartRunsOnce(parts: Int) {
    let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: parts)
    defer { counts.deallocate() }
    counts.initialize(repeating: 0)
    WorkerPool.shared.run(parts: parts) { part in counts[part] += 1 }
    #expect(Array(counts) == Array(repeating: 1, count: parts))
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
      let flushed = UnsafeMutableBufferPointer<Bool>.allocate(capacity: 16)
      defer { flushed.deallocate() }
      flushed.initialize(repeating: !enabled)
      withFlushDenormal(enabled) {
        WorkerPool.shared.run(parts: 16) { part in flushed[part] = isFlushingDenormals }
      }
      #expect(Array(flushed) == Array(repeating: enabled, count: 16))
    }
  }

  /// While a thread is reserved on a two-thread pool, every part runs on the caller's thread;
  /// once the reservation ends (also by a throw), two parts run at the same time again.
  @Test func aReservedThreadKeepsPartsOnTheCaller() throws {
    struct Failure: Error {}
    let pool = WorkerPool(threads: 2)
    try #require(pool.threads == 2)
    #expect(Self.partsMeet(pool))
    let caller = pthread_self()
    let elsewhere = Atomic<Int>(0)
    pool.withReservedThread {
      for _ in 0..<50 {
        pool.run(parts: 8) { _ in
          if pthread_equal(pthread_self(), caller) == 0 { elsewhere.add(1, ordering: .relaxed) }
        }
      }
    }
    #expect(elsewhere.load(ordering: .relaxed) == 0)
    #expect(throws: Failure.self) { try pool.withReservedThread { throw Failure() } }
    #expect(Self.partsMeet(pool))
  }

  /// Whether the two parts of a job run at the same time (each waits up to 10 s for the other).
  private static func partsMeet(_ pool: WorkerPool) -> Bool {
    let arrived = Atomic<Int>(0)
    let met = Atomic<Int>(0)
    pool.run(parts: 2) { _ in
      arrived.add(1, ordering: .acquiring)
      let deadline = ContinuousClock.now + .seconds(10)
      while arrived.load(ordering: .acquiring) < 2 && ContinuousClock.now < deadline {}
      if arrived.load(ordering: .acquiring) == 2 { met.add(1, ordering: .relaxed) }
    }
    return met.load(ordering: .relaxed) == 2
  }
}
