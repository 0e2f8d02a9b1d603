// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealOptim
import Testing
import _AnnealTestSupport

/// Optimizer state: saved after k steps and loaded into a fresh optimizer over copies of the
/// parameters, training continues to exactly the same parameters.
@Suite struct OptimizerStateTests {
  @Test(arguments: OptimizerFixtureTests.fixture.cases)
  func resumedEqualsUninterrupted(_ c: OptimizerFixtureTests.Case) throws {
    let f = OptimizerFixtureTests.fixture
    func fresh() -> [Tensor] {
      [Tensor(f.initial[0], shape: [3, 4], requiresGrad: true), Tensor(f.initial[1], requiresGrad: true)]
    }
    func run(_ optimizer: any Optimizer, _ params: [Tensor], _ steps: Range<Int>) {
      for step in steps {
        for (p, g) in zip(params, f.grads[step]) { p.grad = Tensor(g, shape: p.shape) }
        optimizer.step()
      }
    }
    let reference = fresh()
    let uninterrupted = try OptimizerFixtureTests.make(c, reference)
    run(uninterrupted, reference, 0..<6)

    let first = fresh()
    let original = try OptimizerFixtureTests.make(c, first)
    run(original, first, 0..<3)
    let saved = original.stateDict()
    let second = first.map { Tensor($0.data, requiresGrad: true) }
    let resumed = try OptimizerFixtureTests.make(c, second)
    try resumed.loadStateDict(saved)
    run(resumed, second, 3..<6)
    #expect(second.flatMap(\.scalars) == reference.flatMap(\.scalars))
  }

  @Test func mismatchedStateIsRejected() throws {
    let optimizer = try Adam([Tensor([1, 2], requiresGrad: true)], lr: 0.1)
    let other = try Adam([Tensor([1, 2, 3], requiresGrad: true)], lr: 0.1)
    other.parameters[0].grad = Tensor([1, 1, 1])
    other.step()
    #expect(throws: OptimizerError.self) { try optimizer.loadStateDict(other.stateDict()) }
    let twoGroups = try Adam(paramGroups: [
      .init(params: [Tensor([1], requiresGrad: true)]), .init(params: [Tensor([1], requiresGrad: true)]),
    ])
    #expect(throws: OptimizerError.self) { try optimizer.loadStateDict(twoGroups.stateDict()) }
  }

  @Test func stateUsesPyTorchKeys() throws {
    let p = Tensor([1, 2], requiresGrad: true)
    let optimizer = try Adam([p], lr: 0.1, amsgrad: true)
    p.grad = Tensor([1, 1])
    optimizer.step()
    let state = optimizer.stateDict()
    #expect(Set(state.state[0]?.keys ?? [:].keys) == ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"])
    #expect(state.paramGroups[0]["betas"] == .from([0.9, 0.999]))
    #expect(state.paramGroups[0]["params"] == .from([0]))
  }
}

/// The optimizer knows only its own param-group keys; values that schedulers keep in a group
/// (their keys, whatever they are) survive a state-dict round trip.
@Suite struct SchedulerKeysInParamGroupsTests {
  @Test func unknownNumericKeysAreRestoredAsSchedulerValues() throws {
    let optimizer = try SGD([Tensor.zeros([2], requiresGrad: true)], lr: 0.1, momentum: 0.9)
    var groups = optimizer.schedulableGroups
    groups[0].extras = ["max_lr": 0.5, "a_future_schedulers_key": 2]
    optimizer.schedulableGroups = groups
    let restored = try SGD([Tensor.zeros([2], requiresGrad: true)], lr: 0.3)
    try restored.loadStateDict(optimizer.stateDict())
    #expect(restored.schedulableGroups[0].extras == ["max_lr": 0.5, "a_future_schedulers_key": 2])
    #expect(restored.paramGroups[0].momentum == 0.9)
  }

  @Test func stateAccessorsThrowTheSharedStateError() {
    let state: StateDict = ["lr": .string("fast")]
    #expect(throws: StateError("'lr' is not a number")) { try state.double("lr") }
    #expect(throws: StateError("missing 'eps'")) { try state.double("eps") }
  }
}
