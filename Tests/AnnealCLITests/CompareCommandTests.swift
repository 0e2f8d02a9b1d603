// Copyright © 2026 the Anneal authors.

import AnnealTraining
import Foundation
import Testing
import _AnnealTestSupport

/// `anneal compare`, end to end on real MNIST (200 iterations per run).
@Suite struct CompareCommandTests {
  static let budget = ["--data-dir", AnnealBinary.mnist, "--iterations", "200", "--eval-every", "100"]

  /// The last row of a CSV file, by column name.
  static func lastRow(_ path: String) throws -> [String: String] {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    let header = try #require(lines.first).split(separator: ",", omittingEmptySubsequences: false)
    let values = try #require(lines.last).split(separator: ",", omittingEmptySubsequences: false)
    return Dictionary(uniqueKeysWithValues: zip(header.map(String.init), values.map(String.init)))
  }

  @Test func eachConfigurationEqualsItsRunAlone() throws {
    let folder = try TemporaryDirectory()
    let (csv, json, svg) = (
      folder.url.appendingPathComponent("c.csv").path, folder.url.appendingPathComponent("c.json").path,
      folder.url.appendingPathComponent("c.svg").path
    )
    let configurations = [
      "StepLR(step_size=1, gamma=0.1)", "OneCycleLR(max_lr=0.1, total_steps=200)", "SGDScheduleFree(lr=0.5)",
      "Adam(lr=0.001, betas=(0.8, 0.99)) CosineAnnealingLR(T_max=200) @iteration",
    ]
    let output = try AnnealBinary.run(
      ["compare"] + configurations + Self.budget + ["--csv", csv, "--json", json, "--svg", svg, "--no-plot"])
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.contains("Final acc") && output.stdout.contains("Leader: "))
    #expect(output.stdout.contains("With one seed the noise between seeds is not measured"))
    #expect(!output.stdout.contains("⣿"))
    // By default the runs at once divide the processors among them.
    let processors = ProcessInfo.processInfo.activeProcessorCount
    let (atOnce, threads) = ConcurrentRuns.placement(runs: configurations.count, processors: processors)
    let at = atOnce == 1 ? "one run at a time" : "\(atOnce) runs at once"
    let each = threads == 1 ? "one kernel thread each" : "\(threads) kernel threads each"
    #expect(output.stdout.contains("with \(at) (\(each)) on \(processors) processors"), "\(output.stdout)")
    let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").dropFirst()
    #expect(rows.count == configurations.count)

    // The same runs alone: OneCycleLR steps per iteration (auto), the others as written.
    let alone: [[String]] = [
      ["--scheduler", configurations[0]],
      ["--scheduler", configurations[1], "--step-every", "iteration"],
      ["--optimizer", "sgd-schedule-free", "--lr", "0.5"],
      [
        "--optimizer", "adam", "--lr", "0.001", "--betas", "0.8,0.99", "--scheduler", "CosineAnnealingLR(T_max=200)",
        "--step-every", "iteration",
      ],
    ]
    for (configuration, options) in zip(configurations, alone) {
      let path = folder.url.appendingPathComponent("alone.csv").path
      let single = try AnnealBinary.run(["mnist"] + Self.budget + options + ["--csv", path])
      #expect(single.status == 0, "\(single.stderr)")
      let printed = try #require(single.stdout.split(separator: "\n").last { $0.contains("Accuracy: ") })
      let last = try Self.lastRow(path)
      let row = try #require(rows.first { $0.hasPrefix(configuration) || $0.hasPrefix("\"\(configuration)\"") })
      let fields = row.split(separator: ",").suffix(7)
      // final_accuracy, best_accuracy, best_iteration, final_loss, lr_min, lr_max, wall_seconds
      let values = Array(fields)
      #expect(Float(values[0]) == Float(last["accuracy"] ?? ""), "\(configuration)")
      #expect(Float(values[3]) == Float(last["loss"] ?? ""), "\(configuration)")
      #expect(printed.hasSuffix(String(format: "Accuracy: %.2f%%", Double(Float(values[0]) ?? 0))))
      #expect(output.stdout.contains(String(format: "%.2f%%", Double(Float(values[0]) ?? 0))))
    }

    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
    let entries = try #require(report["configurations"] as? [[String: Any]])
    #expect(entries.map { $0["rank"] as? Int } == [1, 2, 3, 4])
    let oneCycle = try #require(entries.first { $0["configuration"] as? String == configurations[1] })
    #expect((oneCycle["details"] as? [String: String])?["step_every"] == "iteration")
    let scheduleFree = try #require(entries.first { $0["configuration"] as? String == configurations[2] })
    #expect((scheduleFree["details"] as? [String: String])?["scheduler"] == "ConstantLR(factor=1.0)")
    let picture = try String(contentsOfFile: svg, encoding: .utf8)
    #expect(picture.hasPrefix("<svg") && picture.hasSuffix("</svg>\n"))
    // Three charts with one curve per configuration.
    #expect(picture.components(separatedBy: "<polyline").count - 1 == 3 * configurations.count)
    #expect(picture.contains("OneCycleLR(max_lr=0.1, total_steps=200)"))
  }

  @Test func seedsGiveMeanAndSpreadAndAVerdict() throws {
    let folder = try TemporaryDirectory()
    let csv = folder.url.appendingPathComponent("s.csv").path
    let output = try AnnealBinary.run(
      ["compare", "StepLR(step_size=1, gamma=0.1)", "ConstantLR(factor=0.5) @epoch", "--seeds", "0,1", "--csv", csv]
        + Self.budget, environment: ["COLUMNS": "100", "ANNEAL_NUM_THREADS": "3"])
    #expect(output.status == 0, "\(output.stderr)")
    // A user's ANNEAL_NUM_THREADS is kept for every run.
    #expect(output.stdout.contains("(3 kernel threads each)"))
    #expect(output.stdout.contains(" ± "))
    #expect(output.stdout.contains("Welch's t-test over the seeds: p = "))
    #expect(output.stdout.contains("mean ± standard deviation over 2 seeds"))
    // The curves in the terminal, one legend line per configuration.
    #expect(output.stdout.contains("[2] ConstantLR(factor=0.5) @epoch"))
    #expect(output.stdout.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })
    #expect(output.stdout.split(separator: "\n").filter { $0.contains("┤") }.allSatisfy { $0.count <= 100 })
    let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").dropFirst()
    #expect(rows.count == 4)
    #expect(Set(rows.map { $0.split(separator: ",").dropLast(7).last ?? "" }) == ["0", "1"])
    // Progress goes to standard error when standard output is not a terminal.
    #expect(output.stderr.contains("[4/4] "))
  }

  @Test func badConfigurationsFailBeforeTraining() throws {
    let cases: [([String], String)] = [
      (["StepLR(step_size=1)", "Foo(x=1)"], "configuration 'Foo(x=1)': unknown scheduler 'Foo'"),
      (["StepLR(step_size=1)", "Adam(lr=0.1, foo=2)"], "unexpected keyword argument 'foo'"),
      (["StepLR(step_size=1)", "StepLR(step_size=1)"], "is given twice"),
      (["StepLR(step_size=1)", "adam sgd"], "two optimizers are named"),
      (["StepLR(step_size=1)", "StepLR(step_size=1) @hourly"], "is not @epoch or @iteration"),
      (["StepLR(step_size=1)", "StepLR(step_size=1"], "unclosed bracket"),
      (["StepLR(step_size=1)", "adam", "--seeds", "1,1"], "--seeds lists 1 twice"),
      (["StepLR(step_size=1)", "adam", "--eval-every", "500"], "--eval-every 500 exceeds the 200 iterations"),
    ]
    for (arguments, message) in cases {
      let output = try AnnealBinary.run(["compare"] + Self.budget + arguments)
      #expect(output.status == 1, "\(arguments)")
      #expect(output.stderr.contains(message), "\(arguments): \(output.stderr)")
      #expect(output.stderr.split(separator: "\n").count == 1, "\(output.stderr)")
    }
    let one = try AnnealBinary.run(["compare", "StepLR(step_size=1)"] + Self.budget)
    #expect(one.status != 0 && one.stderr.contains("at least two configurations"))
  }

  @Test func aFailingRunIsReportedAndNothingIsWritten() throws {
    let folder = try TemporaryDirectory()
    let csv = folder.url.appendingPathComponent("f.csv").path
    let output = try AnnealBinary.run(
      ["compare", "StepLR(step_size=1)", "OneCycleLR(max_lr=0.1, total_steps=50)", "--csv", csv] + Self.budget)
    #expect(output.status == 1)
    #expect(
      output.stderr.contains(
        "OneCycleLR(max_lr=0.1, total_steps=50): --scheduler 'OneCycleLR(max_lr=0.1, total_steps=50)' is shorter than the run"
      ), "\(output.stderr)")
    #expect(!FileManager.default.fileExists(atPath: csv))
  }
}
