// Copyright © 2026 the Anneal authors.

import Foundation
import Testing
import _AnnealTestSupport

/// Where `anneal mnist` and `anneal find-lr` find their data (the bundled copy, ./data,
/// downloads) and the small things a new user trips over, on the built binary.
@Suite struct DataAndPapercutTests {
  /// A mirror nothing listens on: a run that tried to download would fail.
  static let noNetwork = ["ANNEAL_MNIST_MIRRORS": "http://127.0.0.1:9/"]

  @Test func withoutADataFolderTheBundledCopyTrainsOffline() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let output = try AnnealBinary.run(
      ["mnist", "--iterations", "2", "--eval-every", "2"], environment: Self.noNetwork, directory: dir.url)
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.contains("Iteration: 2, Loss: "))
    #expect(!output.stderr.contains("Downloading"))
    // Nothing is written beside the user's files.
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
  }

  @Test func aDownloadSaysWhatItFetchesAndFindLRFetchesLikeMNIST() throws {
    let server = try LocalHTTPServer(root: URL(fileURLWithPath: SharedData.mnistDirectory))
    defer { server.stop() }
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let output = try AnnealBinary.run(
      ["find-lr", "--download", "--iterations", "3"],
      environment: ["ANNEAL_MNIST_MIRRORS": server.baseURL.absoluteString],
      directory: dir.url)
    #expect(output.status == 0, "\(output.stderr)")
    for file in ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"] {
      #expect(output.stderr.contains("Downloading \(server.baseURL.absoluteString)\(file)"), "\(output.stderr)")
      #expect(output.stderr.contains("\(file): done"))
      #expect(FileManager.default.fileExists(atPath: dir.file("data/MNIST/\(file)")))
    }
    #expect(output.stdout.contains("LR range test: 3 of 3 steps"))
    // Results stay on standard output, download chatter on standard error.
    #expect(!output.stdout.contains("Downloading"))
  }

  @Test func aFailedDownloadLeavesNoFolderAndSuggestsDataDir() throws {
    let empty = try TemporaryDirectory()
    defer { empty.remove() }
    let server = try LocalHTTPServer(root: empty.url)
    defer { server.stop() }
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let output = try AnnealBinary.run(
      ["mnist", "--download", "--iterations", "1"],
      environment: ["ANNEAL_MNIST_MIRRORS": server.baseURL.absoluteString],
      directory: dir.url)
    #expect(output.status == 1)
    let lastLine = output.stderr.split(separator: "\n").last.map(String.init) ?? ""
    #expect(lastLine.hasPrefix("Error: could not download "), "\(output.stderr)")
    #expect(lastLine.contains("HTTP status 404"))
    #expect(lastLine.contains("--data-dir"))
    #expect(output.stdout.isEmpty)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
  }

  @Test func missingFilesAreExplainedInTheCLIsWords() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let output = try AnnealBinary.run(["mnist", "--data-dir", dir.path], environment: Self.noNetwork)
    #expect(output.status == 1)
    #expect(output.stderr.contains("MNIST files not found in \(dir.path)"), "\(output.stderr)")
    #expect(output.stderr.contains("--download"))
    #expect(!output.stderr.contains("download: true"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
  }

  @Test func optionValuesIgnoreLetterCase() throws {
    let output = try AnnealBinary.run(
      [
        "mnist", "--data-dir", AnnealBinary.mnist, "--optimizer", "Adam", "--dataset", "MNIST", "--step-every",
        "Iteration", "--iterations", "2", "--eval-every", "2",
      ])
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.contains("Iteration: 2, "))
    let schedule = try AnnealBinary.run(["schedule", "StepLR(step_size=1)", "--steps", "1", "--optimizer", "ADAM"])
    #expect(schedule.status == 0, "\(schedule.stderr)")
    // A value that is no spelling of any case is still refused, with the choices.
    let wrong = try AnnealBinary.run(["mnist", "--optimizer", "adamm", "--data-dir", AnnealBinary.mnist])
    #expect(wrong.status != 0)
    #expect(wrong.stderr.contains("adam"))
  }

  /// `mnist` and `find-lr` declare the data and model options once, so they read alike.
  @Test func sharedOptionsReadAlikeInBothCommands() throws {
    func options(_ command: String) throws -> [String] {
      let help = try AnnealBinary.run([command, "--help"])
      #expect(help.status == 0)
      let wanted = ["--data-dir", "--dataset", "--download", "--model", "--hidden"]
      // Each option's line and its wrapped continuation lines.
      var blocks: [String] = []
      var current: String?
      for line in help.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        // An option starts two spaces in; its wrapped help is indented further.
        if line.hasPrefix("  -") {
          if let current { blocks.append(current) }
          current = wanted.contains(where: { trimmed.hasPrefix($0 + " ") || trimmed.hasPrefix($0 + "/") }) ? line : nil
        } else if let block = current, !trimmed.isEmpty {
          current = block + "\n" + line
        } else if let block = current {
          blocks.append(block)
          current = nil
        }
      }
      if let current { blocks.append(current) }
      return blocks
    }
    let mnist = try options("mnist")
    #expect(mnist.count == 5, "\(mnist)")
    #expect(try options("find-lr") == mnist)
  }

  @Test func aScheduleShorterThanTheRunIsRefusedBeforeTraining() throws {
    let output = try AnnealBinary.run(
      [
        "mnist", "--data-dir", AnnealBinary.mnist, "--scheduler", "OneCycleLR(max_lr=0.1, total_steps=100)",
        "--step-every", "iteration", "--iterations", "200",
      ])
    #expect(output.status == 1)
    #expect(output.stdout.isEmpty, "training started: \(output.stdout)")
    #expect(
      output.stderr
        == "Error: --scheduler 'OneCycleLR(max_lr=0.1, total_steps=100)' is shorter than the run, which steps it once "
        + "per iteration (--step-every iteration), 200 times: OneCycleLR: Tried to step 101 times. The specified "
        + "number of total steps is 100\n")
    // Per epoch: 3 epochs of 600 batches step it 3 times.
    let epochs = try AnnealBinary.run(
      [
        "mnist", "--data-dir", AnnealBinary.mnist, "--scheduler", "OneCycleLR(max_lr=0.1, total_steps=2)",
        "--epochs", "3",
      ])
    #expect(epochs.status == 1)
    #expect(epochs.stderr.contains("once per epoch, 3 times (1800 iterations of 600)"), "\(epochs.stderr)")
    // Exactly as long as the run is fine.
    let fits = try AnnealBinary.run(
      [
        "mnist", "--data-dir", AnnealBinary.mnist, "--scheduler", "OneCycleLR(max_lr=0.1, total_steps=100)",
        "--step-every", "iteration", "--iterations", "100", "--eval-every", "100",
      ])
    #expect(fits.status == 0, "\(fits.stderr)")
  }

  @Test func reduceLROnPlateauSaysOnceWhichMetricItGets() throws {
    for (stepEvery, expected) in [
      ("epoch", "ReduceLROnPlateau receives the mean training loss of each epoch as its metric"),
      ("iteration", "ReduceLROnPlateau receives each iteration's training loss as its metric"),
    ] {
      let output = try AnnealBinary.run(
        [
          "mnist", "--data-dir", AnnealBinary.mnist, "--scheduler", "ReduceLROnPlateau(patience=0)", "--step-every",
          stepEvery, "--iterations", "3", "--eval-every", "3",
        ])
      #expect(output.status == 0, "\(output.stderr)")
      #expect(output.stderr.components(separatedBy: expected).count == 2, "\(output.stderr)")
      #expect(!output.stdout.contains("metric"))
    }
    let plain = try AnnealBinary.run(["mnist", "--data-dir", AnnealBinary.mnist, "--iterations", "1"])
    #expect(!plain.stderr.contains("metric"))
  }
}
