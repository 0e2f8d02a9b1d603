// Copyright © 2026 the Anneal authors.

import AnnealLRScheduler
import Testing

/// Edge cases of PyTorch's `test/optim/test_lrscheduler.py` and of hostile specs: restores
/// bring back every attribute, Python's exceptions become errors, and nothing traps.
@Suite struct HardeningTests {
  static func trace(_ spec: String, steps: Int = 3) throws -> ScheduleTrace {
    try ScheduleTrace(spec: SchedulerSpec(parsing: spec), lrs: [0.1], momentum: nil, steps: steps)
  }

  static func message(_ body: () throws -> Void) -> String {
    do {
      try body()
      return "no error"
    } catch {
      return "\(error)"
    }
  }

  /// PyTorch's `_check_scheduler_state_dict`: a `triangular2` state loaded into a
  /// `triangular` scheduler of other sizes goes on exactly as the saved one.
  @Test func cyclicLRRestoresEveryAttribute() throws {
    let savedOptimizer = GroupsOnlyOptimizer(lrs: [0.1], momentum: 0.9)
    let saved = try CyclicLR(
      savedOptimizer, baseLR: 0.01, maxLR: 0.1, stepSizeUp: 3, stepSizeDown: 5, mode: .triangular2,
      baseMomentum: 0.7, maxMomentum: 0.95)
    for _ in 0..<11 { saved.step() }
    let otherOptimizer = GroupsOnlyOptimizer(lrs: [0.1], momentum: 0.9)
    let other = try CyclicLR(
      otherOptimizer, baseLR: 0.5, maxLR: 2, stepSizeUp: 10, mode: .triangular, cycleMomentum: false)
    try other.loadStateDict(saved.stateDict())
    otherOptimizer.schedulableGroups = savedOptimizer.schedulableGroups
    #expect(other.mode == .triangular2 && other.scaleMode == .cycle && other.cycleMomentum)
    #expect(other.totalSize == 8 && other.stepRatio == saved.stepRatio)
    for _ in 0..<30 {
      saved.step()
      other.step()
      #expect(other.lastLR == saved.lastLR)
      #expect(otherOptimizer.schedulableGroups.map(\.momentum) == savedOptimizer.schedulableGroups.map(\.momentum))
    }
    var broken = saved.stateDict()
    broken["mode"] = .string("sawtooth")
    #expect(throws: LRSchedulerError.self) { try other.loadStateDict(broken) }
  }

  /// OneCycleLR's state carries its cycle: loaded into one built with another length and
  /// strategy, it goes on as the saved one, and stops where the saved one stops.
  @Test func oneCycleLRRestoresItsCycle() throws {
    let savedOptimizer = GroupsOnlyOptimizer(lrs: [0.1], momentum: 0.9)
    let saved = try OneCycleLR(savedOptimizer, maxLR: 1, totalSteps: 20, annealStrategy: .linear, threePhase: true)
    for _ in 0..<5 { saved.step() }
    let otherOptimizer = GroupsOnlyOptimizer(lrs: [0.1], momentum: 0.9)
    let other = try OneCycleLR(otherOptimizer, maxLR: 1, totalSteps: 100)
    try other.loadStateDict(saved.stateDict())
    otherOptimizer.schedulableGroups = savedOptimizer.schedulableGroups
    #expect(other.totalSteps == saved.totalSteps && other.annealStrategy == .linear)
    for _ in 0..<15 {  // to the cycle's last step, 20
      try saved.step(reporting: nil)
      try other.step(reporting: nil)
      #expect(other.lastLR == saved.lastLR)
    }
    #expect(other.nextStepError != nil && saved.nextStepError != nil)
  }

  /// A group added after ReduceLROnPlateau was given per-group min_lr: PyTorch's RuntimeError
  /// when the learning rates are reduced, as a thrown error; a scalar min_lr just extends.
  @Test func reduceLROnPlateauAfterAddingAGroup() throws {
    let optimizer = GroupsOnlyOptimizer(lrs: [0.1])
    let plateau = try ReduceLROnPlateau(optimizer, patience: 0, minLR: [0.001])
    try plateau.step(reporting: 1.0)
    optimizer.schedulableGroups.append(SchedulableGroup(lr: 0.2))
    try plateau.step(reporting: 0.5)  // improves: nothing is reduced, nothing is wrong
    let error = Self.message { try plateau.step(reporting: 2.0) }
    #expect(error.hasPrefix("The number of param groups in the `optimizer` (2) differs"), "\(error)")
    #expect(optimizer.learningRates == [0.1, 0.2] && plateau.lastEpoch == 2, "a refused step changes nothing")
    plateau.minLRs = [0.001, 0.001]
    try plateau.step(reporting: 2.0)
    #expect(optimizer.learningRates[1] < 0.2)

    let scalar = GroupsOnlyOptimizer(lrs: [0.1])
    let extending = try ReduceLROnPlateau(scalar, patience: 0, minLR: 0.001)
    try extending.step(reporting: 1.0)
    scalar.schedulableGroups.append(SchedulableGroup(lr: 0.2))
    try extending.step(reporting: 2.0)
    #expect(extending.minLRs.count == 2)
  }

  /// Python raises; so does the spec, naming the expression.
  @Test(arguments: [
    ("LambdaLR(lr_lambda='1/0')", "'1/0' raised ZeroDivisionError: division by zero"),
    ("LambdaLR(lr_lambda='epoch % 0')", "'epoch % 0' raised ZeroDivisionError: integer modulo by zero"),
    ("LambdaLR(lr_lambda='epoch // 0.0')", "raised ZeroDivisionError: float floor division by zero"),
    ("LambdaLR(lr_lambda='1 / (epoch - 2)')", "raised ZeroDivisionError: division by zero"),
    ("LambdaLR(lr_lambda='0 ** -1')", "ZeroDivisionError: 0.0 cannot be raised to a negative power"),
    ("LambdaLR(lr_lambda='math.log(epoch)')", "raised ValueError: math domain error"),
    ("LambdaLR(lr_lambda='math.exp(1000 + epoch)')", "raised OverflowError: math range error"),
    ("LambdaLR(lr_lambda='10.0 ** (400 + epoch)')", "raised OverflowError"),
    ("LambdaLR(lr_lambda='int(1e400 * (epoch + 1))')", "OverflowError: cannot convert float infinity to integer"),
    ("LambdaLR(lr_lambda='lambda: 0.95')", "TypeError: <lambda>() takes 0 positional arguments but 1 was given"),
    ("MultiplicativeLR(lr_lambda='lambda: 0.95')", "TypeError: <lambda>() takes 0 positional arguments"),
    ("MultiplicativeLR(lr_lambda='1 / (3 - epoch)')", "'1 / (3 - epoch)' raised ZeroDivisionError"),
  ])
  func expressionsRaiseWherePythonRaises(spec: String, expected: String) {
    let error = Self.message { _ = try Self.trace(spec, steps: 4) }
    #expect(error.contains(expected), "\(error)")
    #expect(error.contains("lr_lambda"), "\(error)")
  }

  /// PyTorch checks `callable(lr_lambda)`; a bare number is not a function.
  @Test func aNumberIsNotALambda() throws {
    for name in ["LambdaLR", "MultiplicativeLR"] {
      let error = Self.message { _ = try Self.trace("\(name)(lr_lambda=0.95)") }
      #expect(error.contains("lr_lambda should be a function"), "\(error)")
    }
    // A constant function is written as one, and runs.
    #expect(
      try Self.trace("MultiplicativeLR(lr_lambda='lambda epoch: 0.5')").lr.map { $0[0] } == [0.1, 0.05, 0.025, 0.0125])
  }

  /// Every recursive construct counts towards the depth limit: no stack overflow.
  @Test(arguments: [
    "LambdaLR(lr_lambda='" + String(repeating: "-", count: 120_000) + "1')",
    "LambdaLR(lr_lambda='" + String(repeating: "2**", count: 30_000) + "1')",
    "LambdaLR(lr_lambda='" + String(repeating: "not ", count: 30_000) + "1')",
    "LambdaLR(lr_lambda='" + String(repeating: "1+", count: 100_000) + "1')",
    "StepLR(step_size=" + String(repeating: "-", count: 120_000) + "1)",
    "StepLR(step_size=" + String(repeating: "2**", count: 30_000) + "1)",
    "StepLR(step_size=" + String(repeating: "+", count: 120_000) + "1)",
    "LambdaLR(lr_lambda='" + String(repeating: "-", count: 70) + "1')",
  ])
  func deepSpecsAreRefused(spec: String) {
    let error = Self.message { _ = try Self.trace(spec) }
    #expect(
      error.contains("nested too deeply") || error.contains("nesting deeper") || error.contains("longer than"),
      "\(error.prefix(200))")
  }

  /// Shallow versions of the same constructs still work.
  @Test func shallowChainsStillParse() throws {
    #expect(try Self.trace("LambdaLR(lr_lambda='- - -1 * -1')").lr[1] == [0.1])
    #expect(try Self.trace("LambdaLR(lr_lambda='2 ** -1 ** 2')").lr[1] == [0.05])
  }

  /// Python's `//` and `%` in argument values, with Python's rounding and errors.
  @Test func floorDivisionAndModuloInArguments() throws {
    let spec = try SchedulerSpec(parsing: "StepLR(step_size=7 // 2, gamma=-7 % 3 / 4)")
    let reference = try SchedulerSpec(parsing: "StepLR(step_size=3, gamma=0.5)")
    let optimizer = GroupsOnlyOptimizer(lrs: [1])
    let step = try #require(try spec.makeScheduler(optimizer) as? StepLR)
    let expected = try #require(try reference.makeScheduler(GroupsOnlyOptimizer(lrs: [1])) as? StepLR)
    #expect(step.stepSize == expected.stepSize && step.gamma == expected.gamma)
    let error = Self.message { _ = try SchedulerSpec(parsing: "StepLR(step_size=7 // 0)") }
    #expect(error.contains("ZeroDivisionError: integer division or modulo by zero"), "\(error)")
  }
}
