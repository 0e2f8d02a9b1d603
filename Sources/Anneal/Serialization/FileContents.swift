// Copyright © 2026 the Anneal authors.

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads whole files with POSIX calls, reporting why a file cannot be read in a few words.
/// (Foundation's `Data(contentsOf:)` leaks a buffer on empty files in the Linux toolchain,
/// which the fuzzers found.)
package enum FileContents {
  /// Why a file could not be read.
  package struct Failure: Error {
    /// `no such file`, `it is a directory`, `permission denied`, or `not readable`.
    package let reason: String
  }

  /// The bytes of the file at `path`.
  package static func read(_ path: String) throws(Failure) -> Data {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
      switch errno {
      case ENOENT, ENOTDIR: throw Failure(reason: "no such file")
      case EACCES: throw Failure(reason: "permission denied")
      default: throw Failure(reason: "not readable")
      }
    }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw Failure(reason: "not readable") }
    guard (status.st_mode & S_IFMT) != S_IFDIR else { throw Failure(reason: "it is a directory") }
    var bytes = [UInt8]()
    bytes.reserveCapacity(max(0, Int(status.st_size)))
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw Failure(reason: errno == EISDIR ? "it is a directory" : "not readable")
      }
      if count == 0 { break }
      bytes.append(contentsOf: chunk[0..<count])
    }
    return Data(bytes)
  }
}
