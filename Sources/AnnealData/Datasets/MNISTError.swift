// Copyright © 2026 the Anneal authors.

/// Why MNIST could not be loaded or downloaded. Each message is one line naming the file.
public enum MNISTError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The folder lacks files and downloading was not requested.
  case missingFiles(root: String, files: [String])
  /// A file is not a valid IDX file.
  case invalidFile(IDXError)
  /// A file is valid IDX but not the MNIST layout.
  case unexpectedLayout(path: String, message: String)
  /// Every mirror failed for a file; `reasons` has one entry per mirror.
  case downloadFailed(file: String, reasons: [String])
  /// The download folder could not be created or written.
  case unwritable(path: String, reason: String)

  public var description: String {
    switch self {
    case .missingFiles(let root, let files):
      "MNIST files not found in \(root): \(files.joined(separator: ", ")) (pass download: true to fetch them)"
    case .invalidFile(let error): error.description
    case .unexpectedLayout(let path, let message): "\(path) is not an MNIST file: \(message)"
    case .downloadFailed(let file, let reasons):
      "could not download \(file): \(reasons.joined(separator: "; "))"
    case .unwritable(let path, let reason): "cannot write \(path): \(reason)"
    }
  }
}
