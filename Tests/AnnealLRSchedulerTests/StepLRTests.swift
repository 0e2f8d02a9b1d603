// Copyright © 2026 the Anneal authors.

import AnnealLRScheduler
import Foundation
import Testing
import _AnnealTestSupport

/// StepLR against PyTorch: traces must be identical `Double`s.
@Suite struct StepLRTests {
  struct Case: Decodable, Sendable, CustomTestStringConvertible {
    let lrs: [Double]
    let step_size: Int
    let gamma: Double
    let trace: [[Double]]
    let epochs: [Int]?
    var testDescription: String { "lrs=\(lrs) step_size=\(step_size) gamma=\(gamma)" }
  }

  struct Fixture: Decodable, Sendable {
    let cases: [Case]
    let closed_form: Case
    let state_after_5: StateDict
  }

  static let fixture = try! Fixtures.load(Fixture.self, named: "steplr.json", in: .module)

  @Test(arguments: fixture.cases)
  func traceMatchesPyTorchBitForBit(_ c: Case) throws {
    let optimizer = GroupsOnlyOptimizer(lrs: c.lrs)
    let scheduler = try StepLR(optimizer, stepSize: c.step_size, gamma: c.gamma)
    var trace = [scheduler.lastLR]
    for _ in 1..<c.trace.count {
      scheduler.step()
      trace.append(scheduler.lastLR)
    }
    #expect(trace == c.trace)
    #expect(optimizer.schedulableGroups.map(\.lr) == c.trace.last)
    #expect(optimizer.schedulableGroups.map(\.initialLR) == c.lrs)
  }

  @Test func closedFormWithExplicitEpochsMatchesPyTorch() throws {
    let c = Self.fixture.closed_form
    let scheduler = try StepLR(GroupsOnlyOptimizer(lrs: c.lrs), stepSize: c.step_size, gamma: c.gamma)
    var trace = [scheduler.lastLR]
    for epoch in try #require(c.epochs) {
      scheduler.step(epoch: epoch)
      trace.append(scheduler.lastLR)
    }
    #expect(trace == c.trace)
  }

  @Test func stateUsesPyTorchKeysAndMatchesPyTorch() throws {
    let scheduler = try StepLR(GroupsOnlyOptimizer(lrs: [0.3]), stepSize: 2, gamma: 0.3)
    for _ in 0..<5 { scheduler.step() }
    #expect(scheduler.stateDict() == Self.fixture.state_after_5)
    let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(scheduler.stateDict())) as? [String: Any]
    #expect(
      Set(try #require(json).keys) == [
        "base_lrs", "last_epoch", "_step_count", "_last_lr", "_is_initial", "step_size", "gamma",
      ])
  }

  @Test(arguments: [0, 1, 3, 7])
  func resumedSchedulerContinuesExactly(after k: Int) throws {
    let reference = try StepLR(GroupsOnlyOptimizer(lrs: [0.1, 0.02]), stepSize: 2, gamma: 0.7)
    var expected: [[Double]] = []
    for _ in 0..<12 {
      reference.step()
      expected.append(reference.lastLR)
    }

    let optimizer = GroupsOnlyOptimizer(lrs: [0.1, 0.02])
    let first = try StepLR(optimizer, stepSize: 2, gamma: 0.7)
    for _ in 0..<k { first.step() }
    let saved = try JSONEncoder().encode(first.stateDict())
    let savedGroups = optimizer.schedulableGroups

    // A new process: a fresh optimizer whose groups are restored, and a fresh scheduler.
    let resumedOptimizer = GroupsOnlyOptimizer(lrs: [0.1, 0.02])
    resumedOptimizer.schedulableGroups = savedGroups
    let resumed = try StepLR(resumedOptimizer, stepSize: 2, gamma: 0.7)
    try resumed.loadStateDict(JSONDecoder().decode(StateDict.self, from: saved))
    var trace: [[Double]] = []
    for _ in 0..<(12 - k) {
      resumed.step()
      trace.append(resumed.lastLR)
    }
    #expect(trace == Array(expected[k...]))
  }

  @Test func validation() throws {
    #expect(throws: LRSchedulerError.self) { try StepLR(GroupsOnlyOptimizer(lrs: [0.1]), stepSize: 0) }
    #expect(throws: LRSchedulerError.missingInitialLR(group: 0)) {
      try StepLR(GroupsOnlyOptimizer(lrs: [0.1]), stepSize: 1, lastEpoch: 3)
    }
    let scheduler = try StepLR(GroupsOnlyOptimizer(lrs: [0.1]), stepSize: 1)
    var state = scheduler.stateDict()
    state["base_lrs"] = .from([0.1, 0.2])
    #expect(throws: LRSchedulerError.self) { try scheduler.loadStateDict(state) }
    state = scheduler.stateDict()
    state["step_size"] = .string("one")
    #expect(throws: LRSchedulerError.stateMismatch("'step_size' is not an integer")) {
      try scheduler.loadStateDict(state)
    }
  }

  @Test func resumingWithLastEpochUsesInitialLR() throws {
    let optimizer = GroupsOnlyOptimizer(lrs: [0.001])
    optimizer.schedulableGroups[0].initialLR = 0.1
    let scheduler = try StepLR(optimizer, stepSize: 2, gamma: 0.1, lastEpoch: 3)
    #expect(scheduler.lastEpoch == 4)
    #expect(scheduler.progress.baseLRs == [0.1])
    #expect(scheduler.lastLR == [0.001 * 0.1])  // epoch 4 is a decay epoch, as in PyTorch
  }
}
