// Copyright © 2026 the Anneal authors.

import AnnealLRScheduler
import AnnealOptim
import Foundation
import Testing
import _AnnealTestSupport

/// `anneal mnist --wd-scheduler` and its preview, `anneal schedule --hyperparameter`.
@Suite struct WeightDecayScheduleTests {
  static let spec = "CosineAnnealingLR(T_max=4, eta_min=0.4)"
  static let common = [
    "mnist", "--data-dir", AnnealBinary.mnist, "--optimizer", "adamw", "--lr", "0.001", "--weight-decay", "0.04",
    "--wd-scheduler", spec, "--step-every", "iteration", "--eval-every", "100",
  ]

  @Test func theRunFollowsTheScheduleAndResumesExactly() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let whole = try AnnealBinary.run(
      Self.common + ["--iterations", "6", "--save-model", dir.file("a"), "--save-checkpoint", dir.file("whole")])
    #expect(whole.status == 0, "\(whole.stderr)")
    let trace = try ScheduleTrace(spec: SchedulerSpec(parsing: Self.spec), lrs: [0.04], momentum: nil, steps: 6)
    let checkpoint = try TrainingCheckpoint(contentsOf: dir.file("whole"))
    #expect(checkpoint.optimizer.paramGroups.first?["weight_decay"]?.doubleValue == trace.lr[6][0])
    #expect(checkpoint.hyperparameterSchedulers["weight_decay"]?["last_epoch"]?.intValue == 6)

    let first = try AnnealBinary.run(Self.common + ["--iterations", "3", "--save-checkpoint", dir.file("ck")])
    #expect(first.status == 0, "\(first.stderr)")
    let rest = try AnnealBinary.run(
      Self.common + ["--iterations", "6", "--resume", dir.file("ck"), "--save-model", dir.file("b")])
    #expect(rest.status == 0, "\(rest.stderr)")
    #expect(
      try Data(contentsOf: dir.url.appendingPathComponent("a")) == Data(contentsOf: dir.url.appendingPathComponent("b"))
    )

    // The schedule is part of the run: resuming under another is refused, as is dropping it.
    var other = Self.common + ["--iterations", "6", "--resume", dir.file("ck")]
    other[other.firstIndex(of: Self.spec)!] = "StepLR(step_size=1)"
    let refused = try AnnealBinary.run(other)
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("was written with --wd-scheduler \(Self.spec)"), "\(refused.stderr)")
    let dropped = try AnnealBinary.run(
      [
        "mnist", "--data-dir", AnnealBinary.mnist, "--optimizer", "adamw", "--resume", dir.file("ck"), "--iterations",
        "6",
      ]
        + ["--lr", "0.001", "--weight-decay", "0.04", "--step-every", "iteration", "--eval-every", "100"])
    #expect(dropped.status == 1)
    #expect(dropped.stderr.contains("this run uses (none)"), "\(dropped.stderr)")
  }

  /// The scheduled weight decay is logged beside the learning rate: the value each step used.
  @Test func theLogsRecordTheScheduledWeightDecay() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let run = try AnnealBinary.run(
      Self.common + ["--iterations", "6", "--csv", dir.file("m.csv"), "--log", dir.file("m.jsonl")])
    #expect(run.status == 0, "\(run.stderr)")
    let trace = try ScheduleTrace(spec: SchedulerSpec(parsing: Self.spec), lrs: [0.04], momentum: nil, steps: 6)
    let rows = try String(contentsOfFile: dir.file("m.csv"), encoding: .utf8).split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    let column = try #require(rows.first?.firstIndex(of: "weight_decay_0"), "\(rows.first ?? [])")
    #expect(rows.dropFirst().map { Double($0[column]) } == trace.lr.prefix(6).map { $0[0] })
    let lines = try String(contentsOfFile: dir.file("m.jsonl"), encoding: .utf8).split(separator: "\n")
    // Read as text: Double(String) rounds correctly, Foundation's JSON numbers may not.
    let decays = lines.map { line -> Double? in
      guard let start = line.range(of: "\"weight_decay\": [") else { return nil }
      return Double(line[start.upperBound...].prefix { $0 != "]" && $0 != "," })
    }
    #expect(decays == trace.lr.prefix(6).map { $0[0] })
  }

  @Test func theSchedulePreviewIsTheRunsTrace() throws {
    let output = try AnnealBinary.run(
      ["schedule", Self.spec, "--lr", "0.04", "--hyperparameter", "weight_decay", "--steps", "4", "--format", "csv"])
    #expect(output.status == 0, "\(output.stderr)")
    let rows = output.stdout.split(separator: "\n")
    #expect(rows.first == "step,weight_decay_0,momentum_0")
    let trace = try ScheduleTrace(spec: SchedulerSpec(parsing: Self.spec), lrs: [0.04], momentum: nil, steps: 4)
    #expect(rows.dropFirst().map { Double($0.split(separator: ",")[1]) } == trace.lr.map { $0[0] })
  }

  @Test func aValueTheOptimizerRefusesStopsTheRun() throws {
    let output = try AnnealBinary.run(
      [
        "mnist", "--data-dir", AnnealBinary.mnist, "--optimizer", "adamw", "--wd-scheduler",
        "LambdaLR(lr_lambda=\"1 - epoch\")", "--step-every", "iteration", "--iterations", "5",
      ])
    #expect(output.status == 1)
    #expect(output.stderr.hasPrefix("Error: --wd-scheduler: Invalid weight_decay value: "), "\(output.stderr)")
    #expect(output.stderr.split(separator: "\n").count == 1)
  }
}
