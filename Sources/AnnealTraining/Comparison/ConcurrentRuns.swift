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
