// Copyright © 2026 the Anneal authors.

import AnnealOptim
import Foundation
import Testing

/// Ctrl-C, SIGTERM and SIGKILL during `anneal mnist`: the run saves or keeps a loadable
/// checkpoint, and continuing it gives exactly the uninterrupted run.
@Suite struct InterruptionTests {
  static func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("anneal-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Interrupting mid-epoch (after an evaluation drew from the generator) and resuming gives
  /// byte-identical weights and, concatenated, the uninterrupted run's output. The plateau
  /// scheduler steps on the epoch's mean loss, so the loss sum before the interruption counts.
  @Test(arguments: [SIGINT, SIGTERM])
  func interruptedRunResumesExactly(signal: Int32) throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let common = [
      "mnist", "--data-dir", AnnealBinary.mnist, "--epochs", "3", "--eval-every", "250",
      "--scheduler", "ReduceLROnPlateau(patience=0, factor=0.5, threshold=0.6)",
    ]
    let ck = dir.appendingPathComponent("ck").path
    let a = dir.appendingPathComponent("a.safetensors").path
    let b = dir.appendingPathComponent("b.safetensors").path
    let whole = try AnnealBinary.run(common + ["--save-model", a])
    #expect(whole.status == 0, "\(whole.stderr)")
    #expect(whole.stdout.contains("Epoch: 2, LR: [0.05]"), "the scheduler must act for the test to mean something")

    let first = try AnnealBinary.run(common + ["--save-checkpoint", ck], signal: signal) {
      $0.hasPrefix("Iteration: 750,")
    }
    #expect(first.status == 128 + signal)
    let saved = try TrainingCheckpoint(contentsOf: ck)
    // The run gets a little further before it sees the signal; how far depends on the load.
    #expect(saved.iteration >= 750 && saved.iteration < 1800)
    #expect(saved.position != nil && saved.epoch == (saved.iteration - 1) / 600)
    let verb = signal == SIGINT ? "Interrupted" : "Terminated"
    let metricNote = "Note: ReduceLROnPlateau receives the mean training loss of each epoch as its metric\n"
    #expect(
      first.stderr
        == metricNote + "\(verb) after iteration \(saved.iteration); saved \(ck) (continue with --resume \(ck))\n")

    let rest = try AnnealBinary.run(common + ["--resume", ck, "--save-model", b])
    #expect(rest.status == 0, "\(rest.stderr)")
    #expect(first.stdout + rest.stdout == whole.stdout)
    #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)))
  }

  /// A run stopped by `--iterations` within an epoch saves its position; continuing it to the
  /// end equals training to the end at once.
  @Test func runEndingMidEpochContinuesExactly() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let common = ["mnist", "--data-dir", AnnealBinary.mnist, "--eval-every", "400"]
    let ck = dir.appendingPathComponent("ck").path
    let a = dir.appendingPathComponent("a.safetensors").path
    let b = dir.appendingPathComponent("b.safetensors").path
    let whole = try AnnealBinary.run(common + ["--iterations", "1000", "--save-model", a])
    let first = try AnnealBinary.run(common + ["--iterations", "450", "--save-checkpoint", ck])
    let again = try AnnealBinary.run(common + ["--iterations", "450", "--resume", ck])
    let rest = try AnnealBinary.run(common + ["--iterations", "1000", "--resume", ck, "--save-model", b])
    #expect([whole, first, again, rest].allSatisfy { $0.status == 0 })
    #expect(again.stdout.isEmpty, "a finished run has nothing left to do")
    #expect(first.stdout + rest.stdout == whole.stdout)
    #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)))
  }

  /// SIGKILL at random moments while a checkpoint is rewritten after every iteration: whatever
  /// the moment, the file on disk is a complete, verified checkpoint, and it only moves forward.
  @Test func killDuringCheckpointWritesLeavesALoadableCheckpoint() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let ck = dir.appendingPathComponent("ck").path
    let common = [
      "mnist", "--data-dir", AnnealBinary.mnist, "--iterations", "100000", "--eval-every", "100000",
      "--save-checkpoint", ck, "--checkpoint-every", "1",
    ]
    #expect(
      try AnnealBinary.run(Array(common.dropLast(4)) + ["--iterations", "5", "--save-checkpoint", ck]).status == 0)
    var generator = SystemRandomNumberGenerator()
    var lastIteration = try TrainingCheckpoint(contentsOf: ck).iteration
    var advanced = 0
    for _ in 0..<12 {
      let modified = try FileManager.default.attributesOfItem(atPath: ck)[.modificationDate] as? Date
      let process = Process()
      process.executableURL = AnnealBinary.url
      process.arguments = common + ["--resume", ck]
      process.standardOutput = FileHandle.nullDevice
      try process.run()
      // Wait for checkpoint writes to begin, then kill at a random moment among them.
      let deadline = Date().addingTimeInterval(30)
      while Date() < deadline,
        (try? FileManager.default.attributesOfItem(atPath: ck)[.modificationDate] as? Date) == modified
      {
        usleep(1000)
      }
      usleep(UInt32.random(in: 0..<200_000, using: &generator))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      #expect(process.terminationReason == .uncaughtSignal)
      let checkpoint = try TrainingCheckpoint(contentsOf: ck)
      #expect(checkpoint.iteration >= lastIteration)
      if checkpoint.iteration > lastIteration { advanced += 1 }
      lastIteration = checkpoint.iteration
    }
    #expect(advanced >= 10, "the runs must have got to write checkpoints")
  }
}
