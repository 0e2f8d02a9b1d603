// Copyright © 2026 the Anneal authors.

import AnnealLRScheduler
import Testing
import _AnnealTestSupport

/// Literal targets from PyTorch's own `test/optim/test_lrscheduler.py`, compared as PyTorch
/// compares them (absolute tolerance 1e-5). The golden traces check the same configurations
/// bit for bit; these pin the documented behaviour independently of the fixture generator.
@Suite struct PyTorchTestTargetTests {
  func run(_ spec: String, lr: Double = 0.05, momentum: Double? = nil, steps: Int, metrics: [Double] = [])
    throws -> ScheduleTrace
  {
    try ScheduleTrace(spec: SchedulerSpec(parsing: spec), lrs: [lr], momentum: momentum, steps: steps, metrics: metrics)
  }

  @Test func sequentialLR1() throws {
    let trace = try run(
      "SequentialLR(schedulers=[ExponentialLR(gamma=0.8), StepLR(gamma=0.1, step_size=4)], milestones=[3])", steps: 18)
    let targets =
      [0.05, 0.04, 0.032] + [Double](repeating: 0.05, count: 4) + [Double](repeating: 0.005, count: 4)
      + [Double](repeating: 0.0005, count: 4) + [Double](repeating: 0.00005, count: 4)
    expectClose(trace.lr.map { $0[0] }, targets, rtol: 0, atol: 1e-5)
  }

  @Test func sequentialLR2() throws {
    let trace = try run(
      "SequentialLR(schedulers=[ConstantLR(factor=0.1, total_iters=3), ExponentialLR(gamma=0.9)], milestones=[3])",
      steps: 9)
    let targets = [0.005, 0.005, 0.005] + (0..<7).map { 0.05 * pow(0.9, Double($0)) }
    expectClose(trace.lr.map { $0[0] }, targets, rtol: 0, atol: 1e-5)
  }

  @Test func reduceLROnPlateauAbsoluteThreshold() throws {
    let metrics = (0..<22).map { 10 - 0.0165 * Double($0) }
    let trace = try run(
      "ReduceLROnPlateau(patience=5, cooldown=0, threshold_mode='abs', mode='min', threshold=0.1)", lr: 0.5,
      steps: 22, metrics: metrics)
    let targets =
      [Double](repeating: 0.5, count: 6) + [Double](repeating: 0.05, count: 7)
      + [Double](repeating: 0.005, count: 7) + [Double](repeating: 0.0005, count: 2)
    expectClose(trace.lr.dropFirst().map { $0[0] }, targets, rtol: 0, atol: 1e-5)
  }

  @Test func cyclicTriangular() throws {
    let trace = try run(
      "CyclicLR(base_lr=1, max_lr=5, step_size_up=4, base_momentum=1, max_momentum=5)", momentum: 0, steps: 10)
    expectClose(trace.lr.map { $0[0] }, [1, 2, 3, 4, 5, 4, 3, 2, 1, 2, 3], rtol: 0, atol: 1e-5)
    expectClose(trace.momentum.map { $0[0] ?? .nan }, [5, 4, 3, 2, 1, 2, 3, 4, 5, 4, 3], rtol: 0, atol: 1e-5)
  }

  @Test func cyclicTriangular2AndAsymmetric() throws {
    let triangular2 = try run(
      "CyclicLR(base_lr=1, max_lr=5, step_size_up=4, mode='triangular2', cycle_momentum=False)", steps: 17)
    expectClose(
      triangular2.lr.map { $0[0] }, [1, 2, 3, 4, 5, 4, 3, 2, 1, 1.5, 2, 2.5, 3, 2.5, 2, 1.5, 1, 1.25], rtol: 0,
      atol: 1e-5)
    let asymmetric = try run(
      "CyclicLR(base_lr=1, max_lr=5, step_size_up=4, step_size_down=6, cycle_momentum=False)", steps: 10)
    expectClose(
      asymmetric.lr.map { $0[0] }, [1, 2, 3, 4, 5, 13.0 / 3, 11.0 / 3, 3, 7.0 / 3, 5.0 / 3, 1], rtol: 0, atol: 1e-5)
  }

  @Test func oneCycleLinearAndThreePhase() throws {
    let linear = try run(
      "OneCycleLR(max_lr=25, final_div_factor=2, base_momentum=1, max_momentum=22, total_steps=10, anneal_strategy='linear')",
      momentum: 0, steps: 9)
    expectClose(linear.lr.map { $0[0] }, [1, 13, 25, 21.5, 18, 14.5, 11, 7.5, 4, 0.5], rtol: 0, atol: 1e-5)
    expectClose(
      linear.momentum.map { $0[0] ?? .nan }, [22, 11.5, 1, 4, 7, 10, 13, 16, 19, 22], rtol: 0, atol: 1e-5)
    let threePhase = try run(
      "OneCycleLR(max_lr=25, final_div_factor=4, total_steps=10, anneal_strategy='linear', pct_start=0.4, three_phase=True, cycle_momentum=False)",
      steps: 9)
    expectClose(threePhase.lr.map { $0[0] }, [1, 9, 17, 25, 17, 9, 1, 0.75, 0.5, 0.25], rtol: 0, atol: 1e-5)
  }
}

private func pow(_ x: Double, _ n: Double) -> Double { (0..<Int(n)).reduce(1.0) { product, _ in product * x } }
