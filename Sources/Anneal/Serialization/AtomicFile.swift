// Copyright © 2026 the Anneal authors.

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes files so that a crash at any moment leaves either the previous file or the new
/// one, never a mixture: the bytes go to a temporary file in the same folder, are flushed to
/// disk, and the temporary file is renamed over the destination.
public enum AtomicFile {
  /// Writes `data` to `path` atomically.
  ///
  /// - Throws: the underlying file-system error; the temporary file is removed.
  public static func write(_ data: Data, to path: String) throws {
    let destination = URL(fileURLWithPath: path)
    let temporary = destination.deletingLastPathComponent()
      .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).tmp")
    do {
      guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
        throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path])
      }
      let handle = try FileHandle(forWritingTo: temporary)
      try handle.write(contentsOf: data)
      try handle.synchronize()
      try handle.close()
      guard rename(temporary.path, destination.path) == 0 else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
      }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
  }
}

extension Error {
  /// A short reason for one-line messages.
  var reason: String {
    let error = self as NSError
    if error.domain == NSCocoaErrorDomain {
      switch error.code {
      case NSFileNoSuchFileError, NSFileReadNoSuchFileError, NSFileWriteFileExistsError: return "no such folder"
      case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "permission denied"
      default: break
      }
    }
    return "write failed"
  }
}
