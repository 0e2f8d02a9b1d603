// Copyright © 2026 the Anneal authors.

import AnnealLRScheduler
import Testing

/// Where Anneal deliberately does better than PyTorch's known bugs.
@Suite struct ImprovementTests {
  /// pytorch/pytorch#68978: ReduceLROnPlateau cannot be part of a SequentialLR.
  @Test func plateauAfterWarmupInSequentialLR() throws {
    let optimizer = GroupsOnlyOptimizer(lrs: [0.1])
    let warmup = try LinearLR(optimizer, startFactor: 0.5, totalIters: 3)
    let plateau = try ReduceLROnPlateau(optimizer, factor: 0.5, patience: 1)
    let scheduler = try SequentialLR(optimizer, schedulers: [warmup, plateau], milestones: [3])
    #expect(scheduler.requiresMetric)
    let metrics = [5.0, 4.0, 3.0, 2.0, 2.0, 2.0, 2.0, 2.0, 1.0]
    var lrs = [scheduler.lastLR[0]]
    for metric in metrics {
      scheduler.step(metric: metric)
      lrs.append(scheduler.lastLR[0])
    }
    // Warmup 0.05 → 0.1 over 3 epochs (LinearLR's own values), then the plateau starts from
    // the initial 0.1 with 2.0 as its baseline: two bad epochs halve it, twice.
    let reference = try LinearLR(GroupsOnlyOptimizer(lrs: [0.1]), startFactor: 0.5, totalIters: 3)
    var warmupValues = [reference.lastLR[0]]
    for _ in 0..<2 {
      reference.step()
      warmupValues.append(reference.lastLR[0])
    }
    #expect(Array(lrs.prefix(3)) == warmupValues)
    #expect(Array(lrs.dropFirst(3)) == [0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025])
  }

  @Test func plateauChainedWithExponentialDecay() throws {
    let optimizer = GroupsOnlyOptimizer(lrs: [1.0])
    let decay = try ExponentialLR(optimizer, gamma: 0.5)
    let plateau = try ReduceLROnPlateau(optimizer, factor: 0.1, patience: 0)
    let scheduler = try ChainedScheduler([decay, plateau])
    scheduler.step(metric: 1.0)  // improves: decay only
    #expect(scheduler.lastLR == [0.5])
    scheduler.step(metric: 2.0)  // worse: decay, then the plateau cuts by 10
    #expect(scheduler.lastLR == [0.5 * 0.5 * 0.1])
  }

  /// pytorch/pytorch#162591: resuming SequentialLR with last_epoch restores the wrong LR.
  @Test(arguments: [0, 2, 4, 6, 9])
  func sequentialLRResumesByEpochNumber(lastEpoch: Int) throws {
    func build(_ optimizer: GroupsOnlyOptimizer, lastEpoch: Int = -1) throws -> SequentialLR {
      let warmup = try LinearLR(optimizer, startFactor: 0.1, totalIters: 5)
      let cosine = try CosineAnnealingLR(optimizer, tMax: 10)
      return try SequentialLR(optimizer, schedulers: [warmup, cosine], milestones: [5], lastEpoch: lastEpoch)
    }
    let original = GroupsOnlyOptimizer(lrs: [0.1])
    let uninterrupted = try build(original)
    var expected: [[Double]] = [uninterrupted.lastLR]
    var groupsAfter: [[SchedulableGroup]] = [original.schedulableGroups]
    for _ in 0..<14 {
      uninterrupted.step()
      expected.append(uninterrupted.lastLR)
      groupsAfter.append(original.schedulableGroups)
    }
    // A new process: the optimizer restored as it was after epoch `lastEpoch`.
    let restored = GroupsOnlyOptimizer(lrs: [0.1])
    restored.schedulableGroups = groupsAfter[lastEpoch]
    let resumed = try build(restored, lastEpoch: lastEpoch)
    #expect(resumed.lastEpoch == lastEpoch + 1)
    var trace = [resumed.lastLR]
    while trace.count + lastEpoch + 1 < expected.count {
      resumed.step()
      trace.append(resumed.lastLR)
    }
    #expect(trace == Array(expected[(lastEpoch + 1)...]))
  }

  @Test func oneCycleReportsThePyTorchErrorBeforeSteppingPastTheEnd() throws {
    let scheduler = try OneCycleLR(GroupsOnlyOptimizer(lrs: [0.1], momentum: 0.9), maxLR: 0.1, totalSteps: 3)
    for _ in 0..<3 {
      #expect(scheduler.nextStepError == nil)
      scheduler.step()
    }
    #expect(
      scheduler.nextStepError
        == .invalidArgument("Tried to step 4 times. The specified number of total steps is 3"))
  }

  @Test func momentumCyclingNeedsAMomentum() {
    #expect(
      throws: LRSchedulerError.invalidArgument(
        "optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
    ) {
      try CyclicLR(GroupsOnlyOptimizer(lrs: [0.1]), baseLR: 0.01, maxLR: 0.1)
    }
  }

  /// PyTorch's `test_CosineAnnealingWarmRestarts_lr3`: fractional and out-of-order epochs.
  @Test func warmRestartsWithExplicitEpochs() throws {
    let scheduler = try CosineAnnealingWarmRestarts(GroupsOnlyOptimizer(lrs: [0.05]), t0: 10, tMult: 2)
    let epochs: [Double] = [0, 1, 2, 3, 4, 5, 25, 32, 33, 34, 80, 81, 3]
    let tCur: [Double] = [0, 1, 2, 3, 4, 5, 15, 2, 3, 4, 10, 11, 3]
    let tI = [10, 10, 10, 10, 10, 10, 20, 40, 40, 40, 80, 80, 10]
    for (index, epoch) in epochs.enumerated() {
      scheduler.step(epoch: epoch)
      #expect(scheduler.tCur == tCur[index], "epoch \(epoch)")
      #expect(scheduler.tI == tI[index], "epoch \(epoch)")
    }
    scheduler.step(epoch: 26.5)
    #expect(scheduler.lastEpoch == 26)
    #expect(scheduler.tCur == 16.5)
  }
}
