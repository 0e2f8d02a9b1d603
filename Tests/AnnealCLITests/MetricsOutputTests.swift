// Copyright © 2026 the Anneal authors.

import Foundation
import Testing
import _AnnealTestSupport

/// `--csv` and `--tensorboard` on the built binary (`Scripts/check_tensorboard.py` reads a full
/// run with TensorBoard's own reader; the event framing is tested in `TensorBoardTests`).
@Suite struct MetricsOutputTests {
  static func occurrences(of text: String, in data: Data) -> Int {
    let needle = Data(text.utf8)
    var count = 0
    var start = data.startIndex
    while let range = data.range(of: needle, in: start..<data.endIndex) {
      count += 1
      start = range.upperBound
    }
    return count
  }

  @Test func csvHasARowPerIterationAndTensorBoardAnEventPerIteration() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let common = [
      "mnist", "--data-dir", AnnealBinary.mnist, "--eval-every", "4", "--csv", dir.file("m.csv"), "--tensorboard",
      dir.file("runs"),
    ]
    let first = try AnnealBinary.run(common + ["--iterations", "6", "--save-checkpoint", dir.file("ck")])
    #expect(first.status == 0, "\(first.stderr)")
    let rest = try AnnealBinary.run(common + ["--iterations", "10", "--resume", dir.file("ck")])
    #expect(rest.status == 0, "\(rest.stderr)")

    let rows = try String(contentsOfFile: dir.file("m.csv"), encoding: .utf8).split(separator: "\n")
    #expect(rows.first == "iteration,epoch,loss,lr_0,momentum_0,accuracy,elapsed")
    // One header, then iterations 1...10 across the resumed run.
    #expect(rows.dropFirst().map { Int($0.split(separator: ",")[0]) } == Array(1...10))
    let evaluated = rows.dropFirst().filter { $0.split(separator: ",", omittingEmptySubsequences: false)[5] != "" }
    #expect(evaluated.map { Int($0.split(separator: ",")[0]) } == [4, 8])
    #expect(rows[1].split(separator: ",")[3...4] == ["0.1", "0.9"])

    // A resumed run adds its own event file; TensorBoard reads the folder as one run.
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.file("runs")).sorted()
    #expect(files.count == 2)
    #expect(files.allSatisfy { $0.hasPrefix("events.out.tfevents.") })
    let events = try files.map { try Data(contentsOf: URL(fileURLWithPath: dir.file("runs/\($0)"))) }
    #expect(events.map { Self.occurrences(of: "train/loss", in: $0) } == [6, 4])
    #expect(events.map { Self.occurrences(of: "eval/accuracy", in: $0) } == [1, 1])
    #expect(events.map { Self.occurrences(of: "brain.Event:2", in: $0) } == [1, 1])
  }

  @Test func unwritableMetricsOutputsFailBeforeTraining() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try dir.write(Data("x".utf8), to: "file")
    for (option, path) in [("--csv", dir.file("none/m.csv")), ("--tensorboard", dir.file("file"))] {
      let output = try AnnealBinary.run(["mnist", "--data-dir", AnnealBinary.mnist, option, path])
      #expect(output.status == 1)
      #expect(output.stdout.isEmpty)
      #expect(output.stderr.hasPrefix("Error: cannot "), "\(option): \(output.stderr)")
      #expect(output.stderr.contains(path))
    }
  }
}
