// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealOptim
import AnnealState
import Foundation
import Testing
import _AnnealTestSupport

/// Schedule-Free SGD and AdamW against the `schedulefree` package
/// (`Scripts/make_fixtures.py schedulefree`).
@Suite struct ScheduleFreeTests {
  struct Case: Decodable, Sendable, CustomTestStringConvertible {
    let kind: String
    let options: StateDict
    let steps: [[[Double]]]
    let evaluated: [[[Double]]]
    let group: StateDict
    var testDescription: String { "\(kind) \(options.keys.sorted())" }
  }

  struct Fixture: Decodable, Sendable {
    let initial: [[Float]]
    let targets: [[Float]]
    let cases: [Case]
  }

  static let fixture: Fixture = {
    do {
      return try Fixtures.load(Fixture.self, named: "schedulefree.json", in: .module)
    } catch {
      fatalError("schedulefree.json: \(error)")
    }
  }()

  static func parameters() -> [Tensor] {
    [Tensor(fixture.initial[0], shape: [3, 4], requiresGrad: true), Tensor(fixture.initial[1], requiresGrad: true)]
  }

  static func make(_ c: Case, _ params: [Tensor]) throws -> any ScheduleFreeOptimizer {
    let o = c.options
    let warmup = o["warmup_steps"]?.intValue ?? 0
    let r = o["r"]?.doubleValue ?? 0
    let weightDecay = o["weight_decay"]?.doubleValue ?? 0
    if c.kind == "sgd" {
      return try SGDScheduleFree(
        params, lr: o["lr"]?.doubleValue ?? 1.0, momentum: o["momentum"]?.doubleValue ?? 0.9, weightDecay: weightDecay,
        warmupSteps: warmup, r: r, weightLRPower: o["weight_lr_power"]?.doubleValue ?? 2)
    }
    let betas = (try? o.doubles("betas")) ?? [0.9, 0.999]
    return try AdamWScheduleFree(
      params, lr: o["lr"]?.doubleValue ?? 0.0025, betas: (betas[0], betas[1]), eps: o["eps"]?.doubleValue ?? 1e-8,
      weightDecay: weightDecay, warmupSteps: warmup, r: r, weightLRPower: o["weight_lr_power"]?.doubleValue ?? 2)
  }

  /// `0.5 · p − t` for each parameter, in float32 as PyTorch computes it.
  static func setGradients(_ params: [Tensor]) {
    for (p, t) in zip(params, fixture.targets) { p.grad = p.detach() * 0.5 - Tensor(t, shape: p.shape) }
  }

  @Test(arguments: fixture.cases)
  func trajectoriesMatchThePackage(_ c: Case) throws {
    let params = Self.parameters()
    let optimizer = try Self.make(c, params)
    optimizer.train()
    #expect(optimizer.isTraining)
    var evaluations = 0
    for (step, expected) in c.steps.enumerated() {
      Self.setGradients(params)
      optimizer.step()
      for (p, values) in zip(params, expected) {
        expectClose(p.scalars, values, rtol: 1e-5, atol: 1e-6, "step \(step)")
      }
      if step % 4 == 3 {
        optimizer.eval()
        #expect(!optimizer.isTraining)
        for (p, values) in zip(params, c.evaluated[evaluations]) {
          expectClose(p.scalars, values, rtol: 1e-5, atol: 1e-6, "x after step \(step)")
        }
        evaluations += 1
        optimizer.train()
        for (p, values) in zip(params, expected) {
          expectClose(p.scalars, values, rtol: 1e-5, atol: 2e-6, "y again after step \(step)")
        }
      }
    }
    // The group's bookkeeping is the package's, under its keys.
    let group = optimizer.stateDict().paramGroups[0]
    for key in ["k", "weight_sum", "lr_max", "scheduled_lr", "train_mode", "warmup_steps", "r", "weight_lr_power"] {
      #expect(group[key] == c.group[key], "\(key)")
    }
  }

  @Test(arguments: fixture.cases)
  func resumedEqualsUninterrupted(_ c: Case) throws {
    func run(_ optimizer: any ScheduleFreeOptimizer, _ params: [Tensor], _ steps: Range<Int>) {
      for _ in steps {
        Self.setGradients(params)
        optimizer.step()
      }
    }
    let reference = Self.parameters()
    let whole = try Self.make(c, reference)
    whole.train()
    run(whole, reference, 0..<8)

    let first = Self.parameters()
    let original = try Self.make(c, first)
    original.train()
    run(original, first, 0..<5)
    let saved = original.stateDict()
    let second = first.map { Tensor($0.data, requiresGrad: true) }
    let resumed = try Self.make(c, second)
    try resumed.loadStateDict(saved)
    #expect(resumed.isTraining)
    run(resumed, second, 5..<8)
    #expect(second.flatMap(\.scalars) == reference.flatMap(\.scalars))
  }

  @Test func hyperparametersAreCheckedAsThePackageChecksThem() {
    let p = [Tensor([1, 2], requiresGrad: true)]
    #expect(throws: OptimizerError.invalidArgument("Momentum must be between 0 and 1 exclusive: 1.0")) {
      try SGDScheduleFree(p, momentum: 1)
    }
    #expect(throws: OptimizerError.invalidArgument("Invalid weight_decay value: -0.1")) {
      try AdamWScheduleFree(p, weightDecay: -0.1)
    }
  }
}
