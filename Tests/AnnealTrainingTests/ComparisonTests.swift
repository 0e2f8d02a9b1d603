// Copyright © 2026 the Anneal authors.

import AnnealTraining
import Foundation
import Synchronization
import Testing
import _AnnealTestSupport

/// The statistics, summary and concurrency under `anneal compare`.
@Suite struct ComparisonTests {
  struct Fixture: Decodable {
    struct Case: Decodable {
      let a: [Double]
      let b: [Double]
      let t: Double
      let df: Double
      let p: Double
      let std_a: Double
      let mean_a: Double
    }
    let cases: [Case]
  }

  @Test func welchTestMatchesSciPy() throws {
    let fixture = try Fixtures.load(Fixture.self, named: "welch.json", in: .module)
    #expect(fixture.cases.count >= 8)
    for item in fixture.cases {
      let test = try #require(WelchTTest(item.a, item.b))
      #expect(abs(test.t - item.t) <= 1e-12 * max(1, abs(item.t)), "t of \(item.a) vs \(item.b)")
      #expect(abs(test.degreesOfFreedom - item.df) <= 1e-10 * item.df)
      #expect(abs(test.pValue - item.p) <= 1e-10 * max(item.p, 1e-300) + 1e-15, "p: \(test.pValue) vs \(item.p)")
      let statistic = try #require(Statistic(item.a))
      #expect(abs(statistic.mean - item.mean_a) <= 1e-13 * abs(item.mean_a))
      #expect(abs((statistic.standardDeviation ?? .nan) - item.std_a) <= 1e-12 * item.std_a)
    }
  }

  @Test func degenerateSamples() throws {
    #expect(WelchTTest([1], [1, 2]) == nil)
    #expect(Statistic([]) == nil)
    #expect(Statistic([3])?.standardDeviation == nil)
    #expect(WelchTTest([2, 2], [2, 2])?.pValue == 1)
    #expect(WelchTTest([2, 2], [3, 3])?.pValue == 0)
  }

  static func run(_ name: String, seed: UInt64, accuracies: [Double], lrs: [Double] = [0.1, 0.01]) -> ComparisonRun {
    ComparisonRun(
      configuration: name, seed: seed,
      steps: lrs.enumerated().map {
        .init(iteration: $0.offset + 1, loss: 1 / Double($0.offset + 1), learningRate: $0.element)
      },
      evaluations: accuracies.enumerated().map { .init(iteration: ($0.offset + 1) * 10, accuracy: $0.element) },
      wallTime: 1)
  }

  @Test func summaryRanksByMeanFinalAccuracyAndJudgesTheLead() throws {
    let runs = [
      Self.run("a", seed: 0, accuracies: [90, 95]), Self.run("a", seed: 1, accuracies: [91, 95.2]),
      Self.run("b", seed: 0, accuracies: [96, 97]), Self.run("b", seed: 1, accuracies: [97.5, 97.1]),
      Self.run("c", seed: 0, accuracies: [98, 80]), Self.run("c", seed: 1, accuracies: [98, 81]),
    ]
    let summary = ComparisonSummary(runs, details: ["b": ["optimizer": "adam"]])
    #expect(summary.entries.map(\.configuration) == ["b", "a", "c"])
    #expect(summary.entries[0].finalAccuracy.mean == (97 + 97.1) / 2)
    #expect(summary.entries[2].bestAccuracy.mean == 98)
    #expect(summary.entries[0].learningRateRange == 0.01...0.1)
    guard case .significant(let test)? = summary.leaderVerdict else {
      Issue.record("b leads a by 1.95 points with spreads of 0.07 and 0.14")
      return
    }
    #expect(test == WelchTTest([97, 97.1], [95, 95.2]))

    let close = ComparisonSummary([
      Self.run("x", seed: 0, accuracies: [97.2]), Self.run("x", seed: 1, accuracies: [97.6]),
      Self.run("y", seed: 0, accuracies: [97.3]), Self.run("y", seed: 1, accuracies: [97.4]),
    ])
    guard case .withinNoise = close.leaderVerdict else {
      Issue.record("0.05 points with spreads of 0.3 is noise")
      return
    }
    let once = ComparisonSummary([Self.run("x", seed: 0, accuracies: [97]), Self.run("y", seed: 0, accuracies: [98])])
    #expect(once.leaderVerdict == .unmeasured)
    #expect(once.entries.map(\.configuration) == ["y", "x"])
    // Equal accuracies keep the order given.
    let tie = ComparisonSummary([Self.run("p", seed: 0, accuracies: [97]), Self.run("q", seed: 0, accuracies: [97])])
    #expect(tie.entries.map(\.configuration) == ["p", "q"])
  }

  @Test func csvAndJSONReports() throws {
    let summary = ComparisonSummary(
      [
        Self.run("StepLR(step_size=1, gamma=\"0.1\")", seed: 3, accuracies: [97.5]),
        Self.run("b", seed: 3, accuracies: [90]),
      ],
      details: ["b": ["optimizer": "adam"]])
    let lines = summary.csv().split(separator: "\n")
    #expect(lines[0] == Substring(ComparisonSummary.csvColumns.joined(separator: ",")))
    #expect(lines[1] == "\"StepLR(step_size=1, gamma=\"\"0.1\"\")\",3,97.5,97.5,10,0.5,0.01,0.1,1.000")
    let json = try #require(try JSONSerialization.jsonObject(with: summary.jsonData()) as? [String: Any])
    let configurations = try #require(json["configurations"] as? [[String: Any]])
    #expect(configurations.map { $0["rank"] as? Int } == [1, 2])
    #expect((configurations[1]["details"] as? [String: String]) == ["optimizer": "adam"])
    let runs = try #require(configurations[0]["runs"] as? [[String: Any]])
    #expect(runs.first?["best_iteration"] as? Int == 10)
    let leader = try #require(json["leader"] as? [String: Any])
    #expect(leader["verdict"] as? String == "unmeasured")
    #expect(leader["margin"] as? Double == 7.5)
  }

  @Test func meanCurvesAverageSeedsAndWindows() {
    let entry = ComparisonSummary([
      Self.run("a", seed: 0, accuracies: [90, 92], lrs: [1, 2, 3, 4]),
      Self.run("a", seed: 1, accuracies: [94, 96], lrs: [3, 4, 5, 6]),
    ]).entries[0]
    #expect(entry.meanAccuracies.map(\.y) == [92, 94])
    #expect(entry.meanLearningRates.map(\.y) == [2, 3, 4, 5])
    let windows = entry.meanLosses(window: 3)
    #expect(windows.map(\.x) == [3, 4])
    #expect(windows[0].y == (1 + 0.5 + 1 / 3.0) / 3)
  }

  @Test func concurrentRunsKeepOrderAndTheLimit() throws {
    let active = Atomic<Int>(0)
    let peak = Atomic<Int>(0)
    let results = try ConcurrentRuns.run(Array(0..<12), maxConcurrent: 3) { item, _ in
      let now = active.add(1, ordering: .relaxed).newValue
      peak.max(now, ordering: .relaxed)
      usleep(20_000)
      active.subtract(1, ordering: .relaxed)
      return item * item
    }
    #expect(results == (0..<12).map { $0 * $0 })
    let most = peak.load(ordering: .relaxed)
    #expect(most == 3)
  }

  @Test(
    arguments: [
      // runs, processors, --jobs → runs at once, kernel threads each
      (4, 2, nil, 2, 1), (6, 2, nil, 2, 1), (8, 2, nil, 2, 1),  // full rounds, one thread each
      (3, 2, nil, 3, 1), (5, 2, nil, 2, 1),  // 3: a last round would idle a processor; 5: 2.5 per processor
      (1, 2, nil, 1, 2), (2, 8, nil, 2, 4), (13, 8, nil, 13, 1), (14, 8, nil, 8, 1),
      (4, 2, 4, 4, 1), (4, 8, 1, 1, 8), (2, 2, 9, 2, 1), (0, 0, nil, 1, 1),
    ] as [(Int, Int, Int?, Int, Int)])
  func placementFillsTheProcessors(
    runs: Int, processors: Int, jobs: Int?, concurrent: Int, threads: Int
  ) {
    let placement = ConcurrentRuns.placement(runs: runs, processors: processors, maxConcurrent: jobs)
    #expect(placement.concurrent == concurrent)
    #expect(placement.kernelThreads == threads)
  }

  struct Failed: Error, Equatable {}

  @Test func aFailureStopsTheOthers() throws {
    let started = Atomic<Int>(0)
    let sawCancel = Atomic<Bool>(false)
    #expect(throws: Failed.self) {
      _ = try ConcurrentRuns.run(Array(0..<20), maxConcurrent: 2) { item, cancellation in
        started.add(1, ordering: .relaxed)
        if item == 1 { throw Failed() }
        for _ in 0..<200 where !cancellation.isCancelled { usleep(1000) }
        if cancellation.isCancelled { sawCancel.store(true, ordering: .relaxed) }
        return item
      }
    }
    // The runs not started when item 1 failed are skipped; the running one is told to stop.
    let count = started.load(ordering: .relaxed)
    let stopped = sawCancel.load(ordering: .relaxed)
    #expect(count <= 3)
    #expect(stopped)
  }
}
