// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealOptim
import Testing
import _AnnealTestSupport

/// SGD against `torch.optim.SGD`: the same parameters and gradient sequence give the same
/// parameters after every step, including after a learning-rate change mid-run.
@Suite struct SGDTests {
  struct Config: Decodable, Sendable {
    let lr: Double
    let momentum: Double?
    let dampening: Double?
    let weight_decay: Double?
    let nesterov: Bool?
    let maximize: Bool?
  }

  struct Case: Decodable, Sendable, CustomTestStringConvertible {
    let config: Config
    let trajectory: [[Double]]
    var testDescription: String {
      let c = config
      return "lr=\(c.lr) momentum=\(c.momentum ?? 0) dampening=\(c.dampening ?? 0) "
        + "wd=\(c.weight_decay ?? 0) nesterov=\(c.nesterov ?? false) maximize=\(c.maximize ?? false)"
    }
  }

  struct Fixture: Decodable, Sendable {
    let initial: [[Float]]
    let grads: [[[Float]]]
    let lr_halved_at_step: Int
    let cases: [Case]
  }

  static let fixture = try! Fixtures.load(Fixture.self, named: "sgd.json", in: .module)

  @Test(arguments: fixture.cases)
  func trajectoryMatchesPyTorch(_ c: Case) throws {
    let f = Self.fixture
    let params = [Tensor(f.initial[0], shape: [3, 4], requiresGrad: true), Tensor(f.initial[1], requiresGrad: true)]
    let optimizer = try SGD(
      params, lr: c.config.lr, momentum: c.config.momentum ?? 0, dampening: c.config.dampening ?? 0,
      weightDecay: c.config.weight_decay ?? 0, nesterov: c.config.nesterov ?? false,
      maximize: c.config.maximize ?? false)
    for (step, grads) in f.grads.enumerated() {
      if step == f.lr_halved_at_step { optimizer.schedulableGroups[0].lr = c.config.lr * 0.5 }
      for (p, g) in zip(params, grads) { p.grad = Tensor(g, shape: p.shape) }
      optimizer.step()
      expectClose(params.flatMap(\.scalars), c.trajectory[step], rtol: 1e-6, atol: 1e-7, "step \(step)")
    }
  }

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
}
