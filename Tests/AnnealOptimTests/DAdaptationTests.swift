// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealOptim
import AnnealState
import Foundation
import Testing
import _AnnealTestSupport

/// DAdaptSGD and DAdaptAdam against the `dadaptation` package
/// (`Scripts/make_fixtures.py dadaptation`).
@Suite struct DAdaptationTests {
  struct Case: Decodable, Sendable, CustomTestStringConvertible {
    let kind: String
    let options: StateDict
    let steps: [[[Double]]]
    let d: [Double]
    var testDescription: String { "\(kind) \(options.keys.sorted())" }
  }

  struct Fixture: Decodable, Sendable {
    let cases: [Case]
  }

  static let fixture = PackageProblem.load(Fixture.self, "dadaptation.json")
  static let problem = PackageProblem.load(PackageProblem.self, "dadaptation.json")

  static func make(_ c: Case, _ params: [Tensor]) throws -> any GroupedOptimizer {
    let o = c.options
    let (d0, growth, decay) = (
      o["d0"]?.doubleValue ?? 1e-6, o["growth_rate"]?.doubleValue ?? .infinity, o["weight_decay"]?.doubleValue ?? 0
    )
    if c.kind == "sgd" {
      return try DAdaptSGD(
        params, momentum: o["momentum"]?.doubleValue ?? 0, weightDecay: decay, d0: d0, growthRate: growth)
    }
    let betas = (try? o.doubles("betas")) ?? [0.9, 0.999]
    return try DAdaptAdam(
      params, betas: (betas[0], betas[1]), weightDecay: decay, decouple: o["decouple"] == .bool(true),
      useBiasCorrection: o["use_bias_correction"] == .bool(true), d0: d0, growthRate: growth)
  }

  static func d(_ optimizer: any GroupedOptimizer) -> Double {
    optimizer.stateDict().paramGroups[0]["d"]?.doubleValue ?? .nan
  }

  /// The package's estimate sums in float32 (`dot`, `sum`), Anneal's in double: `d` and the
  /// parameters agree to float32 rounding.
  @Test(arguments: fixture.cases)
  func trajectoriesMatchThePackage(_ c: Case) throws {
    let params = Self.problem.parameters()
    let optimizer = try Self.make(c, params)
    for (step, expected) in c.steps.enumerated() {
      Self.problem.setGradients(params)
      optimizer.step()
      expectClose([Self.d(optimizer)], [c.d[step]], rtol: 1e-5, atol: 0, "d at step \(step)")
      for (p, values) in zip(params, expected) {
        expectClose(p.scalars, values, rtol: 1e-4, atol: 1e-5, "step \(step)")
      }
    }
  }

  @Test(arguments: fixture.cases)
  func resumedEqualsUninterrupted(_ c: Case) throws {
    try Self.problem.expectResumingExact(total: 10, split: 4) { try Self.make(c, $0) }
  }
}
