// Copyright © 2026 the Anneal authors.

import AnnealOptim
import Foundation
import Testing
import _AnnealTestSupport

/// timm's learning-rate noise with `TorchNoise`: the traces of timm itself
/// (`Scripts/make_fixtures.py noise`), identical to the last bit.
@Suite struct TimmNoiseTests {
  struct Case: Decodable, Sendable, CustomTestStringConvertible {
    let spec: String
    let lrs: [Double]
    let steps: Int
    let lr: [[Double]]
    var testDescription: String { spec }
  }

  struct Fixture: Decodable, Sendable { let cases: [Case] }

  static let cases = try! Fixtures.load(Fixture.self, named: "timm_noise.json", in: .module).cases

  @Test(arguments: cases)
  func traceMatchesTimmExactly(_ c: Case) throws {
    let trace = try ScheduleTrace(
      spec: SchedulerSpec(parsing: c.spec), lrs: c.lrs, momentum: 0, steps: c.steps, noiseSource: TorchNoise())
    #expect(trace.lr == c.lr)
  }

  /// The noise depends on the step only, so a restored scheduler continues with the same
  /// noisy rates.
  @Test func resumedNoiseIsTheSame() throws {
    let spec = try SchedulerSpec(parsing: Self.cases[0].spec)
    let expected = Self.cases[0]
    let first = SchedulerTestOptimizer(lrs: expected.lrs)
    let original = try spec.makeScheduler(first, noiseSource: TorchNoise())
    for _ in 0..<12 { original.step() }
    let state = try JSONDecoder().decode(StateDict.self, from: JSONEncoder().encode(original.stateDict()))
    let second = SchedulerTestOptimizer(lrs: expected.lrs)
    let resumed = try spec.makeScheduler(second, noiseSource: TorchNoise())
    try resumed.loadStateDict(state)
    for step in 12..<expected.steps {
      resumed.step()
      #expect(second.schedulableGroups.map(\.lr) == expected.lr[step + 1], "step \(step + 1)")
    }
  }

  @Test func noiseNeedsASource() throws {
    let spec = try SchedulerSpec(parsing: "CosineLRScheduler(t_initial=10, noise_range_t=2)")
    #expect(throws: SpecError.self) { try spec.makeScheduler(SchedulerTestOptimizer(lrs: [0.1])) }
    try spec.validate()
    #expect(throws: SpecError.self) {
      try SchedulerSpec(parsing: "CosineLRScheduler(t_initial=10, noise_range_t=[1, 2, 3])").validate()
    }
  }

  /// Uniform noise (timm's `noise_type='uniform'`, library only) stays within ±pct.
  @Test func uniformNoiseIsBounded() {
    let noise = LRNoise(start: 0, pct: 0.2, kind: .uniform, source: TorchNoise())
    for t in 0..<50 { #expect(abs(noise.noise(at: t)) < 0.2) }
    #expect(Set((0..<50).map { noise.noise(at: $0) }).count == 50)
  }
}
