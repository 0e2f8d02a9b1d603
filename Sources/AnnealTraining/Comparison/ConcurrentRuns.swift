// Copyright © 2026 the Anneal authors.

import Foundation
import Synchronization

/// Runs independent pieces of work — a comparison's training runs — at most a given number at a
/// time, each on a thread of its own, and collects their results in the order given.
///
/// Each piece gets a ``Cancellation`` it should poll: once one piece throws, the others are
/// asked to stop, the ones not yet started are skipped, and the first error is rethrown when
/// the running ones have returned.
///
/// Runs in threads of one process share its default `Generator`; for results identical to
/// running each alone, give every run its own generator (`DataLoader(…, generator:)`, a model
/// built from `Generator(seed:)`), or run each in a process of its own, as `anneal compare`
/// does.
///
/// ```swift
/// let runs = try ConcurrentRuns.run(configurations, maxConcurrent: 2) { configuration, cancellation in
///   try train(configuration, stopping: { cancellation.isCancelled })
/// }
/// ```
public enum ConcurrentRuns {
  /// Set when the work should stop: another piece failed, or the caller cancelled.
  public final class Cancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    /// A cancellation not yet requested.
    public init() {}

    /// Whether stopping was requested.
    public var isCancelled: Bool { flag.load(ordering: .acquiring) }

    /// Requests that the work stop.
    public func cancel() { flag.store(true, ordering: .releasing) }
  }

  /// How many of `runs` independent training runs to start at once on `processors`
  /// processors, and how many kernel threads (`ANNEAL_NUM_THREADS`) each should use.
  ///
  /// A run keeps about one processor busy, and a little more beside it (its data loader, and
  /// an evaluation overlapping training): starting more runs than processors makes them share
  /// processors and caches, and a run with several kernel threads then waits for a thread that
  /// another run holds. So by default as many runs as processors go at once, each with the
  /// processors divided among them (one thread each once they fill the machine). The
  /// exception is a last round that would leave processors idle for a whole run: when fewer
  /// than 1.75 runs per processor remain, all start together, since sharing processors costs
  /// less than that. Measured with `anneal compare` on the seed MLP on 2 processors: 4 runs
  /// take 3.7 s two at a time with one thread each, 4.0 s all at once with one thread, and
  /// 4.4 s all at once with two; 3 runs take 2.8 s all at once and 3.2 s two at a time; 6
  /// runs 5.2 s two at a time and 6.4 s all at once.
  ///
  /// - Parameters:
  ///   - runs: How many runs there are.
  ///   - processors: The processors they share.
  ///   - maxConcurrent: The user's limit on runs at once, if any; the threads are divided
  ///     among that many.
  /// - Returns: The runs to start at once (at least 1, at most `runs`) and the kernel threads
  ///   each run should use (at least 1).
  public static func placement(
    runs: Int, processors: Int, maxConcurrent: Int? = nil
  ) -> (concurrent: Int, kernelThreads: Int) {
    let runs = max(1, runs)
    let processors = max(1, processors)
    let concurrent: Int
    if let maxConcurrent {
      concurrent = max(1, min(maxConcurrent, runs))
    } else if runs <= processors || 4 * runs < 7 * processors {
      concurrent = runs
    } else {
      concurrent = processors
    }
    return (concurrent, max(1, processors / concurrent))
  }

  /// Runs `work` on every item, at most `maxConcurrent` at once, and returns the results in
  /// the items' order.
  ///
  /// - Parameters:
  ///   - items: The pieces of work.
  ///   - maxConcurrent: The most that run at once (at least 1).
  ///   - cancellation: Shared by every piece; cancel it to stop them all.
  ///   - work: Runs one piece on its own thread.
  /// - Throws: The first error a piece threw, after the running ones have returned.
  public static func run<Item: Sendable, Result: Sendable>(
    _ items: [Item], maxConcurrent: Int, cancellation: Cancellation = Cancellation(),
    _ work: @escaping @Sendable (Item, Cancellation) throws -> Result
  ) throws -> [Result] {
    let state = Mutex(State<Result>(count: items.count))
    let group = DispatchGroup()
    let workers = max(1, min(maxConcurrent, items.count))
    for _ in 0..<workers {
      group.enter()
      let thread = Thread {
        defer { group.leave() }
        while let index = state.withLock({ $0.claim(cancelled: cancellation.isCancelled) }) {
          do {
            let result = try work(items[index], cancellation)
            state.withLock { $0.results[index] = result }
          } catch {
            cancellation.cancel()
            state.withLock { if $0.firstError == nil { $0.firstError = Failure(error: error) } }
          }
        }
      }
      thread.stackSize = 8 << 20
      thread.start()
    }
    group.wait()
    let (results, failure) = state.withLock { ($0.results, $0.firstError) }
    if let failure { throw failure.error }
    return try results.map { result throws -> Result in
      guard let result else { throw CancellationError() }
      return result
    }
  }

  /// An error that crossed threads.
  private struct Failure: @unchecked Sendable {
    let error: any Error
  }

  private struct State<Result> {
    var next = 0
    var results: [Result?]
    var firstError: Failure?

    init(count: Int) { results = Array(repeating: nil, count: count) }

    /// The next item to run, `nil` when all are taken or the work stops.
    mutating func claim(cancelled: Bool) -> Int? {
      guard !cancelled, firstError == nil, next < results.count else { return nil }
      defer { next += 1 }
      return next
    }
  }
}
