// Copyright © 2026 the Anneal authors.

import Anneal

/// Why a checkpoint could not be written or read. Each message is one line naming the file.
public enum CheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The container is unreadable or not a safetensors file.
  case file(SafeTensorsError)
  /// The file is a safetensors file but not an Anneal checkpoint.
  case notACheckpoint(path: String, reason: String)
  /// The file was damaged: truncated, or its contents do not match their checksum.
  case damaged(path: String, reason: String)

  public var description: String {
    switch self {
    case .file(let error): error.description
    case .notACheckpoint(let path, let reason): "\(path) is not an Anneal checkpoint: \(reason)"
    case .damaged(let path, let reason): "\(path) is damaged: \(reason)"
    }
  }
}
