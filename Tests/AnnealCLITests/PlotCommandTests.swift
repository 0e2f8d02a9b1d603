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
