// Copyright © 2026 the Anneal authors.

import AnnealLRScheduler
import Foundation
import Testing
import _AnnealTestSupport

/// For every scheduler of the golden traces: state saved mid-schedule (as JSON, with the
/// optimizer's groups) and restored into a freshly built scheduler continues exactly as the
/// uninterrupted PyTorch run.
@Suite struct ResumeTests {
  static func step(_ scheduler: any LRScheduler, _ index: Int, _ metrics: [Double]) {
    if let metricScheduler = scheduler as? any MetricLRScheduler, index < metrics.count {
      metricScheduler.step(metric: metrics[index])
    } else {
      scheduler.step()
    }
  }

  @Test(arguments: ScheduleFixtureTests.cases)
  func resumedEqualsUninterrupted(_ c: ScheduleFixtureTests.Case) throws {
    let spec = try SchedulerSpec(parsing: c.spec)
    let momentum = c.optimizer == "adam" ? 0.9 : c.momentum
    for cut in Set([0, 1, c.steps / 2, c.steps - 1]) where cut >= 0 && cut < c.steps {
      let first = GroupsOnlyOptimizer(lrs: c.lrs, momentum: momentum)
      let original = try spec.makeScheduler(first)
      for index in 0..<cut { Self.step(original, index, c.metrics) }
      let savedState = try JSONEncoder().encode(original.stateDict())
      let savedGroups = try JSONEncoder().encode(first.schedulableGroups)

      let second = GroupsOnlyOptimizer(lrs: c.lrs, momentum: momentum)
      let resumed = try spec.makeScheduler(second)
      second.schedulableGroups = try JSONDecoder().decode([SchedulableGroup].self, from: savedGroups)
      try resumed.loadStateDict(JSONDecoder().decode(StateDict.self, from: savedState))
      #expect(resumed.lastLR == original.lastLR, "cut \(cut)")
      for index in cut..<c.steps {
        Self.step(resumed, index, c.metrics)
        let lrs = second.schedulableGroups.map(\.lr)
        let momenta = second.schedulableGroups.map { $0.momentum ?? .nan }
        guard lrs == c.lr[index + 1], momenta == c.momentum_rows[index + 1] else {
          Issue.record(
            "cut \(cut), step \(index + 1): lr \(lrs) momentum \(momenta) ≠ PyTorch \(c.lr[index + 1]) \(c.momentum_rows[index + 1])"
          )
          break
        }
      }
    }
  }

  @Test func stateDictRoundTripsThroughJSON() throws {
    for c in ScheduleFixtureTests.cases {
      let scheduler = try SchedulerSpec(parsing: c.spec).makeScheduler(GroupsOnlyOptimizer(lrs: c.lrs, momentum: 0.9))
      let state = scheduler.stateDict()
      let decoded = try JSONDecoder().decode(StateDict.self, from: JSONEncoder().encode(state))
      #expect(decoded.keys == state.keys, "\(c.spec)")
    }
  }
}
