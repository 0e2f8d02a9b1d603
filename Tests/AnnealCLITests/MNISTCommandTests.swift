// Copyright © 2026 the Anneal authors.

import Foundation
import Testing

/// `anneal mnist` end to end on the real MNIST files.
@Suite(.serialized) struct MNISTCommandTests {
  static let expectedLRs = [
    "[0.1]", "[0.010000000000000002]", "[0.0010000000000000002]", "[0.00010000000000000003]",
    "[1.0000000000000004e-05]",
  ]

  /// Checks the tutorial's output format and returns the final accuracy.
  func checkSeedOutput(_ output: AnnealBinary.Output) throws -> Double {
    #expect(output.status == 0, "stderr: \(output.stderr)")
    let lines = output.stdout.split(separator: "\n").map(String.init)
    let epochs = lines.filter { $0.hasPrefix("Epoch: ") }
    #expect(epochs == Self.expectedLRs.enumerated().map { "Epoch: \($0.offset), LR: \($0.element)" })
    let iterations = lines.filter { $0.hasPrefix("Iteration: ") }
    #expect(iterations.count == 6)
    #expect(lines.count == 11)
    let pattern = /Iteration: (\d+), Loss: \d+\.\d{4}, Accuracy: (\d+\.\d{2})%/
    var accuracy = 0.0
    for (index, line) in iterations.enumerated() {
      let match = try #require(line.wholeMatch(of: pattern), "\(line)")
      #expect(Int(match.1) == (index + 1) * 500)
      accuracy = try #require(Double(match.2))
    }
    return accuracy
  }

  @Test func seedProgramOnTheTestSplit() throws {
    let output = try AnnealBinary.run(["mnist", "--data-dir", AnnealBinary.mnist])
    let accuracy = try checkSeedOutput(output)
    #expect(accuracy >= 97.0)
  }

  /// Also runs the pure-Swift kernels, whether or not a CBLAS is installed.
  @Test func seedProgramEvaluatingOnTheTrainingSetLikeTheTutorial() throws {
    let output = try AnnealBinary.run(
      ["mnist", "--data-dir", AnnealBinary.mnist, "--eval-split", "train"], environment: ["ANNEAL_BLAS": "none"])
    let accuracy = try checkSeedOutput(output)
    #expect(accuracy >= 97.5)
  }

  @Test func sameSeedSameOutput() throws {
    let arguments = [
      "mnist", "--data-dir", AnnealBinary.mnist, "--iterations", "700", "--eval-every", "350", "--seed", "7",
    ]
    let first = try AnnealBinary.run(arguments)
    let second = try AnnealBinary.run(arguments)
    #expect(first.status == 0)
    #expect(first.stdout == second.stdout)
    #expect(first.stdout.split(separator: "\n").count == 4)  // 2 epochs started, 2 evaluations
    let other = try AnnealBinary.run([
      "mnist", "--data-dir", AnnealBinary.mnist, "--iterations", "700", "--eval-every", "350", "--seed", "8",
    ])
    #expect(other.stdout != first.stdout)
  }

  @Test func schedulerSpecAndEpochsOptions() throws {
    let output = try AnnealBinary.run([
      "mnist", "--data-dir", AnnealBinary.mnist, "--epochs", "2", "--eval-every", "1200", "--lr", "0.05",
      "--scheduler", "StepLR(optimizer, step_size=1, gamma=0.5)",
    ])
    #expect(output.status == 0, "\(output.stderr)")
    #expect(
      output.stdout.split(separator: "\n").filter { $0.hasPrefix("Epoch") } == [
        "Epoch: 0, LR: [0.05]", "Epoch: 1, LR: [0.025]",
      ])
  }
}

/// Bad input: one line on stderr, a non-zero exit, never a crash.
@Suite struct MNISTCommandErrorTests {
  func expectOneLineError(
    _ arguments: [String], containing text: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let output = try AnnealBinary.run(arguments)
    #expect(output.status != 0, sourceLocation: sourceLocation)
    #expect(output.status == 1, "a crash exits differently", sourceLocation: sourceLocation)
    let lines = output.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(output.stderr)", sourceLocation: sourceLocation)
    #expect(output.stderr.contains(text), "\(output.stderr)", sourceLocation: sourceLocation)
    #expect(output.stdout.isEmpty, sourceLocation: sourceLocation)
  }

  @Test func missingDataDirectory() throws {
    try expectOneLineError(
      ["mnist", "--data-dir", "/nonexistent/mnist"], containing: "MNIST files not found in /nonexistent/mnist")
  }

  @Test func unparsableScheduler() throws {
    try expectOneLineError(
      ["mnist", "--data-dir", "/nonexistent", "--scheduler", "StepLR(step_size=1, gama=0.1)"],
      containing: "StepLR got an unexpected keyword argument 'gama'; did you mean 'gamma'?")
    try expectOneLineError(["mnist", "--scheduler", "StepLR(step_size=1"], containing: "missing ')'")
    try expectOneLineError(["mnist", "--scheduler", "Cosine(T_max=3)"], containing: "unknown scheduler 'Cosine'")
  }

  @Test func truncatedAndForeignFiles() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("anneal-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    for name in [
      "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
      "t10k-labels-idx1-ubyte.gz",
    ] {
      try FileManager.default.copyItem(
        atPath: AnnealBinary.mnist + "/" + name, toPath: dir.appendingPathComponent(name).path)
    }
    let images = dir.appendingPathComponent("train-images-idx3-ubyte.gz")
    let full = try Data(contentsOf: images)
    try full.prefix(full.count / 2).write(to: images)
    try expectOneLineError(["mnist", "--data-dir", dir.path], containing: "truncated file")

    try Data("not an idx file at all".utf8).write(to: images)
    try expectOneLineError(["mnist", "--data-dir", dir.path], containing: "is not an IDX file")
  }
}
