// Copyright © 2026 the Anneal authors.

import Foundation
import Testing

/// `anneal mnist` checkpoints, resuming, optimizers and weight files, end to end.
@Suite struct TrainingStateCommandTests {
  static func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("anneal-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func resumedRunEndsWithByteIdenticalWeights() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let common = [
      "mnist", "--data-dir", AnnealBinary.mnist, "--optimizer", "adam", "--lr", "0.001", "--eval-every", "600",
      "--scheduler", "OneCycleLR(max_lr=0.005, total_steps=1200)", "--step-every", "iteration",
    ]
    let ck = dir.appendingPathComponent("ck").path
    let first = try AnnealBinary.run(common + ["--epochs", "1", "--save-checkpoint", ck])
    #expect(first.status == 0, "\(first.stderr)")
    let resumed = try AnnealBinary.run(
      common + ["--epochs", "2", "--resume", ck, "--save-model", dir.appendingPathComponent("b.safetensors").path])
    let whole = try AnnealBinary.run(
      common + ["--epochs", "2", "--save-model", dir.appendingPathComponent("a.safetensors").path])
    #expect(resumed.status == 0 && whole.status == 0, "\(resumed.stderr) \(whole.stderr)")
    let a = try Data(contentsOf: dir.appendingPathComponent("a.safetensors"))
    let b = try Data(contentsOf: dir.appendingPathComponent("b.safetensors"))
    #expect(a == b)
    #expect(whole.stdout.hasSuffix(resumed.stdout))
    #expect(resumed.stdout.hasPrefix("Epoch: 1, LR: "))
  }

  /// The CNNs resume too: pytorch/examples' network (its dropout masks come from the default
  /// generator, which the checkpoint carries) and the batch-normalised one (whose running
  /// statistics are buffers in the checkpoint), stopped within an epoch.
  @Test(arguments: ["cnn", "cnn-bn"])
  func aCNNResumedWithinAnEpochEndsWithByteIdenticalWeights(model: String) throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let common = [
      "mnist", "--data-dir", AnnealBinary.mnist, "--model", model, "--optimizer", "adadelta", "--lr", "1.0",
      "--scheduler", "StepLR(step_size=1, gamma=0.7)", "--batch-size", "16", "--eval-every", "40",
    ]
    let ck = dir.appendingPathComponent("ck").path
    let first = try AnnealBinary.run(common + ["--iterations", "25", "--save-checkpoint", ck])
    #expect(first.status == 0, "\(first.stderr)")
    let resumed = try AnnealBinary.run(
      common + ["--iterations", "40", "--resume", ck, "--save-model", dir.appendingPathComponent("b.safetensors").path])
    let whole = try AnnealBinary.run(
      common + ["--iterations", "40", "--save-model", dir.appendingPathComponent("a.safetensors").path])
    #expect(resumed.status == 0 && whole.status == 0, "\(resumed.stderr) \(whole.stderr)")
    let a = try Data(contentsOf: dir.appendingPathComponent("a.safetensors"))
    let b = try Data(contentsOf: dir.appendingPathComponent("b.safetensors"))
    #expect(a == b)
    #expect(whole.stdout.contains("Iteration: 40, Loss: "), "\(whole.stdout)")
    #expect(whole.stdout.hasSuffix(resumed.stdout))
    // A checkpoint of one network does not resume another.
    let other = try AnnealBinary.run(
      [
        "mnist", "--data-dir", AnnealBinary.mnist, "--model", model == "cnn" ? "cnn-bn" : "cnn", "--optimizer",
        "adadelta", "--lr", "1.0", "--scheduler", "StepLR(step_size=1, gamma=0.7)", "--batch-size", "16",
        "--iterations", "40", "--resume", ck,
      ])
    #expect(other.status != 0 && other.stderr.contains("was written with --model \(model)"), "\(other.stderr)")
  }

  @Test func resumeRefusesDamagedOrForeignCheckpoints() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let ck = dir.appendingPathComponent("ck").path
    let base = ["mnist", "--data-dir", AnnealBinary.mnist, "--iterations", "600", "--eval-every", "600"]
    #expect(try AnnealBinary.run(base + ["--save-checkpoint", ck]).status == 0)
    let other = try AnnealBinary.run(base + ["--resume", ck, "--hidden", "50", "--iterations", "1200"])
    #expect(other.status == 1)
    #expect(other.stderr.contains("was written with --hidden 100, this run uses 50"))
    var bytes = try Data(contentsOf: URL(fileURLWithPath: ck))
    bytes[bytes.count - 100] ^= 0xff
    try bytes.write(to: URL(fileURLWithPath: ck))
    let damaged = try AnnealBinary.run(base + ["--resume", ck, "--iterations", "1200"])
    #expect(damaged.status == 1)
    #expect(damaged.stderr.split(separator: "\n").count == 1)
    #expect(damaged.stderr.contains("is damaged"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: ck)) == bytes, "a failed resume must not touch the checkpoint")
  }

  @Test(arguments: [
    ["--optimizer", "sgd", "--lr", "0.1"], ["--optimizer", "adam", "--lr", "0.001"],
    ["--optimizer", "adamw", "--lr", "0.001", "--betas", "0.8,0.99"], ["--optimizer", "rmsprop", "--lr", "0.001"],
    ["--optimizer", "adagrad", "--lr", "0.05"], ["--optimizer", "adadelta", "--lr", "1.0"],
  ])
  func everyOptimizerTrains(_ options: [String]) throws {
    let output = try AnnealBinary.run(
      ["mnist", "--data-dir", AnnealBinary.mnist, "--iterations", "300", "--eval-every", "300"] + options)
    #expect(output.status == 0, "\(output.stderr)")
    let accuracy = output.stdout.split(separator: " ").last.flatMap { Double($0.dropLast(2)) } ?? 0
    #expect(accuracy > 85, "\(output.stdout)")
  }

  @Test func initWeightsStartsFromSavedWeights() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let model = dir.appendingPathComponent("m.safetensors").path
    let trained = try AnnealBinary.run([
      "mnist", "--data-dir", AnnealBinary.mnist, "--iterations", "600", "--eval-every", "600", "--save-model", model,
    ])
    let frozen = try AnnealBinary.run([
      "mnist", "--data-dir", AnnealBinary.mnist, "--iterations", "1", "--eval-every", "1", "--lr", "0",
      "--init-weights", model,
    ])
    #expect(trained.status == 0 && frozen.status == 0, "\(frozen.stderr)")
    let accuracy = { (text: String) in text.split(separator: ",").last.map(String.init) ?? "" }
    #expect(accuracy(trained.stdout) == accuracy(frozen.stdout))
    let missing = try AnnealBinary.run(["mnist", "--data-dir", AnnealBinary.mnist, "--init-weights", "/nonexistent.st"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("cannot access /nonexistent.st: no such file"))
  }
}

/// Numerical faults: a NaN loss stops training with the iteration and learning rate, or is
/// skipped on request, and never overwrites a checkpoint.
@Suite struct NumericalFaultTests {
  @Test func nanStopsWithTheIterationAndLearningRate() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("anneal-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let ck = folder.appendingPathComponent("ck").path
    try Data("previous checkpoint".utf8).write(to: URL(fileURLWithPath: ck))
    let output = try AnnealBinary.run([
      "mnist", "--data-dir", AnnealBinary.mnist, "--lr", "1e30", "--iterations", "50", "--save-checkpoint", ck,
    ])
    #expect(output.status == 1)
    #expect(output.stderr.split(separator: "\n").count == 1)
    #expect(output.stderr.contains("iteration 2: the loss is NaN at LR [1e+30]"), "\(output.stderr)")
    #expect(try String(contentsOfFile: ck, encoding: .utf8) == "previous checkpoint")
    let skipping = try AnnealBinary.run([
      "mnist", "--data-dir", AnnealBinary.mnist, "--lr", "1e30", "--iterations", "5", "--on-nan", "skip",
    ])
    #expect(skipping.status == 0)
    #expect(skipping.stdout.contains("Skipped iteration 5: the loss is NaN at LR [1e+30]"), "\(skipping.stdout)")
  }
}
