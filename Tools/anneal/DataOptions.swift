// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealBundledMNIST
import AnnealData
import ArgumentParser
import Foundation
import Synchronization

/// Where `anneal mnist` and `anneal find-lr` find their images, declared once for both.
struct DataOptions: ParsableArguments {
  @Option(
    help: """
      Folder holding the four IDX files (.gz or raw) of --dataset (default: ./data/<dataset> if it \
      exists, else for MNIST the copy shipped with Anneal, else ./data/<dataset>, downloaded).
      """)
  var dataDir: String?

  @Option(help: "The images: MNIST digits, Zalando's Fashion-MNIST or Kuzushiji-MNIST (torchvision's files).")
  var dataset: MNISTDataset = .mnist

  @Flag(
    inversion: .prefixedNo,
    help: "Download missing files (default: only into ./data/<dataset>, never into a --data-dir).")
  var download: Bool?

  /// The folder to read and whether to download into it.
  ///
  /// An explicit `--data-dir` downloads only with `--download`, so that a mistyped path is an
  /// error, not a surprise download. Without it, `./data/<dataset>` (PyTorch's `root="./data"`)
  /// is used when it exists, and completed by downloading; then the bundled MNIST (read-only,
  /// no network); then `./data/<dataset>`, downloaded.
  var source: (root: String, download: Bool) {
    let variant = dataset.variant
    if let dataDir { return (dataDir, download ?? false) }
    let local = "./data/\(variant.name)"
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: local, isDirectory: &isDirectory), isDirectory.boolValue {
      return (local, download ?? true)
    }
    if dataset == .mnist, download != true, let bundled = BundledMNIST.directory { return (bundled, false) }
    return (local, download ?? true)
  }

  /// Loads the training split and, when `test` is set, the test split, concurrently (the
  /// decompression takes most of the time). A download that fails leaves no folder it made.
  func load(test: Bool) async throws -> (train: MNIST, test: MNIST?) {
    let source = self.source
    let made = MNIST.foldersMissing(on: source.root)
    do {
      async let train = load(train: true, from: source)
      async let testSplit = test ? load(train: false, from: source) : nil
      return (try await train, try await testSplit)
    } catch {
      // Innermost first; rmdir leaves any folder that holds something.
      for folder in made.reversed() { rmdir(folder) }
      throw error
    }
  }

  /// Loads a split from `source`, telling on standard error what a download fetches.
  private func load(train: Bool, from source: (root: String, download: Bool)) async throws(CLIError) -> MNIST {
    let (root, download) = source
    let mirrors = try Self.mirrors()
    do {
      return try await MNIST(
        root: root, train: train, variant: dataset.variant, download: download, mirrors: mirrors,
        progress: download ? DownloadReporter.shared.report : nil)
    } catch {
      throw CLIError(message: message(for: error, root: root))
    }
  }

  /// `ANNEAL_MNIST_MIRRORS`: base URLs separated by commas that replace the dataset's own
  /// mirrors (torchvision: assigning `MNIST.mirrors`), e.g. a copy on the local network.
  static func mirrors() throws(CLIError) -> [URL]? {
    guard let text = ProcessInfo.processInfo.environment["ANNEAL_MNIST_MIRRORS"], !text.isEmpty else { return nil }
    return try text.split(separator: ",").map { (part: Substring) throws(CLIError) -> URL in
      let trimmed = part.trimmingCharacters(in: .whitespaces)
      guard let url = URL(string: trimmed.hasSuffix("/") ? trimmed : trimmed + "/"), url.scheme != nil else {
        throw CLIError(message: "ANNEAL_MNIST_MIRRORS: '\(trimmed)' is not a URL")
      }
      return url
    }
  }

  /// `error` in the CLI's words: options, not library parameters.
  private func message(for error: MNISTError, root: String) -> String {
    switch error {
    case .missingFiles(let root, let files):
      let hint =
        dataDir == nil
        ? "run without --no-download to fetch them" : "add --download to fetch them, or check the path"
      return "\(dataset.variant.name) files not found in \(root): \(files.joined(separator: ", ")) (\(hint))"
    case .downloadFailed:
      return "\(error); if you have the files, pass --data-dir FOLDER"
    default:
      return error.description
    }
  }
}

/// Tells on standard error what downloads fetch: one line per request, and on a terminal a
/// progress count that redraws in place.
final class DownloadReporter: Sendable {
  static let shared = DownloadReporter()

  private let interactive = isatty(STDERR_FILENO) == 1
  private let lastDraw = Mutex<UInt64>(0)

  func report(_ event: DownloadEvent) {
    switch event {
    case .started(let file, let url):
      note("Downloading \(url.absoluteString)")
      _ = file
    case .received(let file, let bytes, let expected):
      guard interactive else { return }
      let now = DispatchTime.now().uptimeNanoseconds
      let due = lastDraw.withLock { last -> Bool in
        guard now - last > 100_000_000 || bytes == expected else { return false }
        last = now
        return true
      }
      guard due else { return }
      let total = expected.map { String(format: " of %.1f MB", Double($0) / 1e6) } ?? ""
      try? OutputFile.standardError.write(
        String(format: "\r\u{1b}[2K  %@: %.1f MB%@", file, Double(bytes) / 1e6, total))
    case .failed(let file, let reason):
      note("  \(file): \(reason)")
    case .finished(let file):
      note("  \(file): done")
    }
  }

  private func note(_ line: String) {
    if interactive { try? OutputFile.standardError.write("\r\u{1b}[2K") }
    Console.note(line)
  }
}

/// The network `anneal mnist` and `anneal find-lr` train, declared once for both.
struct ModelOptions: ParsableArguments {
  @Option(
    help: """
      The network: the tutorial's MLP, pytorch/examples' CNN ('cnn', on normalised images: use \
      --optimizer adadelta --lr 1.0 --scheduler 'StepLR(step_size=1, gamma=0.7)' --batch-size 64 as \
      the example does), or a CNN with BatchNorm2d, GELU and global average pooling ('cnn-bn').
      """)
  var model: MNISTModelKind = .mlp

  @Option(parsing: .unconditional, help: "Hidden units (--model mlp).")
  var hidden: Int = 100

  func validate() throws {
    guard hidden >= 1 else { throw ValidationError("--hidden must be at least 1") }
  }
}
