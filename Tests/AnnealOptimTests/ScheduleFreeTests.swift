// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealOptim
import AnnealState
import Foundation
import Testing
import _AnnealTestSupport

/// Schedule-Free SGD, AdamW and RAdam against the `schedulefree` package
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
    let cases: [Case]
  }

  static let fixture = PackageProblem.load(Fixture.self, "schedulefree.json")
  static let problem = PackageProblem.load(PackageProblem.self, "schedulefree.json")

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
    if c.kind == "radam" {
      return try RAdamScheduleFree(
        params, lr: o["lr"]?.doubleValue ?? 0.0025, betas: (betas[0], betas[1]), eps: o["eps"]?.doubleValue ?? 1e-8,
        weightDecay: weightDecay, r: r, weightLRPower: o["weight_lr_power"]?.doubleValue ?? 2,
        silentSGDPhase: (try? o.bool("silent_sgd_phase")) ?? true)
    }
    return try AdamWScheduleFree(
      params, lr: o["lr"]?.doubleValue ?? 0.0025, betas: (betas[0], betas[1]), eps: o["eps"]?.doubleValue ?? 1e-8,
      weightDecay: weightDecay, warmupSteps: warmup, r: r, weightLRPower: o["weight_lr_power"]?.doubleValue ?? 2)
  }

  @Test(arguments: fixture.cases)
  func trajectoriesMatchThePackage(_ c: Case) throws {
    let params = Self.problem.parameters()
    let optimizer = try Self.make(c, params)
    optimizer.train()
    #expect(optimizer.isTraining)
    var evaluations = 0
    for (step, expected) in c.steps.enumerated() {
      Self.problem.setGradients(params)
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
    for key in [
      "k", "weight_sum", "lr_max", "scheduled_lr", "train_mode", "warmup_steps", "r", "weight_lr_power",
      "silent_sgd_phase",
    ] {
      #expect(group[key] == c.group[key], "\(key)")
    }
  }

  @Test(arguments: fixture.cases)
  func resumedEqualsUninterrupted(_ c: Case) throws {
    try Self.problem.expectResumingExact(
      total: 8, split: 5, { try Self.make(c, $0) }, start: { ($0 as? any ScheduleFreeOptimizer)?.train() },
      loaded: { #expect(($0 as? any ScheduleFreeOptimizer)?.isTraining == true) })
  }

  @Test func hyperparametersAreCheckedAsThePackageChecksThem() {
    let p = [Tensor([1, 2], requiresGrad: true)]
    #expect(throws: OptimizerError.invalidArgument("Momentum must be between 0 and 1 exclusive: 1.0")) {
      try SGDScheduleFree(p, momentum: 1)
    }
    #expect(throws: OptimizerError.invalidArgument("Invalid weight_decay value: -0.1")) {
      try AdamWScheduleFree(p, weightDecay: -0.1)
    }
    #expect(throws: OptimizerError.invalidArgument("Invalid beta parameter at index 1: 1.0")) {
      try RAdamScheduleFree(p, betas: (0.9, 1))
    }
  }
}
