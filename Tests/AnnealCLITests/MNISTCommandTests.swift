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

  /// Also runs Anneal's own kernels, whether or not a CBLAS is installed, and IEEE denormals
  /// (the other test flushes them, the default).
  @Test func seedProgramEvaluatingOnTheTrainingSetLikeTheTutorial() throws {
    let output = try AnnealBinary.run(
      ["mnist", "--data-dir", AnnealBinary.mnist, "--eval-split", "train", "--no-flush-denormal"],
      environment: ["ANNEAL_BLAS": "none"])
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

  /// The acceptance list of hostile inputs: each gives one line on stderr and a non-zero exit,
  /// and leaves every existing file — data, the checkpoint and the weights named by
  /// `--save-checkpoint` and `--save-model` — exactly as it was.
  @Test func hostileInputsTouchNothing() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("anneal-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    for name in [
      "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
      "t10k-labels-idx1-ubyte.gz",
    ] {
      try FileManager.default.copyItem(atPath: AnnealBinary.mnist + "/" + name, toPath: path(name))
    }
    let saved = try AnnealBinary.run([
      "mnist", "--data-dir", dir.path, "--iterations", "5", "--save-checkpoint", path("run.ckpt"), "--save-model",
      path("model.safetensors"),
    ])
    #expect(saved.status == 0, "\(saved.stderr)")
    func snapshot() throws -> [String: Data] {
      var files: [String: Data] = [:]
      for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
        files[name] = try Data(contentsOf: dir.appendingPathComponent(name))
      }
      return files
    }
    let outputs = ["--save-checkpoint", path("run.ckpt"), "--save-model", path("model.safetensors")]

    func expectRefused(_ extra: [String], _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
      let before = try snapshot()
      let output = try AnnealBinary.run(["mnist", "--data-dir", dir.path, "--iterations", "10"] + outputs + extra)
      #expect(output.status == 1, "\(output.stderr)", sourceLocation: sourceLocation)
      #expect(output.stderr.split(separator: "\n").count == 1, "\(output.stderr)", sourceLocation: sourceLocation)
      #expect(output.stderr.contains(text), "\(output.stderr)", sourceLocation: sourceLocation)
      #expect(try snapshot() == before, "no existing file may change", sourceLocation: sourceLocation)
    }
    func idx(_ header: [UInt8], _ count: Int) -> Data { Data(header + [UInt8](repeating: 1, count: count)) }

    // A truncated gzip file.
    let images = try Data(contentsOf: URL(fileURLWithPath: path("train-images-idx3-ubyte.gz")))
    try images.prefix(images.count / 3).write(to: URL(fileURLWithPath: path("train-images-idx3-ubyte.gz")))
    try expectRefused([], "train-images-idx3-ubyte.gz is not a valid gzip file")
    try images.write(to: URL(fileURLWithPath: path("train-images-idx3-ubyte.gz")))
    // A forged header claiming 2^31 images; an uncompressed file is found first.
    try idx([0, 0, 8, 3, 0x80, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28], 784).write(
      to: URL(fileURLWithPath: path("train-images-idx3-ubyte")))
    try expectRefused([], "train-images-idx3-ubyte declares")
    try FileManager.default.removeItem(atPath: path("train-images-idx3-ubyte"))
    // A labels file one label short.
    try idx([0, 0, 8, 1, 0, 0, 0xea, 0x5f], 59_999).write(to: URL(fileURLWithPath: path("train-labels-idx1-ubyte")))
    try expectRefused([], "59999 labels for 60000 images")
    try FileManager.default.removeItem(atPath: path("train-labels-idx1-ubyte"))
    // A bad spec.
    try expectRefused(["--scheduler", "StepLR(step_size=0)"], "step_size")
    // A damaged checkpoint, which is also the one to be written.
    var checkpoint = try Data(contentsOf: URL(fileURLWithPath: path("run.ckpt")))
    checkpoint[checkpoint.count / 2] ^= 0x10
    try checkpoint.write(to: URL(fileURLWithPath: path("run.ckpt")))
    try expectRefused(["--resume", path("run.ckpt")], "run.ckpt is damaged")
    // And a truncated one.
    try checkpoint.prefix(checkpoint.count - 1000).write(to: URL(fileURLWithPath: path("run.ckpt")))
    try expectRefused(["--resume", path("run.ckpt")], "run.ckpt")
  }
}
