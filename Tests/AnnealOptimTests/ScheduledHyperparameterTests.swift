// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealLRScheduler
import AnnealOptim
import Testing

/// Schedulers driving hyperparameters other than the learning rate (`ScheduledHyperparameter`).
@Suite struct ScheduledHyperparameterTests {
  static func parameter() -> Tensor { Tensor([1, 2, 3], requiresGrad: true) }

  static func make(_ spec: String, on optimizer: any SchedulableOptimizer) throws -> any LRScheduler {
    try SchedulerSpec(parsing: spec).makeScheduler(optimizer, noiseSource: TorchNoise())
  }

  /// The values a schedule gives a hyperparameter are the learning rates it gives an optimizer
  /// whose lr starts where the hyperparameter does, and the real lr keeps its own schedule.
  @Test(arguments: [
    "CosineAnnealingLR(T_max=10, eta_min=0.4)", "StepLR(step_size=3, gamma=0.5)",
    "OneCycleLR(max_lr=0.1, total_steps=12, cycle_momentum=False)",
    "SequentialLR(schedulers=[LinearLR(start_factor=0.1, total_iters=4), ExponentialLR(gamma=0.9)], milestones=[4])",
  ])
  func aWeightDecayTraceIsTheLRTraceOfTheSameScheduler(_ spec: String) throws {
    let optimizer = try AdamW([Self.parameter()], lr: 1e-3, weightDecay: 0.04)
    let lrScheduler = try Self.make("ExponentialLR(gamma=0.5)", on: optimizer)
    let view = try optimizer.scheduling("weight_decay")
    let scheduler = try Self.make(spec, on: view)
    var weightDecays = [optimizer.paramGroups[0].weightDecay]
    var lrs = [optimizer.paramGroups[0].lr]
    for _ in 0..<11 {
      lrScheduler.step()
      scheduler.step()
      #expect(view.lastError == nil)
      weightDecays.append(optimizer.paramGroups[0].weightDecay)
      lrs.append(optimizer.paramGroups[0].lr)
    }
    let expected = try ScheduleTrace(spec: SchedulerSpec(parsing: spec), lrs: [0.04], momentum: nil, steps: 11)
    #expect(weightDecays == expected.lr.map { $0[0] })
    #expect(view.values == [weightDecays.last])
    let lrTrace = try ScheduleTrace(
      spec: SchedulerSpec(parsing: "ExponentialLR(gamma=0.5)"), lrs: [1e-3], momentum: 0.9, steps: 11)
    #expect(lrs == lrTrace.lr.map { $0[0] })
    // The scheduler's bookkeeping stays in the view: the optimizer's groups hold only its own.
    #expect(optimizer.paramGroups[0].extras.isEmpty)
    #expect(optimizer.paramGroups[0].initialLR == 1e-3)
  }

  @Test func momentumAndBetasAreScheduledPerGroup() throws {
    let sgd = try SGD(
      paramGroups: [
        SGD.ParamGroup(params: [Self.parameter()], lr: 0.1, momentum: 0.5),
        SGD.ParamGroup(params: [Self.parameter()], lr: 0.1, momentum: 0.8),
      ])
    let momentum = try sgd.scheduling("momentum")
    let linear = try Self.make("LinearLR(start_factor=0.5, end_factor=1.0, total_iters=2)", on: momentum)
    #expect(sgd.paramGroups.map(\.momentum) == [0.25, 0.4])
    linear.step()
    linear.step()
    #expect(sgd.paramGroups.map(\.momentum) == [0.5, 0.8])

    let adam = try Adam([Self.parameter()], betas: (0.9, 0.99))
    let beta2 = try adam.scheduling("beta2")
    _ = try Self.make("ConstantLR(factor=0.5, total_iters=1)", on: beta2)
    #expect(adam.paramGroups[0].betas == (0.9, 0.495))
    #expect(try adam.scheduling("beta1").values == [0.9])
  }

  @Test func anUnknownKeyNamesTheKeysThereAre() throws {
    let adam = try Adam([Self.parameter()])
    #expect(throws: OptimizerError.self) { try adam.scheduling("momentum") }
    do {
      _ = try adam.scheduling("momentum")
    } catch {
      #expect(
        error.description
          == "Adam has no hyperparameter 'momentum' to schedule; it has: beta1, beta2, eps, weight_decay"
      )
    }
    // Flags are not numbers to schedule.
    #expect(throws: OptimizerError.self) { try adam.scheduling("amsgrad") }
  }

  @Test func aValueOutsideTheDomainIsRefusedAndTheGroupKeepsItsValue() throws {
    let adam = try Adam([Self.parameter()], betas: (0.9, 0.6))
    let beta2 = try adam.scheduling("beta2")
    let scheduler = try Self.make("ExponentialLR(gamma=2.0)", on: beta2)
    #expect(beta2.lastError == nil)
    scheduler.step()  // 0.6 × 2 = 1.2: not a β
    #expect(adam.paramGroups[0].betas.1 == 0.6)
    let error = try #require(beta2.lastError)
    #expect(error.description.contains("beta"), "\(error)")
  }

  /// Saving the optimizer and the scheduler and loading them into fresh ones continues the
  /// schedule exactly.
  @Test func resumingContinuesTheSchedule() throws {
    let spec = "CosineAnnealingWarmRestarts(T_0=3, T_mult=2, eta_min=0.001)"
    func fresh() throws -> (AdamW, any LRScheduler) {
      let optimizer = try AdamW([Self.parameter()], weightDecay: 0.05)
      return (optimizer, try Self.make(spec, on: optimizer.scheduling("weight_decay")))
    }
    let (whole, wholeScheduler) = try fresh()
    for _ in 0..<10 { wholeScheduler.step() }

    let (first, firstScheduler) = try fresh()
    for _ in 0..<4 { firstScheduler.step() }
    let (optimizerState, schedulerState) = (first.stateDict(), firstScheduler.stateDict())
    let (second, secondScheduler) = try fresh()
    try second.loadStateDict(optimizerState)
    try secondScheduler.loadStateDict(schedulerState)
    for _ in 0..<6 { secondScheduler.step() }
    #expect(second.paramGroups[0].weightDecay == whole.paramGroups[0].weightDecay)
    #expect(secondScheduler.stateDict() == wholeScheduler.stateDict())
  }
}
