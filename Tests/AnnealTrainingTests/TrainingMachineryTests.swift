// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealNN
import AnnealOptim
import AnnealTraining
import Testing
import _AnnealTestSupport

/// The training machinery every model gets: evaluation of a copy on another thread, all-or-
/// nothing checkpoints of any module, the metric-aware scheduler step and the non-finite check.
@Suite(.serialized) struct TrainingMachineryTests {
  /// A small network with a buffer, built from its own generator.
  final class Net: Module, Layer {
    let body: Sequential
    init(generator: Generator) {
      body = Sequential(Linear(4, 8, generator: generator), ReLU(), Linear(8, 3, generator: generator))
      super.init()
      registerBuffer("seen", Tensor(scalar: Int64(0)))
    }
    func forward(_ input: Tensor) -> Tensor { body(input) }
  }

  @Test func aBackgroundEvaluationSeesTheCurrentWeightsAndDrawsNothing() throws {
    let model = Net(generator: Generator(seed: 1))
    let optimizer = try SGD(model.parameters(), lr: 0.5)
    let x = Tensor.randn([16, 4], generator: Generator(seed: 2))
    try model(x).sum().backward()
    optimizer.step()
    withNoGrad { model.buffer("seen")?.fill(with: 5) }
    let expected = withNoGrad { model(x) }.scalars
    let input = x.data
    DefaultGeneratorLock.run {
      let state = Generator.default.getState()
      let evaluation = BackgroundEvaluation(of: model, make: { Net(generator: Generator(seed: 99)) }) { copy in
        (copy(Tensor(input)).scalars, copy.buffer("seen")?.item(as: Int64.self), GradMode.isEnabled, copy.isTraining)
      }
      let (values, seen, recording, training) = evaluation.result()
      #expect(values == expected)
      #expect(seen == 5 && !recording && !training)
      #expect(evaluation.isFinished)
      #expect(Generator.default.getState() == state)
    }
  }

  @Test func checkpointsCaptureAndRestoreAnyModule() throws {
    let model = Net(generator: Generator(seed: 3))
    let optimizer = try SGD(model.parameters(), lr: 0.1, momentum: 0.9)
    let scheduler = try StepLR(optimizer, stepSize: 1, gamma: 0.5)
    let x = Tensor.randn([8, 4], generator: Generator(seed: 4))
    func trainStep() throws {
      optimizer.zeroGrad()
      try model(x).pow(2).mean().backward()
      optimizer.step()
      try scheduler.step(reporting: nil)
    }
    try trainStep()
    withNoGrad { model.buffer("seen")?.fill(with: 1) }
    let stream = Generator(seed: 11)
    let checkpoint = TrainingCheckpoint(
      model: model, optimizer: optimizer, scheduler: scheduler, epoch: 1, iteration: 1,
      position: EpochPosition(start: stream.getState(), batch: 1, steps: 1, lossSum: 0.25), generator: stream)
    try trainStep()
    let expected = model.stateDict()

    let other = Net(generator: Generator(seed: 7))
    let otherOptimizer = try SGD(other.parameters(), lr: 0.1, momentum: 0.9)
    let otherScheduler = try StepLR(otherOptimizer, stepSize: 1, gamma: 0.5)
    let otherStream = Generator(seed: 12)
    try checkpoint.restore(model: other, optimizer: otherOptimizer, scheduler: otherScheduler, generator: otherStream)
    #expect(otherStream.getState() == stream.getState())
    #expect(other.buffer("seen")?.item(as: Int64.self) == 1)
    #expect(otherScheduler.lastLR == [0.05])
    optimizer.zeroGrad()
    otherOptimizer.zeroGrad()
    try other(x).pow(2).mean().backward()
    otherOptimizer.step()
    #expect(other.stateDict() == expected)
    #expect(checkpoint.position?.meanLoss == 0.25)
  }

  @Test func aCheckpointThatDoesNotFitChangesNothing() throws {
    let model = Net(generator: Generator(seed: 3))
    let optimizer = try SGD(model.parameters(), lr: 0.1)
    let checkpoint = TrainingCheckpoint(
      model: model, optimizer: optimizer, scheduler: nil, epoch: 0, iteration: 0, generator: Generator(seed: 1))
    let g = Generator(seed: 5)
    let wider = Sequential(Linear(4, 9, generator: g), ReLU(), Linear(9, 3, generator: g))
    let widerOptimizer = try SGD(wider.parameters(), lr: 0.3)
    let before = (wider.stateDict(), widerOptimizer.stateDict())
    #expect(throws: TrainingRestoreError.self) {
      try checkpoint.restore(model: wider, optimizer: widerOptimizer, scheduler: nil, generator: Generator(seed: 2))
    }
    #expect(wider.stateDict() == before.0 && widerOptimizer.stateDict() == before.1)
  }

  @Test func theMetricReachesOnlySchedulersThatUseIt() throws {
    let parameter = Tensor.zeros([1], requiresGrad: true)
    let optimizer = try SGD([parameter], lr: 1)
    let plateau = try ReduceLROnPlateau(optimizer, factor: 0.5, patience: 0)
    try plateau.step(reporting: 1)
    try plateau.step(reporting: 2)
    #expect(optimizer.learningRates == [0.5])
    let step = try StepLR(try SGD([parameter], lr: 1), stepSize: 1, gamma: 0.1)
    try step.step(reporting: 123)
    #expect(step.lastLR == [0.1])
    let once = try OneCycleLR(try SGD([parameter], lr: 1), maxLR: 1, totalSteps: 1)
    #expect(throws: LRSchedulerError.self) {
      try once.step(reporting: nil)
      try once.step(reporting: nil)
    }
  }

  @Test func nonFiniteLossesAndGradientsAreNamed() throws {
    let w = Tensor([1, 2], requiresGrad: true)
    let loss = (w * Tensor([Float.infinity, 1])).sum()
    try loss.backward()
    #expect(NonFinite.check(loss: loss, parameters: [w]) == .loss(.infinity))
    let finite = (w * 0).sum()
    #expect(
      NonFinite.check(loss: finite, parameters: [Tensor([1]), w])?.description
        == "a gradient of parameter 1 is not finite")
    w.grad = nil
    #expect(NonFinite.check(loss: finite, parameters: [w]) == nil)
  }
}

/// The LR range test leaves the model as it found it: parameters, BatchNorm's running
/// statistics and its int64 batch count (torch-lr-finder restores the whole `state_dict()`).
@Suite struct LRFinderRestoreTests {
  @Test func parametersAndBuffersAreRestoredBitForBit() throws {
    let g = Generator(seed: 5)
    let model = Sequential(Linear(6, 5, generator: g), BatchNorm1d(5), ReLU(), Linear(5, 2, generator: g))
    model.train()
    let x = Tensor.randn([16, 6], generator: g)
    let y = [0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0]
    let before = model.stateDict()
    func search(buffers: [Tensor]) throws {
      let optimizer = try SGD(model.parameters(), lr: 0.1, momentum: 0.9)
      _ = try LRFinder(startLR: 1e-3, endLR: 1, iterations: 20).run(
        optimizer: optimizer, parameters: model.parameters(), buffers: buffers
      ) { _ in crossEntropy(model(x), targets: y) }
    }
    try search(buffers: model.buffers())
    #expect(model.stateDict() == before)
    // Without the buffers the running statistics keep what the search did to them.
    try search(buffers: [])
    #expect(model.stateDict() != before)
    let after = model.stateDict()
    for (name, _) in model.namedParameters() { #expect(after[name] == before[name], "\(name)") }
    #expect(after["1.running_mean"] != before["1.running_mean"])
    #expect(after["1.num_batches_tracked"] != before["1.num_batches_tracked"])
  }
}
