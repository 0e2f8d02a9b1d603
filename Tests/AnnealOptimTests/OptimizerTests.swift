// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealLRScheduler
import AnnealOptim
import Testing
import _AnnealTestSupport

/// Every optimizer against `torch.optim`: the same parameters and gradient sequence give the
/// same parameters after every step, with a learning-rate change mid-run or a scheduler
/// cycling the learning rate and momentum (β₁ for the Adam family).
@Suite struct OptimizerFixtureTests {
  struct Case: Decodable, Sendable, CustomTestStringConvertible {
    let optimizer: String
    let config: StateDict
    let scheduler: String?
    let trajectory: [[Double]]
    var testDescription: String {
      "\(optimizer) \(config.keys.sorted().map { "\($0)=\(config[$0]!)" }.joined(separator: " ")) \(scheduler ?? "")"
    }
  }

  struct Keys: Decodable, Sendable {
    let state: [String]
    let group: [String]
  }

  struct Fixture: Decodable, Sendable {
    let state_keys: [String: Keys]
    let initial: [[Float]]
    let grads: [[[Float]]]
    let lr_halved_at_step: Int
    let cases: [Case]
  }

  static let fixture = try! Fixtures.load(Fixture.self, named: "optimizers.json", in: .module)

  static func make(_ c: Case, _ params: [Tensor]) throws -> any Optimizer {
    let f = c.config
    func number(_ key: String, _ fallback: Double) -> Double { f[key]?.doubleValue ?? fallback }
    func flag(_ key: String) -> Bool { f[key] == .bool(true) }
    let lr = number("lr", 0)
    let betas = (try? f.doubles("betas")).map { ($0[0], $0[1]) } ?? (0.9, 0.999)
    switch c.optimizer {
    case "sgd":
      return try SGD(
        params, lr: lr, momentum: number("momentum", 0), dampening: number("dampening", 0),
        weightDecay: number("weight_decay", 0), nesterov: flag("nesterov"), maximize: flag("maximize"))
    case "adam":
      return try Adam(
        params, lr: lr, betas: betas, eps: number("eps", 1e-8), weightDecay: number("weight_decay", 0),
        amsgrad: flag("amsgrad"), maximize: flag("maximize"))
    case "adamw":
      return try AdamW(
        params, lr: lr, betas: betas, eps: number("eps", 1e-8), weightDecay: number("weight_decay", 1e-2),
        amsgrad: flag("amsgrad"), maximize: flag("maximize"))
    case "rmsprop":
      return try RMSprop(
        params, lr: lr, alpha: number("alpha", 0.99), eps: number("eps", 1e-8), weightDecay: number("weight_decay", 0),
        momentum: number("momentum", 0), centered: flag("centered"), maximize: flag("maximize"))
    case "adadelta":
      return try Adadelta(
        params, lr: lr, rho: number("rho", 0.9), eps: number("eps", 1e-6), weightDecay: number("weight_decay", 0),
        maximize: flag("maximize"))
    case "adamax":
      return try Adamax(
        params, lr: lr, betas: betas, eps: number("eps", 1e-8), weightDecay: number("weight_decay", 0),
        maximize: flag("maximize"))
    case "nadam":
      return try NAdam(
        params, lr: lr, betas: betas, eps: number("eps", 1e-8), weightDecay: number("weight_decay", 0),
        momentumDecay: number("momentum_decay", 4e-3), decoupledWeightDecay: flag("decoupled_weight_decay"),
        maximize: flag("maximize"))
    case "radam":
      return try RAdam(
        params, lr: lr, betas: betas, eps: number("eps", 1e-8), weightDecay: number("weight_decay", 0),
        decoupledWeightDecay: flag("decoupled_weight_decay"), maximize: flag("maximize"))
    case "asgd":
      return try ASGD(
        params, lr: lr, lambd: number("lambd", 1e-4), alpha: number("alpha", 0.75), t0: number("t0", 1e6),
        weightDecay: number("weight_decay", 0), maximize: flag("maximize"))
    default:
      return try Adagrad(
        params, lr: lr, lrDecay: number("lr_decay", 0), weightDecay: number("weight_decay", 0),
        initialAccumulatorValue: number("initial_accumulator_value", 0), eps: number("eps", 1e-10),
        maximize: flag("maximize"))
    }
  }

  @Test(arguments: fixture.cases)
  func trajectoryMatchesPyTorch(_ c: Case) throws {
    let f = Self.fixture
    let params = [Tensor(f.initial[0], shape: [3, 4], requiresGrad: true), Tensor(f.initial[1], requiresGrad: true)]
    let optimizer = try Self.make(c, params)
    let scheduler = try c.scheduler.map { try SchedulerSpec(parsing: $0).makeScheduler(optimizer) }
    for (step, grads) in f.grads.enumerated() {
      if scheduler == nil && step == f.lr_halved_at_step {
        optimizer.schedulableGroups[0].lr = (c.config["lr"]?.doubleValue ?? 0) * 0.5
      }
      for (p, g) in zip(params, grads) { p.grad = Tensor(g, shape: p.shape) }
      optimizer.step()
      scheduler?.step()
      expectClose(params.flatMap(\.scalars), c.trajectory[step], rtol: 2e-6, atol: 1e-7, "step \(step)")
    }
  }
}

/// Every optimizer's state dict names what PyTorch's names: the same per-parameter state keys
/// and no param-group key PyTorch lacks (the newer ones: exactly PyTorch's group keys).
@Suite struct OptimizerKeyTests {
  @Test(arguments: OptimizerFixtureTests.fixture.state_keys.keys.sorted())
  func keysAreTorchs(_ kind: String) throws {
    let expected = try #require(OptimizerFixtureTests.fixture.state_keys[kind])
    let p = Tensor([0, 0], requiresGrad: true)
    let config: StateDict = kind == "sgd" ? ["lr": .double(0.1), "momentum": .double(0)] : ["lr": .double(0.1)]
    let optimizer = try OptimizerFixtureTests.make(
      .init(optimizer: kind, config: config, scheduler: nil, trajectory: []), [p])
    p.grad = Tensor([1, 1])
    optimizer.step()
    let state = optimizer.stateDict()
    #expect((state.state[0]?.keys).map { Array($0).sorted() } ?? [] == expected.state)
    let groupKeys = Set(state.paramGroups[0].keys)
    #expect(groupKeys.isSubset(of: expected.group), "\(groupKeys.subtracting(expected.group))")
    if ["adamax", "nadam", "radam", "adadelta", "asgd"].contains(kind) { #expect(groupKeys == Set(expected.group)) }
  }
}

@Suite struct SGDTests {
  @Test func invalidHyperparametersThrow() {
    let p = [Tensor([1], requiresGrad: true)]
    #expect(throws: OptimizerError.invalidArgument("Invalid learning rate: -0.1")) { try SGD(p, lr: -0.1) }
    #expect(throws: OptimizerError.self) { try SGD(p, lr: 0.1, momentum: -1) }
    #expect(throws: OptimizerError.self) { try SGD(p, lr: 0.1, weightDecay: -1) }
    #expect(throws: OptimizerError.invalidArgument("Nesterov momentum requires a momentum and zero dampening")) {
      try SGD(p, lr: 0.1, nesterov: true)
    }
    #expect(throws: OptimizerError.self) { try SGD(p, lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true) }
    #expect(throws: OptimizerError.self) { try SGD(paramGroups: []) }
  }

  @Test func parametersWithoutGradientsAreSkipped() throws {
    let a = Tensor([1, 2], requiresGrad: true)
    let b = Tensor([3, 4], requiresGrad: true)
    let optimizer = try SGD([a, b], lr: 0.5)
    a.grad = Tensor([1, 1])
    optimizer.step()
    #expect(a.scalars == [0.5, 1.5])
    #expect(b.scalars == [3, 4])
    optimizer.zeroGrad()
    #expect(a.grad == nil)
  }

  @Test func paramGroupsHaveTheirOwnHyperparameters() throws {
    let a = Tensor([1], requiresGrad: true)
    let b = Tensor([1], requiresGrad: true)
    let optimizer = try SGD(paramGroups: [
      .init(params: [a], lr: 0.1), .init(params: [b], lr: 0.01, momentum: 0.9),
    ])
    #expect(optimizer.schedulableGroups.map(\.lr) == [0.1, 0.01])
    #expect(optimizer.schedulableGroups.map(\.momentum) == [0, 0.9])
    a.grad = Tensor([1])
    b.grad = Tensor([1])
    optimizer.step()
    #expect(a.scalars == [Float(1) - Float(0.1)])
    #expect(b.scalars == [Float(1) - Float(0.01)])
    try optimizer.addParamGroup(.init(params: [Tensor([0], requiresGrad: true)], lr: 1))
    #expect(optimizer.paramGroups.count == 3)
    #expect(optimizer.parameters.count == 3)
  }

  @Test func schedulerDrivesSGD() throws {
    let optimizer = try SGD([Tensor([0], requiresGrad: true)], lr: 0.1, momentum: 0.9, nesterov: true)
    let scheduler = try StepLR(optimizer, stepSize: 1, gamma: 0.1)
    var printed: [[Double]] = []
    for _ in 0..<5 {
      printed.append(scheduler.lastLR)
      optimizer.step()
      scheduler.step()
    }
    #expect(
      printed.map { "\($0)" } == [
        "[0.1]", "[0.010000000000000002]", "[0.0010000000000000002]", "[0.00010000000000000003]",
        "[1.0000000000000004e-05]",
      ])
    #expect(optimizer.paramGroups[0].initialLR == 0.1)
  }

  /// Anneal's optimizers read and write learning rates without building their groups
  /// (`learningRates`, `setLearningRates`); schedulers driving them give exactly the rates they
  /// give through the protocol's default implementations.
  @Test(arguments: [
    "StepLR(step_size=3, gamma=0.5)", "CosineAnnealingLR(T_max=10)", "LambdaLR(lr_lambda='0.9 ** epoch')",
    "SequentialLR(schedulers=[LinearLR(), ExponentialLR(gamma=0.9)], milestones=[4])",
    "ChainedScheduler(schedulers=[ConstantLR(), ExponentialLR(gamma=0.9)])", "SWALR(swa_lr=0.05)",
  ])
  func learningRateAccessorsMatchTheGroups(spec: String) throws {
    let optimizer = try SGD(paramGroups: [
      .init(params: [Tensor([0], requiresGrad: true)], lr: 0.1),
      .init(params: [Tensor([0], requiresGrad: true)], lr: 0.03, momentum: 0.9),
    ])
    let groupsOnly = SchedulerTestOptimizer(lrs: [0.1, 0.03])
    let parsed = try SchedulerSpec(parsing: spec)
    let fast = try parsed.makeScheduler(optimizer)
    let reference = try parsed.makeScheduler(groupsOnly)
    for _ in 0..<25 {
      #expect(optimizer.learningRates.map(\.bitPattern) == groupsOnly.learningRates.map(\.bitPattern))
      #expect(optimizer.learningRates == optimizer.schedulableGroups.map(\.lr))
      #expect(fast.lastLR.map(\.bitPattern) == reference.lastLR.map(\.bitPattern))
      fast.step()
      reference.step()
    }
    optimizer.setLearningRates([0.5, 0.25])
    #expect(optimizer.paramGroups.map(\.lr) == [0.5, 0.25])
  }
}
