// Copyright © 2026 the Anneal authors.

import Synchronization

#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

extension GEMM {
  /// Whether a product is split into slabs computed by the kernel threads at the same time.
  ///
  /// Anneal's own kernels (the SIMD kernels and the portable Swift kernel) form every element of
  /// C in the same order whether or not the product is split, so for them the choice is made
  /// per shape from measurement (``measured``): the first calls of a shape time it whole and
  /// split, alternately, and the faster way is kept. Results are the same bits either way.
  ///
  /// A CBLAS may pick another code path for a slab than for the whole product (OpenBLAS has
  /// kernels for small products that sum in another order), so a CBLAS split follows a fixed
  /// threshold of work instead, and its results depend only on the thread count.
  ///
  /// The environment variable `ANNEAL_GEMM_SPLIT` sets the policy of Anneal's own kernels:
  /// `measure` (the default), `never` or `always` (for measuring the cut-over).
  package enum SplitPolicy: String, Sendable, CaseIterable {
    /// Split when the shape's measured split time is lower.
    case measured = "measure"
    /// Never split.
    case never
    /// Split every product large enough for two slabs.
    case always

    /// The policy of this process: `ANNEAL_GEMM_SPLIT`, or ``measured``.
    package static let current = parse(EnvironmentVariable.value("ANNEAL_GEMM_SPLIT")).policy

    /// Why `ANNEAL_GEMM_SPLIT` was not followed, when it was set to something else.
    package static let note = parse(EnvironmentVariable.value("ANNEAL_GEMM_SPLIT")).note

    /// The policy a value of `ANNEAL_GEMM_SPLIT` asks for, and a note when it is not one.
    package static func parse(_ value: String?) -> (policy: SplitPolicy, note: String?) {
      guard let value, !value.isEmpty else { return (.measured, nil) }
      if let policy = SplitPolicy(rawValue: value.lowercased()) { return (policy, nil) }
      return (.measured, "ANNEAL_GEMM_SPLIT=\(value) is not one of measure, never, always; measuring")
    }
  }

  /// Products with fewer multiply-adds than this are never split by Anneal's own kernels: handing
  /// half of a ~10 µs product to another thread costs about what it saves.
  package static let minimumMeasuredSplitWork = 1 << 19

  /// The split decisions Anneal's own kernels have measured, per product shape.
  package static let splitTuner = SplitTuner()
}

/// Chooses, per product shape, between computing a product on the calling thread and splitting
/// it among the kernel threads, from the measured time of each.
///
/// After ``warmUp`` calls of a shape (the first steps of a training run, while caches, packing
/// buffers and the data loader's first batches are still being set up), the next ``samples``
/// calls alternate between the two ways (each call does the real product: nothing is computed
/// twice). A product below ``largeWork`` multiply-adds stays on one thread unless the split's
/// best time is at least ``margin`` faster (which leaves the other processor to the data loader
/// and the evaluation when it does not pay); a larger one is split unless the whole product is
/// at least ``margin`` faster (a noisy measurement must not put it on one thread). A decision
/// is measured again after ``remeasureAfter`` calls, so that one made while the machine was
/// busy does not last the whole run.
package final class SplitTuner: Sendable {
  /// A product's shape.
  package struct Shape: Hashable, Sendable {
    package var transA: Bool
    package var transB: Bool
    package var m: Int
    package var n: Int
    package var k: Int

    package init(transA: Bool, transB: Bool, m: Int, n: Int, k: Int) {
      (self.transA, self.transB, self.m, self.n, self.k) = (transA, transB, m, n, k)
    }
  }

  /// What one call of a shape does.
  package enum Plan: Equatable, Sendable {
    /// Decided: split or not.
    case decided(split: Bool)
    /// Still measuring: run this way and report the time.
    case measure(split: Bool)
  }

  private struct Record {
    /// Calls since the record was (re)started.
    var calls = 0
    var whole = UInt64.max
    var split = UInt64.max
    var decision: Bool?
  }

  /// Calls of a shape run whole and not timed before measuring starts.
  package static let warmUp = 8
  /// Timed calls per shape before the decision (half of them split).
  package static let samples = 16
  /// How much faster the split must be to be kept: its best time at most this share of the
  /// whole product's.
  package static let margin = 0.9
  /// From this many multiply-adds a product is split unless measured slower that way (and a
  /// CBLAS product always: its fixed threshold).
  package static let largeWork = 16_000_000
  /// Calls after a decision at which a shape is measured again.
  package static let remeasureAfter = 2048

  private let records = Mutex<[Shape: Record]>([:])

  package init() {}

  /// How the next call of `shape` runs.
  package func plan(_ shape: Shape) -> Plan {
    records.withLock { records in
      var record = records[shape, default: Record()]
      record.calls += 1
      defer { records[shape] = record }
      if let decision = record.decision {
        if record.calls > Self.warmUp + Self.samples + Self.remeasureAfter {
          // Measure again, without a warm-up.
          record = Record(calls: Self.warmUp + 1)
          return .measure(split: false)
        }
        return .decided(split: decision)
      }
      guard record.calls > Self.warmUp else { return .decided(split: false) }
      return .measure(split: (record.calls - Self.warmUp) % 2 == 0)
    }
  }

  /// Records that a call of `shape` run `split` or whole took `nanoseconds`; decides once
  /// ``samples`` have been recorded.
  package func record(_ shape: Shape, split: Bool, nanoseconds: UInt64) {
    records.withLock { records in
      guard var record = records[shape], record.decision == nil else { return }
      if split {
        record.split = min(record.split, nanoseconds)
      } else {
        record.whole = min(record.whole, nanoseconds)
      }
      if record.calls >= Self.warmUp + Self.samples, record.whole != .max, record.split != .max {
        let (whole, split) = (Double(record.whole), Double(record.split))
        let large = shape.m * shape.n * max(shape.k, 1) >= Self.largeWork
        record.decision = large ? !(whole <= Self.margin * split) : split <= Self.margin * whole
      }
      records[shape] = record
    }
  }

  /// The shapes decided so far and whether each is split, with the best times measured.
  package var decisions: [(shape: Shape, split: Bool, whole: UInt64, splitTime: UInt64)] {
    records.withLock { records in
      records.compactMap { shape, record in
        record.decision.map { (shape, $0, record.whole, record.split) }
      }
    }
  }

  /// Monotonic nanoseconds.
  package static func now() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
  }
}
