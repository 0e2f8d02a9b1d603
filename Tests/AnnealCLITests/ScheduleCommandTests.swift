// Copyright © 2026 the Anneal authors.

import Foundation
import Testing

/// `anneal schedule` end to end: the JSON it prints equals PyTorch's for every golden trace.
@Suite struct ScheduleCommandTests {
  struct Case: Decodable, Sendable {
    let spec: String
    let lrs: [Double]
    let steps: Int
    let optimizer: String
    let momentum: Double
    let metrics: [Double]
    let lr: [[Double]]
    let momentum_rows: [[Double]]
  }

  struct Fixture: Decodable { let cases: [Case] }

  struct Output: Decodable, Equatable {
    let lr: [[Double]]
    let momentum: [[Double]]
  }

  static func arguments(_ c: Case) -> [String] {
    var arguments = ["schedule", c.spec, "--steps", String(c.steps), "--optimizer", c.optimizer, "--format", "json"]
    for lr in c.lrs { arguments += ["--lr", String(lr)] }
    if c.optimizer == "sgd" { arguments += ["--momentum", String(c.momentum)] }
    if !c.metrics.isEmpty { arguments += ["--metrics", c.metrics.map { String($0) }.joined(separator: ",")] }
    return arguments
  }

  @Test func jsonMatchesPyTorchForEveryGoldenTrace() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("AnnealLRSchedulerTests/Fixtures/schedules.json")
    let cases = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url)).cases
    #expect(cases.count > 50)
    for c in cases {
      let output = try AnnealBinary.run(Self.arguments(c))
      #expect(output.status == 0, "\(c.spec): \(output.stderr)")
      let printed = try JSONDecoder().decode(Output.self, from: Data(output.stdout.utf8))
      #expect(printed == Output(lr: c.lr, momentum: c.momentum_rows), "\(c.spec)")
    }
  }

  @Test func printsShortestRoundTripDecimalsLikePython() throws {
    let output = try AnnealBinary.run([
      "schedule", "StepLR(step_size=1, gamma=0.1)", "--steps", "4", "--format", "json",
    ])
    #expect(
      output.stdout
        == "{\"lr\": [[0.1], [0.010000000000000002], [0.0010000000000000002], [0.00010000000000000003], "
        + "[1.0000000000000004e-05]], \"momentum\": [[0.0], [0.0], [0.0], [0.0], [0.0]]}\n")
  }

  @Test func csvAndTableFormats() throws {
    let csv = try AnnealBinary.run([
      "schedule", "ExponentialLR(gamma=0.5)", "--lr", "1", "--lr", "0.5", "--steps", "2", "--format", "csv",
    ])
    #expect(
      csv.stdout
        == "step,lr_0,lr_1,momentum_0,momentum_1\n0,1.0,0.5,0.0,0.0\n1,0.5,0.25,0.0,0.0\n2,0.25,0.125,0.0,0.0\n")
    let table = try AnnealBinary.run(["schedule", "ExponentialLR(gamma=0.5)", "--lr", "1", "--steps", "1"])
    #expect(table.stdout == "step   lr  momentum\n   0  1.0       0.0\n   1  0.5       0.0\n")
  }

  @Test(arguments: [
    (
      ["schedule", "CosineAnealingLR(T_max=3)"],
      "unknown scheduler 'CosineAnealingLR'; did you mean 'CosineAnnealingLR'?"
    ),
    (["schedule", "StepLR(step_size=2, gama=0.5)"], "did you mean 'gamma'?"),
    (["schedule", "StepLR(step_size=2"], "missing ')'"),
    (
      ["schedule", "OneCycleLR(max_lr=0.1, total_steps=100)", "--steps", "101"],
      "Tried to step 101 times. The specified number of total steps is 100"
    ),
    (["schedule", "ReduceLROnPlateau()", "--steps", "3"], "needs one metric per step"),
    (["schedule", "ReduceLROnPlateau()", "--steps", "2", "--metrics", "1,x"], "--metrics: 'x' is not a number"),
    (["schedule", "LambdaLR(lr_lambda='epoch ** ')"], "unexpected end of expression"),
  ])
  func errorsAreOneLine(_ arguments: [String], _ message: String) throws {
    let output = try AnnealBinary.run(arguments)
    #expect(output.status == 1)
    #expect(output.stderr.split(separator: "\n").count == 1, "\(output.stderr)")
    #expect(output.stderr.contains(message), "\(output.stderr)")
  }
}
