// Copyright © 2026 the Anneal authors.

import Synchronization

#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Kernel threads that split one product (or other kernel) into parts run at the same time.
///
/// A training step hands out a few products of ~100 µs each, so the hand-over must cost far
/// less than that: the helpers are ordinary threads that keep polling for work for a short
/// while after each part (``spinNanoseconds``) and only then sleep on a condition variable.
/// A caller that finds the pool busy (another thread's product, or a kernel inside a kernel)
/// runs all parts itself, so results never depend on which thread ran a part. Once every part
/// is taken the job is closed: the caller waits only for helpers that joined it, not for one
/// that is still asleep or waiting for a processor that other work occupies.
///
/// Each part runs with the caller's floating-point environment (rounding, and whether
/// denormals are flushed; see ``setFlushDenormal(_:)``).
package final class WorkerPool: @unchecked Sendable {
  // @unchecked Sendable: `job` is written only by the caller holding `busy`: before the
  // releasing store of a new generation into `state`, and after the job is closed and no
  // helper is active. A helper reads it only after joining (incrementing the active count of
  // the open generation it saw, acquiring), and leaves (releasing) once it is done with it.

  /// The pool the kernels use: one thread per processor, the caller being one of them.
  package static let shared = WorkerPool(threads: GEMM.threads)

  /// How many parts can run at once (the helpers that started, plus the caller).
  package private(set) var threads = 1
  /// The process the helpers belong to: a child made by `fork` has none, and runs serially.
  private let process = getpid()
  /// How long an idle helper keeps polling before it sleeps.
  package static let spinNanoseconds: UInt64 = 200_000

  private struct Job {
    let parts: Int
    let body: (Int) -> Void
    let environment: fenv_t
  }

  private var job: Job?
  private let busy = Atomic<Bool>(false)
  private let reserved = Atomic<Int>(0)
  /// The posted job's generation (from bit 17 up), whether it is closed to helpers that have
  /// not joined yet (bit 16), and how many helpers have joined and not left (bits 0–15).
  private let state = Atomic<Int>(0)
  /// The generation of the last job posted; written by the caller holding `busy` only.
  private var generation = 0
  private static let closed = 1 << 16
  private static let activeMask = closed - 1
  private static let generationShift = 17
  private let next = Atomic<Int>(0)
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

  /// A pool of `threads` threads, the caller being one of them (``shared`` is the one the
  /// kernels use; others are for tests).
  package init(threads: Int) {
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(wake, nil)
    for _ in 1..<max(1, threads) {
      let context = Unmanaged.passRetained(self).toOpaque()
      #if canImport(Darwin)
        var thread: pthread_t?
      #else
        var thread = pthread_t()
      #endif
      guard pthread_create(&thread, nil, { WorkerPool.helperMain($0) }, context) == 0 else {
        Unmanaged<WorkerPool>.fromOpaque(context).release()
        break
      }
      self.threads += 1
      #if canImport(Darwin)
        if let thread { pthread_detach(thread) }
      #else
        pthread_detach(thread)
      #endif
    }
  }

  #if canImport(Darwin)
    private static func helperMain(_ context: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer? {
      Unmanaged<WorkerPool>.fromOpaque(context).takeRetainedValue().serve()
      return nil
    }
  #else
    private static func helperMain(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
      guard let context else { return nil }
      Unmanaged<WorkerPool>.fromOpaque(context).takeRetainedValue().serve()
      return nil
    }
  #endif

  /// Runs `body`, work that keeps a processor busy beside the kernels (an evaluation on its
  /// own thread while training goes on), with one of the pool's threads set aside for it.
  ///
  /// A product is split only while a processor is left for the helpers: on two processors,
  /// products run on their caller's thread while `body` runs. Otherwise a helper would share
  /// `body`'s processor, and the caller would wait for the parts it took while the operating
  /// system gives it turns. Measured on two processors with the Swift
  /// kernels, `anneal mnist --eval-split train`: 6.5–7.5 s (12–14 s of processor time)
  /// without the reservation, 5.7–6.4 s (10–12 s) with it.
  package func withReservedThread<Result>(_ body: () throws -> Result) rethrows -> Result {
    reserved.add(1, ordering: .relaxed)
    defer { reserved.subtract(1, ordering: .relaxed) }
    return try body()
  }

  /// Runs `body(0)`, …, `body(parts - 1)`, at the same time where threads allow, and returns
  /// when all have finished. Threads take the next part not yet taken, so a thread slowed by
  /// the operating system takes fewer parts; `body` must not care which thread runs a part.
  package func run(parts: Int, _ body: (Int) -> Void) {
    guard parts > 1, threads - reserved.load(ordering: .relaxed) > 1,
      busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    else {
      for part in 0..<parts { body(part) }
      return
    }
    guard getpid() == process else {
      busy.store(false, ordering: .releasing)
      for part in 0..<parts { body(part) }
      return
    }
    defer { busy.store(false, ordering: .releasing) }
    var environment = fenv_t()
    fegetenv(&environment)
    withoutActuallyEscaping(body) { body in
      job = Job(parts: parts, body: body, environment: environment)
      next.store(0, ordering: .relaxed)
      generation &+= 1
      pthread_mutex_lock(mutex)
      state.store(generation << Self.generationShift, ordering: .releasing)
      pthread_cond_broadcast(wake)
      pthread_mutex_unlock(mutex)
      takeParts(parts, body)
      // Every part is taken. Close the job, so that a helper still on its way (asleep, or
      // waiting for a processor) does not join, and wait only for the helpers that joined.
      state.bitwiseOr(Self.closed, ordering: .acquiringAndReleasing)
      while state.load(ordering: .acquiring) & Self.activeMask != 0 {}
      job = nil
    }
  }

  /// A helper's loop: poll for a new job, join it while it is open, run parts, leave; sleep
  /// when idle long.
  private func serve() {
    var seen = 0  // the generation last seen; jobs may be posted before this thread first runs
    while true {
      var polls = 0
      var idleSince: UInt64 = 0
      while state.load(ordering: .acquiring) >> Self.generationShift == seen {
        polls += 1
        if polls & 1023 == 0 {
          let now = Self.nanoseconds()
          if idleSince == 0 {
            idleSince = now
          } else if now - idleSince > Self.spinNanoseconds {
            pthread_mutex_lock(mutex)
            while state.load(ordering: .acquiring) >> Self.generationShift == seen {
              pthread_cond_wait(wake, mutex)
            }
            pthread_mutex_unlock(mutex)
          }
        }
      }
      var current = state.load(ordering: .acquiring)
      seen = current >> Self.generationShift
      while current >> Self.generationShift == seen && current & Self.closed == 0 {
        let (joined, found) = state.compareExchange(
          expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
        if joined {
          runPostedJob()
          state.subtract(1, ordering: .releasing)
          break
        }
        current = found
      }
    }
  }

  /// A helper's share of the posted job. Not inlined, so that every reference the helper
  /// takes to the job's closure is dropped before it reports, as `withoutActuallyEscaping`
  /// in ``run(parts:_:)`` checks.
  @inline(never)
  private func runPostedJob() {
    guard let job else { return }
    var environment = job.environment
    fesetenv(&environment)
    takeParts(job.parts, job.body)
  }

  private func takeParts(_ parts: Int, _ body: (Int) -> Void) {
    while true {
      let part = next.add(1, ordering: .relaxed).oldValue
      guard part < parts else { return }
      body(part)
    }
  }

  private static func nanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
  }
}
