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
    let initial: [[Float]]
    let targets: [[Float]]
    let cases: [Case]
  }

  static let fixture: Fixture = {
    do {
      return try Fixtures.load(Fixture.self, named: "dadaptation.json", in: .module)
    } catch {
      fatalError("dadaptation.json: \(error)")
    }
  }()

  static func parameters() -> [Tensor] {
    [Tensor(fixture.initial[0], shape: [3, 4], requiresGrad: true), Tensor(fixture.initial[1], requiresGrad: true)]
  }

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

  static func setGradients(_ params: [Tensor]) {
    for (p, t) in zip(params, fixture.targets) { p.grad = p.detach() * 0.5 - Tensor(t, shape: p.shape) }
  }

  static func d(_ optimizer: any GroupedOptimizer) -> Double {
    optimizer.stateDict().paramGroups[0]["d"]?.doubleValue ?? .nan
  }

  /// The package's estimate sums in float32 (`dot`, `sum`), Anneal's in double: `d` and the
  /// parameters agree to float32 rounding.
  @Test(arguments: fixture.cases)
  func trajectoriesMatchThePackage(_ c: Case) throws {
    let params = Self.parameters()
    let optimizer = try Self.make(c, params)
    for (step, expected) in c.steps.enumerated() {
      Self.setGradients(params)
      optimizer.step()
      expectClose([Self.d(optimizer)], [c.d[step]], rtol: 1e-5, atol: 0, "d at step \(step)")
      for (p, values) in zip(params, expected) {
        expectClose(p.scalars, values, rtol: 1e-4, atol: 1e-5, "step \(step)")
      }
    }
  }

  @Test(arguments: fixture.cases)
  func resumedEqualsUninterrupted(_ c: Case) throws {
    func run(_ optimizer: any GroupedOptimizer, _ params: [Tensor], _ steps: Range<Int>) {
      for _ in steps {
        Self.setGradients(params)
        optimizer.step()
      }
    }
    let reference = Self.parameters()
    run(try Self.make(c, reference), reference, 0..<10)
    let first = Self.parameters()
    let original = try Self.make(c, first)
    run(original, first, 0..<4)
    let saved = original.stateDict()
    let second = first.map { Tensor($0.data, requiresGrad: true) }
    let resumed = try Self.make(c, second)
    try resumed.loadStateDict(saved)
    run(resumed, second, 4..<10)
    #expect(second.flatMap(\.scalars) == reference.flatMap(\.scalars))
  }
}
