// Copyright © 2026 the Anneal authors.

import Anneal
import Foundation
import Synchronization

/// Standard output and error for the commands. A write to standard output that fails (a full
/// disk behind `>`, a closed descriptor) becomes a ``CLIError`` with the system's reason, so
/// that the command exits non-zero with one line instead of trapping or losing its output.
/// (A reader that goes away — `| head` — ends the process with SIGPIPE, as for `cat`.)
enum Console {
  /// Whether standard output was closed when the process started (`>&-`).
  private static let outputClosed = Atomic<Bool>(false)

  /// Points closed descriptors 0, 1 and 2 at `/dev/null`, so that no file opened later takes
  /// their numbers, and remembers that standard output was closed. Call it first in `main`.
  static func claimStandardDescriptors() {
    for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 {
      if descriptor == STDOUT_FILENO { outputClosed.store(true, ordering: .relaxed) }
      let null = open("/dev/null", descriptor == STDIN_FILENO ? O_RDONLY : O_WRONLY)
      if null >= 0, null != descriptor {
        dup2(null, descriptor)
        close(null)
      }
    }
  }

  /// Flushes C's `stdout` (ArgumentParser's help and usage) and, if that or an earlier write
  /// failed, says why and makes the exit status 1. For `atexit`.
  static func checkBufferedOutput() {
    // fflush(NULL) flushes every C stream; stdout is the only one the commands write through.
    guard fflush(nil) != 0 else { return }
    note("Error: \(FileSystemError("write", path: "standard output", code: errno == 0 ? EIO : errno))")
    _exit(1)
  }

  /// Writes `text` to standard output at once (unbuffered: lines show while training runs).
  static func write(_ text: String) throws(CLIError) {
    guard !outputClosed.load(ordering: .relaxed) else {
      throw CLIError(message: FileSystemError("write", path: "standard output", code: EBADF).description)
    }
    do {
      try OutputFile.standardOutput.write(text)
    } catch {
      throw CLIError(message: error.description)
    }
  }

  /// Writes `line` and a newline to standard output.
  static func line(_ line: String) throws(CLIError) { try write(line + "\n") }

  /// Writes `line` to standard error; a failure there cannot be reported anywhere, so it is
  /// ignored (the exit status still tells).
  static func note(_ line: String) {
    try? OutputFile.standardError.write(line + "\n")
  }

  /// Standard output collected into large writes, for long tables.
  struct Buffered {
    private var pending = ""

    /// Adds `text`, writing out what has piled up beyond 64 KiB.
    mutating func write(_ text: String) throws(CLIError) {
      pending += text
      if pending.utf8.count >= 1 << 16 { try flush() }
    }

    /// Writes out what is pending.
    mutating func flush() throws(CLIError) {
      guard !pending.isEmpty else { return }
      let text = pending
      pending = ""
      try Console.write(text)
    }
  }
}
