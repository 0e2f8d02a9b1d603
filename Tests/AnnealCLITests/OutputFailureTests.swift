// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealOptim
import Foundation
import Testing

/// Outputs and resources that fail — a full device, a closed standard output, a file-size
/// limit, a missing folder, an existing checkpoint, counts and sizes that cannot be honoured:
/// every case ends with one line naming the system's reason and a non-zero status, before
/// training where it can be known before, and nothing the user saved changes.
@Suite struct OutputFailureTests {
  static let short = ["mnist", "--data-dir", AnnealBinary.mnist, "--iterations", "2", "--eval-every", "1000"]

  static func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("anneal-out-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// One line on standard error, no trap, no backtrace.
  static func expectOneLine(_ output: AnnealBinary.Output, _ expected: String, status: Int32 = 1) {
    #expect(output.status == status, "\(output.stderr)")
    #expect(output.stderr.contains(expected), "\(output.stderr)")
    #expect(!output.stderr.contains("Fatal error") && !output.stderr.contains("Backtrace"), "\(output.stderr)")
    #expect(output.stderr.split(separator: "\n").count == 1, "\(output.stderr)")
  }

  @Test(arguments: [
    ["schedule", "StepLR(step_size=2)", "--steps", "5"],
    ["schedule", "StepLR(step_size=2)", "--steps", "5", "--format", "json"],
    ["schedule", "StepLR(step_size=2)", "--steps", "5", "--plot"],
    ["info"],
  ])
  func commandsReportAFullStandardOutput(arguments: [String]) throws {
    Self.expectOneLine(
      try AnnealBinary.run(arguments, shell: "", redirect: ">/dev/full"),
      "cannot write standard output: No space left on device")
    Self.expectOneLine(
      try AnnealBinary.run(arguments, shell: "", redirect: ">&-"), "cannot write standard output: Bad file descriptor")
  }

  /// ArgumentParser's help goes through C's buffered stdout, checked at exit.
  @Test(arguments: [["--help"], ["schedule", "--help"], ["--version"]])
  func helpReportsAFullStandardOutput(arguments: [String]) throws {
    Self.expectOneLine(
      try AnnealBinary.run(arguments, shell: "", redirect: ">/dev/full"),
      "cannot write standard output: No space left on device")
  }

  @Test func trainingReportsAFullOrClosedStandardOutput() throws {
    Self.expectOneLine(
      try AnnealBinary.run(Self.short, shell: "", redirect: ">/dev/full"),
      "cannot write standard output: No space left on device")
    Self.expectOneLine(
      try AnnealBinary.run(Self.short, shell: "", redirect: ">&-"), "cannot write standard output: Bad file descriptor")
  }

  @Test func aLogOnAFullDeviceStopsTheRun() throws {
    Self.expectOneLine(
      try AnnealBinary.run(Self.short + ["--log", "/dev/full"]), "cannot write /dev/full: No space left on device")
  }

  /// A file-size limit (`ulimit -f`) fails the write of the weights part-way: the error names
  /// the reason, the previous file is intact and no temporary file is left beside it.
  @Test func aWriteThatFailsPartWayKeepsThePreviousFile() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let model = dir.appendingPathComponent("m.safetensors").path
    let before = Data("previous weights".utf8)
    try before.write(to: URL(fileURLWithPath: model))
    // SIGXFSZ ignored, so that the write returns EFBIG instead of the signal ending the process.
    let output = try AnnealBinary.run(Self.short + ["--save-model", model], shell: "trap '' XFSZ; ulimit -f 8;")
    Self.expectOneLine(output, "cannot write \(model): File too large")
    #expect(try Data(contentsOf: URL(fileURLWithPath: model)) == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["m.safetensors"])
  }

  /// Every output path is checked before the data is loaded and the first step is taken.
  @Test(arguments: ["--save-model", "--save-checkpoint", "--svg", "--log"])
  func unwritableOutputsFailBeforeTraining(option: String) throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let missing = dir.appendingPathComponent("nodir/out").path
    let output = try AnnealBinary.run(Self.short + [option, missing])
    Self.expectOneLine(output, "cannot write \(missing): No such file or directory")
    if option != "--log" { #expect(output.stderr.contains("\(option): cannot write"), "\(output.stderr)") }
    #expect(output.stdout.isEmpty, "nothing may be trained before the check")
    let folderAsFile = try AnnealBinary.run(Self.short + [option, dir.path])
    Self.expectOneLine(folderAsFile, "cannot write \(dir.path): Is a directory")
    let same = try AnnealBinary.run(
      Self.short + [
        "--save-model", dir.appendingPathComponent("x").path, "--svg", dir.appendingPathComponent("x").path,
      ])
    Self.expectOneLine(same, "--save-model and --svg name the same file")
  }

  /// Overwriting keeps the file's permissions; a symbolic link is written through.
  @Test func overwritingKeepsModeAndLinks() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let model = dir.appendingPathComponent("m.safetensors").path
    let link = dir.appendingPathComponent("link.safetensors").path
    try Data().write(to: URL(fileURLWithPath: model))
    chmod(model, 0o600)
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "m.safetensors")
    let output = try AnnealBinary.run(Self.short + ["--save-model", link])
    #expect(output.status == 0, "\(output.stderr)")
    var status = stat()
    #expect(stat(model, &status) == 0 && status.st_mode & 0o777 == 0o600)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "m.safetensors")
    #expect(try SafeTensors.read(from: model).names.contains("fc1.weight"))
  }

  /// A second interrupted run without --save-checkpoint does not replace the first one's
  /// checkpoint, nor a file of the user's that happens to have the name.
  @Test func interruptedRunsNeverClobberACheckpoint() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let mine = Data("the user's file".utf8)
    try mine.write(to: dir.appendingPathComponent("anneal-interrupted.ckpt"))
    let arguments = ["mnist", "--data-dir", AnnealBinary.mnist, "--eval-every", "100"]
    for round in 2...3 {
      let output = try AnnealBinary.run(arguments, signal: SIGINT, directory: dir) { $0.hasPrefix("Iteration: 100,") }
      #expect(output.status == 128 + SIGINT, "\(output.stderr)")
      #expect(output.stderr.contains("saved anneal-interrupted-\(round).ckpt"), "\(output.stderr)")
      _ = try TrainingCheckpoint(contentsOf: dir.appendingPathComponent("anneal-interrupted-\(round).ckpt").path)
    }
    #expect(try Data(contentsOf: dir.appendingPathComponent("anneal-interrupted.ckpt")) == mine)
  }

  /// Hyperparameters the checkpoint holds cannot be given again with --resume with another
  /// value (it would be silently ignored); the same value, as in a repeated command line, is fine.
  @Test func resumeRefusesOtherHyperparameters() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let ck = dir.appendingPathComponent("ck").path
    let first = try AnnealBinary.run(Self.short + ["--lr", "0.05", "--seed", "3", "--save-checkpoint", ck])
    #expect(first.status == 0, "\(first.stderr)")
    let resume = ["mnist", "--data-dir", AnnealBinary.mnist, "--iterations", "4", "--resume", ck]
    for option in [
      ["--lr", "0.01"], ["--momentum", "0.5"], ["--weight-decay", "0.1"], ["--betas", "0.8,0.9"], ["--no-nesterov"],
      ["--seed", "4"],
    ] {
      let output = try AnnealBinary.run(resume + option)
      Self.expectOneLine(output, "would be ignored: leave it out")
      #expect(output.stdout.isEmpty)
    }
    let same = try AnnealBinary.run(resume + ["--lr", "0.05", "--seed", "3", "--momentum", "0.9", "--nesterov"])
    #expect(same.status == 0, "\(same.stderr)")
    let weights = try AnnealBinary.run(resume + ["--init-weights", "w.safetensors"])
    #expect(weights.status == 64 && weights.stderr.contains("--init-weights cannot be combined with --resume"))
  }

  /// Counts that do not fit an Int, or a forged checkpoint whose epoch is 2⁶³−1, give a message.
  @Test func hugeCountsAreRefusedNotTrappedOn() throws {
    Self.expectOneLine(
      try AnnealBinary.run(Self.short + ["--epochs", "15372286728091294"]), "--epochs 15372286728091294 is too many")
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    // Int.max iterations: trains (and would for ages); SIGTERM saves as usual.
    let endless = try AnnealBinary.run(
      ["mnist", "--data-dir", AnnealBinary.mnist, "--iterations", "9223372036854775807", "--eval-every", "50"],
      signal: SIGTERM, directory: dir
    ) { $0.hasPrefix("Iteration: 50,") }
    #expect(endless.status == 128 + SIGTERM, "\(endless.stderr)")
    var forged = try TrainingCheckpoint(contentsOf: dir.appendingPathComponent("anneal-interrupted.ckpt").path)
    forged.epoch = Int.max
    forged.iteration = Int.max
    let path = dir.appendingPathComponent("forged.ckpt").path
    try forged.write(to: path)
    Self.expectOneLine(
      try AnnealBinary.run(
        ["mnist", "--data-dir", AnnealBinary.mnist, "--resume", path, "--iterations", "9223372036854775807"]),
      "holds a malformed position")
  }

  @Test func impossibleSizesAreRefused() throws {
    let huge = try AnnealBinary.run(Self.short + ["--hidden", "10000000000"])
    Self.expectOneLine(huge, "--hidden 10000000000 needs about")
    #expect(huge.stdout.isEmpty)
    Self.expectOneLine(
      try AnnealBinary.run(["schedule", "StepLR(step_size=1)", "--steps", "1000000000", "--plot"]),
      "--plot and --svg draw at most 1000000 steps")
  }

  /// A billion steps stream: the first rows arrive at once, in constant memory.
  @Test func longSchedulesStream() throws {
    guard let url = AnnealBinary.url else { throw CocoaError(.fileNoSuchFile) }
    let process = Process()
    process.executableURL = url
    process.arguments = ["schedule", "StepLR(step_size=1, gamma=0.5)", "--steps", "1000000000", "--format", "csv"]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    var text = ""
    while text.split(separator: "\n").count < 3, case let chunk = out.fileHandleForReading.availableData,
      !chunk.isEmpty
    {
      text += String(decoding: chunk, as: UTF8.self)
    }
    process.terminate()
    process.waitUntilExit()
    #expect(text.hasPrefix("step,lr_0,momentum_0\n0,0.1,0.0\n1,0.05,0.0\n"))
  }

  /// Negative numbers are values, not flags.
  @Test func negativeOptionValues() throws {
    let common = ["schedule", "ReduceLROnPlateau(patience=0)", "--steps", "3", "--format", "csv"]
    let plateau = try AnnealBinary.run(common + ["--metrics", "-0.8,-0.7,-0.6", "--lr", "-0"])
    let attached = try AnnealBinary.run(common + ["--metrics=-0.8,-0.7,-0.6", "--lr=-0"])
    #expect(plateau.status == 0, "\(plateau.stderr)")
    #expect(plateau.stdout == attached.stdout && attached.status == 0)
    let negative = try AnnealBinary.run(["mnist", "--lr", "-1"])
    #expect(negative.status == 64)
    #expect(negative.stderr.contains("--lr must be a non-negative number"), "\(negative.stderr)")
  }
}
