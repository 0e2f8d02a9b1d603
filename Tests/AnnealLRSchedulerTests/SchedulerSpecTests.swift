// Copyright © 2026 the Anneal authors.

import AnnealLRScheduler
import Foundation
import Testing

@Suite struct SchedulerSpecTests {
  @Test func parsesPythonCallSyntax() throws {
    let spec = try SchedulerSpec(parsing: " StepLR( step_size = 30, gamma=1/10 ) ")
    #expect(spec.name == "StepLR")
    #expect(spec.keywords.map(\.name) == ["step_size", "gamma"])
    #expect(spec.keywords[0].value == .number(30, isInteger: true))
    #expect(spec.keywords[1].value == .number(0.1, isInteger: false))
  }

  @Test func parsesValues() throws {
    let spec = try SchedulerSpec(
      parsing: "X(1, -2.5e-3, 'cos', \"a\", True, None, [1, 2,], (3, 4), 2 ** 3, (1 + 2) * 3, Y(a=1), 1_000)")
    #expect(
      spec.positional == [
        .number(1, isInteger: true), .number(-0.0025, isInteger: false), .string("cos"), .string("a"), .bool(true),
        .none, .list([.number(1, isInteger: true), .number(2, isInteger: true)]),
        .list([.number(3, isInteger: true), .number(4, isInteger: true)]), .number(8, isInteger: true),
        .number(9, isInteger: true), .call(SchedulerSpec(name: "Y", keywords: [("a", .number(1, isInteger: true))])),
        .number(1000, isInteger: true),
      ])
    #expect(try SchedulerSpec(parsing: "X(a=0.95 ** 2)").keywords[0].value == .number(0.95 * 0.95, isInteger: false))
  }

  @Test func buildsStepLRFromAPastedLine() throws {
    for text in [
      "StepLR(step_size=1, gamma=0.1)", "StepLR(optimizer, step_size=1, gamma=0.1)", "StepLR(1, 0.1)",
      "torch.optim.lr_scheduler.StepLR(optimizer, 1)", "lr_scheduler.StepLR(step_size=1)",
    ] {
      let optimizer = GroupsOnlyOptimizer(lrs: [0.1])
      let scheduler = try SchedulerSpec(parsing: text).makeScheduler(optimizer)
      scheduler.step()
      #expect(scheduler.lastLR == [0.1 * 0.1], "\(text)")
    }
  }

  struct ErrorCase: Sendable, CustomTestStringConvertible {
    let spec: String
    let message: String
    var testDescription: String { spec }
  }

  static let errorCases: [ErrorCase] = [
    ErrorCase(spec: "StepRL(step_size=1)", message: "unknown scheduler 'StepRL'; did you mean 'StepLR'?"),
    ErrorCase(spec: "Foo(step_size=1)", message: "unknown scheduler 'Foo'"),
    ErrorCase(
      spec: "StepLR(step_size=1, gama=0.1)",
      message: "StepLR got an unexpected keyword argument 'gama'; did you mean 'gamma'?"),
    ErrorCase(spec: "StepLR(gamma=0.1)", message: "StepLR is missing the required argument 'step_size'"),
    ErrorCase(spec: "StepLR(step_size=0.5)", message: "StepLR: step_size must be an integer, got 0.5"),
    ErrorCase(spec: "StepLR(step_size='a')", message: "StepLR: step_size must be an integer, got 'a'"),
    ErrorCase(spec: "StepLR(step_size=0)", message: "StepLR: step_size must be a positive integer, got 0"),
    ErrorCase(spec: "StepLR(step_size=1, step_size=2)", message: "StepLR got multiple values for argument 'step_size'"),
    ErrorCase(spec: "StepLR(1, step_size=2)", message: "StepLR got multiple values for argument 'step_size'"),
    ErrorCase(
      spec: "StepLR(1, 0.1, -1, 4)", message: "StepLR takes at most 3 positional arguments besides the optimizer"),
    ErrorCase(
      spec: "StepLR(step_size=1", message: "invalid scheduler spec at character 19: missing ')' to close StepLR("),
    ErrorCase(
      spec: "StepLR step_size=1", message: "invalid scheduler spec at character 8: expected '(' after 'StepLR'"),
    ErrorCase(
      spec: "", message: "invalid scheduler spec at character 1: expected a scheduler name such as StepLR(...)"),
    ErrorCase(
      spec: "StepLR(step_size=1) extra",
      message: "invalid scheduler spec at character 21: unexpected 'e' after the call"),
    ErrorCase(
      spec: "StepLR(step_size=1, gamma=0.1 0.2)", message: "invalid scheduler spec at character 31: expected ',' or ')'"
    ),
    ErrorCase(spec: "StepLR(step_size=1/0)", message: "invalid scheduler spec at character 21: division by zero"),
    ErrorCase(
      spec: "StepLR(gamma=0.1, 1)",
      message: "invalid scheduler spec at character 19: positional argument follows keyword argument"),
    ErrorCase(spec: "StepLR(step_size=\"1)", message: "invalid scheduler spec at character 18: unterminated string"),
    ErrorCase(
      spec: "StepLR(step_size=gamma)",
      message: "invalid scheduler spec at character 18: unknown name 'gamma' (strings need quotes)"),
    ErrorCase(spec: "CosineAnnealingLR(T_max=0)", message: "CosineAnnealingLR: T_max must be positive, got 0.0"),
    ErrorCase(
      spec: "OneCycleLR(max_lr=0.1)",
      message: "OneCycleLR: You must define either total_steps OR (epochs AND steps_per_epoch)"),
    ErrorCase(
      spec: "OneCycleLR(max_lr=0.1, total_steps=10, pct_start=1)",
      message: "OneCycleLR: Expected float between 0 and 1 pct_start, but got 1"),
    ErrorCase(
      spec: "CyclicLR(base_lr=0.1, max_lr=1, mode='tri')", message: "CyclicLR: mode is invalid and scale_fn is None"),
    ErrorCase(
      spec: "LambdaLR(lr_lambda='0.9 ** epochs')",
      message:
        "invalid scheduler spec at character 8: unknown name 'epochs' in expression; use 'epoch', numbers, math.* functions, min, max, abs"
    ),
    ErrorCase(
      spec: "SequentialLR(schedulers=[StepLR(step_size=1)], milestones=[2])",
      message:
        "SequentialLR: Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers 1 and the number of milestones to be equal to 1"
    ),
    ErrorCase(spec: "ReduceLROnPlateau(factor=1.5)", message: "ReduceLROnPlateau: Factor should be < 1.0."),
    ErrorCase(
      spec: "CosineAnnealingWarmRestarts(T_0=0)",
      message: "CosineAnnealingWarmRestarts: Expected positive integer T_0, but got 0"),
    ErrorCase(
      spec: "CosineAnealingLR(T_max=3)",
      message: "unknown scheduler 'CosineAnealingLR'; did you mean 'CosineAnnealingLR'?"),
    ErrorCase(
      spec: "CyclicLR(base_lr=[0.1, 0.2], max_lr=1)",
      message:
        "CyclicLR: base_lr must have the same length as optimizer.param_groups. base_lr has 2 values, param_groups has 1."
    ),
    ErrorCase(spec: "StepLR(step_size=1e)", message: "invalid scheduler spec at character 20: malformed exponent"),
  ]

  @Test(arguments: errorCases)
  func errorsAreOneClearLine(_ c: ErrorCase) {
    do {
      _ = try SchedulerSpec(parsing: c.spec).makeScheduler(GroupsOnlyOptimizer(lrs: [0.1]))
      Issue.record("expected an error for \(c.spec)")
    } catch {
      #expect(error.description == c.message)
      #expect(!error.description.contains("\n"))
    }
  }

  @Test func deepNestingIsRejectedNotOverflowed() {
    let text = "X(a=" + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + ")"
    #expect(throws: SpecError.self) { try SchedulerSpec(parsing: text) }
  }

  @Test func descriptionRoundTrips() throws {
    let spec = try SchedulerSpec(parsing: "StepLR(step_size=30, gamma=0.5)")
    #expect(spec.description == "StepLR(step_size=30, gamma=0.5)")
    #expect(try SchedulerSpec(parsing: spec.description) == spec)
  }

  /// Values beyond `Int` (found by the fuzzer: an integer literal of 43 digits as a lambda)
  /// become floats, as Python's big integers would print; they never trap.
  @Test func hugeIntegersAndUnboundedCyclesDoNotTrap() throws {
    let huge = try ScheduleTrace(
      spec: SchedulerSpec(parsing: "LambdaLR('626666666666666666666662666666666666666666')"), lrs: [0.1], momentum: nil,
      steps: 2)
    #expect(huge.lr[1][0] == 0.1 * 626666666666666666666662666666666666666666.0)
    let floor = try PythonExpression("math.floor(1e300) + math.ceil(-1e300)")
    #expect(try floor(0) == 0)
    // Found by the fuzzer: an integer power with a huge exponent must not loop for hours
    // (and then divides by zero, as Python says).
    #expect(throws: PythonExpression.EvaluationError.self) { try PythonExpression("332/0**12**12*80")(0) }
    #expect(try PythonExpression("(-1) ** 12345678901")(0) == -1)
    #expect(try PythonExpression("3 ** 39 - 3 ** 38 * 3")(0) == 0, "exact in Int")
    #expect(try PythonExpression("7 ** 30")(0) == pow(7.0, 30), "beyond Int: a float")
    // cycle_mul < 1: the cycles end after t_initial / (1 − cycle_mul) steps; then lr_min.
    let shrinking = try ScheduleTrace(
      spec: SchedulerSpec(parsing: "CosineLRScheduler(t_initial=10, cycle_mul=0.5, cycle_limit=1000, lr_min=0.001)"),
      lrs: [0.1], momentum: nil, steps: 30)
    #expect(shrinking.lr[29] == [0.001])
    #expect(throws: SpecError.self) {
      try SchedulerSpec(parsing: "CosineLRScheduler(t_initial=10, cycle_mul=0)").validate()
    }
    #expect(throws: SpecError.self) {
      try SchedulerSpec(parsing: "CosineAnnealingWarmRestarts(T_0=100000000000000000000000)").validate()
    }
  }
}
