// Copyright © 2026 the Anneal authors.

import Foundation
import Testing

/// Plots and the learning-rate finder, end to end.
@Suite struct PlotCommandTests {
  func temporary(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("anneal-\(UUID().uuidString)-\(name)").path
  }

  @Test func terminalPlotFitsEightyColumns() throws {
    let output = try AnnealBinary.run(
      ["schedule", "OneCycleLR(max_lr=0.1, total_steps=100)", "--steps", "99", "--plot"], environment: ["COLUMNS": "80"]
    )
    #expect(output.status == 0, "\(output.stderr)")
    let lines = output.stdout.split(separator: "\n")
    #expect(lines.allSatisfy { $0.count <= 80 })
    let braille = output.stdout.unicodeScalars.filter { (0x2801...0x28FF).contains($0.value) }.count
    #expect(braille > 100)
    #expect(output.stdout.contains("momentum"))
  }

  @Test func svgComparesSeveralSpecs() throws {
    let path = temporary("s.svg")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let output = try AnnealBinary.run([
      "schedule", "StepLR(step_size=10)", "CosineAnnealingLR(T_max=30)", "--steps", "30", "--svg", path, "--log-scale",
    ])
    #expect(output.status == 0, "\(output.stderr)")
    let svg = try String(contentsOfFile: path, encoding: .utf8)
    #expect(svg.hasPrefix("<svg"))
    #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
    #expect(svg.contains("CosineAnnealingLR(T_max=30)"))
    let several = try AnnealBinary.run(["schedule", "StepLR(step_size=10)", "CosineAnnealingLR(T_max=30)"])
    #expect(several.status != 0)
  }

  @Test func findLRSuggestsASensibleRateAndRestoresTheModel() throws {
    let path = temporary("f.svg")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let output = try AnnealBinary.run(["find-lr", "--data-dir", AnnealBinary.mnist, "--svg", path])
    #expect(output.status == 0, "\(output.stderr)")
    let line = try #require(output.stdout.split(separator: "\n").first { $0.hasPrefix("Suggested learning rate") })
    let value = try #require(Double(line.split(separator: " ").last ?? ""))
    #expect(value > 1e-3 && value < 1)
    #expect(output.stdout.contains("Model and optimizer restored."))
    let svg = try String(contentsOfFile: path, encoding: .utf8)
    #expect(svg.contains("steepest"))
  }
}

/// Training curves, metrics logs and the progress bar of `anneal mnist`.
@Suite struct TrainingOutputTests {
  @Test func logAndCurvesKeepTheOutputClean() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("anneal-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let log = folder.appendingPathComponent("m.jsonl").path
    let svg = folder.appendingPathComponent("m.svg").path
    let output = try AnnealBinary.run([
      "mnist", "--data-dir", AnnealBinary.mnist, "--iterations", "600", "--eval-every", "300", "--log", log, "--svg",
      svg,
    ])
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.split(separator: "\n").count == 3)
    #expect(!output.stdout.contains("it/s") && !output.stdout.contains("\u{1b}"))
    let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 600)
    // In iteration order, also around the evaluations that run on another thread.
    #expect(lines.enumerated().allSatisfy { $0.element.hasPrefix("{\"iteration\": \($0.offset + 1), ") })
    let record = try #require(
      try JSONSerialization.jsonObject(with: Data(lines[299].utf8)) as? [String: Any])
    #expect(record["iteration"] as? Int == 300)
    #expect((record["lr"] as? [Double]) == [0.1])
    #expect(record["accuracy"] is Double)
    #expect(try String(contentsOfFile: svg, encoding: .utf8).components(separatedBy: "<polyline").count - 1 == 3)
  }

  @Test func progressBarOnlyOnATerminal() throws {
    let script = "/usr/bin/script"
    try #require(FileManager.default.isExecutableFile(atPath: script), "util-linux's script provides a terminal")
    let binary = try #require(AnnealBinary.url).path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: script)
    process.arguments = [
      "-qec", "\(binary) mnist --data-dir \(AnnealBinary.mnist) --iterations 600 --eval-every 600", "/dev/null",
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.contains("it/s"))
    #expect(text.contains("Done: 600 iterations"))
    #expect(text.contains("Iteration: 600, Loss: "))
  }
}
