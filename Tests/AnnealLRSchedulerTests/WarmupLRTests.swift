// Copyright © 2026 the Anneal authors.

import AnnealLRScheduler
import Foundation
import Testing
import _AnnealTestSupport

/// `WarmupLR` against the timm and Hugging Face schedules with the same warmup
/// (`Scripts/make_fixtures.py warmup`), its other shapes against their formulas, and resuming.
@Suite struct WarmupLRTests {
  struct Case: Decodable, Sendable, CustomTestStringConvertible {
    let spec: String
    let reference: String
    let lrs: [Double]
    let steps: Int
    let lr: [[Double]]
    var testDescription: String { reference }
  }

  struct Fixture: Decodable, Sendable { let cases: [Case] }

  static let cases = try! Fixtures.load(Fixture.self, named: "warmup.json", in: .module).cases

  /// The references compute closed forms where PyTorch's wrapped schedulers recurse, so the
  /// last bits may differ: relative 1e-12.
  @Test(arguments: cases)
  func matchesTheReference(_ c: Case) throws {
    let trace = try ScheduleTrace(spec: SchedulerSpec(parsing: c.spec), lrs: c.lrs, momentum: 0, steps: c.steps)
    #expect(trace.lr.count == c.lr.count)
    for (index, (row, expected)) in zip(trace.lr, c.lr).enumerated() {
      for (value, reference) in zip(row, expected) where abs(value - reference) > 1e-12 * abs(reference) {
        Issue.record("step \(index): \(value) ≠ \(c.reference) \(reference)")
      }
    }
  }

  @Test(arguments: [WarmupShape.cosine, .constant])
  func otherShapesFollowTheirFormulas(_ shape: WarmupShape) throws {
    let optimizer = GroupsOnlyOptimizer(lrs: [0.1, 0.4])
    let inner = try ExponentialLR(optimizer, gamma: 0.9)
    let scheduler = try WarmupLR(optimizer, scheduler: inner, warmupT: 8, warmupLRInit: 0.01, shape: shape)
    var rows = [optimizer.schedulableGroups.map(\.lr)]
    for _ in 0..<12 {
      scheduler.step()
      rows.append(optimizer.schedulableGroups.map(\.lr))
    }
    for t in 0..<8 {
      for (group, base) in [0.1, 0.4].enumerated() {
        let expected =
          shape == .constant ? 0.01 : 0.01 + (base - 0.01) * 0.5 * (1 - cos(Double.pi * Double(t) / 8))
        #expect(abs(rows[t][group] - expected) <= 1e-15, "t \(t)")
      }
    }
    // From the warmup's end on, the wrapped ExponentialLR at its own step t (no prefix).
    let reference = GroupsOnlyOptimizer(lrs: [0.1, 0.4])
    let plain = try ExponentialLR(reference, gamma: 0.9)
    for t in 1...12 {
      plain.step()
      if t >= 8 { #expect(rows[t] == reference.schedulableGroups.map(\.lr), "t \(t)") }
    }
  }

  @Test func savedMidWarmupAndAfterResumesExactly() throws {
    let spec = try SchedulerSpec(
      parsing: "WarmupLR(scheduler=CosineAnnealingLR(T_max=12, eta_min=0.001), warmup_t=4, warmup_type='cosine')")
    let full = try ScheduleTrace(spec: spec, lrs: [0.1, 0.3], momentum: 0, steps: 16)
    for cut in [2, 4, 9] {
      let first = GroupsOnlyOptimizer(lrs: [0.1, 0.3])
      let original = try spec.makeScheduler(first)
      for _ in 0..<cut { original.step() }
      let state = try JSONDecoder().decode(StateDict.self, from: JSONEncoder().encode(original.stateDict()))
      let second = GroupsOnlyOptimizer(lrs: [0.1, 0.3])
      let resumed = try spec.makeScheduler(second)
      second.schedulableGroups = first.schedulableGroups
      try resumed.loadStateDict(state)
      for step in cut..<16 {
        resumed.step()
        #expect(second.schedulableGroups.map(\.lr) == full.lr[step + 1], "cut \(cut) step \(step + 1)")
      }
    }
  }

  @Test func rejectsWhatCannotWork() throws {
    let optimizer = GroupsOnlyOptimizer(lrs: [0.1])
    let plateau = try ReduceLROnPlateau(optimizer)
    #expect(throws: LRSchedulerError.self) { try WarmupLR(optimizer, scheduler: plateau, warmupT: 3) }
    let other = try StepLR(GroupsOnlyOptimizer(lrs: [0.1]), stepSize: 2)
    #expect(throws: LRSchedulerError.self) { try WarmupLR(optimizer, scheduler: other, warmupT: 3) }
    #expect(throws: SpecError.self) {
      try SchedulerSpec(parsing: "WarmupLR(scheduler=StepLR(step_size=2), warmup_t=3, warmup_type='sine')").validate()
    }
    #expect(throws: SpecError.self) {
      try SchedulerSpec(parsing: "WarmupLR(scheduler=StepLR(step_size=2), warmup_t=-1)").validate()
    }
  }
}
