// Copyright © 2026 the Anneal authors.

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An operating-system failure on a file: what was being done, to which path, and the
/// system's own reason (`No space left on device`, `Read-only file system`, …).
public struct FileSystemError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What failed, as a verb: `write`, `create`, `replace`.
  public let action: String
  /// The file the caller named.
  public let path: String
  /// The `errno` value, or 0 for a failure the system did not report with one.
  public let code: Int32
  /// The system's description of ``code`` (`strerror`), or a reason of Anneal's own.
  public let reason: String

  /// An error for `errno`-style `code`.
  public init(_ action: String, path: String, code: Int32) {
    self.action = action
    self.path = path
    self.code = code
    reason = String(cString: strerror(code))
  }

  /// An error with a reason of Anneal's own.
  public init(_ action: String, path: String, reason: String) {
    self.action = action
    self.path = path
    code = 0
    self.reason = reason
  }

  public var description: String { "cannot \(action) \(path): \(reason)" }
}

/// Writes files so that a crash at any moment leaves either the previous file or the new
/// one, never a mixture, and so that nothing already saved is loosened or clobbered by
/// accident.
///
/// The bytes go to a temporary file in the destination's folder, are flushed to disk, get the
/// previous file's permissions (and owner, where the system allows), and the temporary file is
/// renamed over the destination; the folder is then flushed too, so that the rename itself
/// survives a power loss. A new file gets the usual `0666` less the umask.
///
/// A destination that is a symbolic link is written through: the file the link points to is
/// replaced and the link stays a link. A destination that exists but is not writable by the
/// caller (`chmod a-w`) is refused, as `cp` refuses it, rather than replaced through the folder's
/// permission.
public enum AtomicFile {
  /// What to do when the destination exists.
  public enum Existing: Sendable {
    /// Replace it (the default).
    case replace
    /// Fail with `EEXIST` (`File exists`); the check and the rename are one atomic step.
    case keep
  }

  /// Writes `data` to `path` atomically.
  ///
  /// - Throws: ``FileSystemError`` with the system's reason; the temporary file is removed and
  ///   any previous file is left as it was.
  public static func write(_ data: Data, to path: String, existing: Existing = .replace) throws(FileSystemError) {
    let destination = try resolvingLinks(path)
    let previous = try existingFile(destination, named: path)
    if previous != nil, existing == .keep { throw FileSystemError("create", path: path, code: EEXIST) }
    let folder = parent(of: destination)
    let temporary = folder + "/." + name(of: destination) + "." + UUID().uuidString.prefix(8) + ".tmp"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else { throw FileSystemError("write", path: path, code: errno) }
    do throws(FileSystemError) {
      try writeAll(data, to: descriptor, path: path)
      if let previous {
        // The owner first: changing it can clear set-id bits, which the mode then restores.
        if previous.st_uid != geteuid() || previous.st_gid != getegid() {
          _ = fchown(descriptor, previous.st_uid, previous.st_gid)
        }
        guard fchmod(descriptor, previous.st_mode & 0o7777) == 0 else {
          throw FileSystemError("write", path: path, code: errno)
        }
      }
      guard fsync(descriptor) == 0 else { throw FileSystemError("write", path: path, code: errno) }
    } catch {
      close(descriptor)
      unlink(temporary)
      throw error
    }
    guard close(descriptor) == 0 else {
      let code = errno
      unlink(temporary)
      throw FileSystemError("write", path: path, code: code)
    }
    switch existing {
    case .replace:
      guard rename(temporary, destination) == 0 else {
        let code = errno
        unlink(temporary)
        throw FileSystemError("write", path: path, code: code)
      }
    case .keep:
      // link(2) fails with EEXIST instead of replacing a file created meanwhile.
      let linked = link(temporary, destination)
      let code = errno
      unlink(temporary)
      guard linked == 0 else { throw FileSystemError("create", path: path, code: code) }
    }
    synchronizeFolder(folder)
  }

  /// Checks, without writing it, that ``write(_:to:existing:)`` can create or replace `path`:
  /// its folder exists and takes new files, and an existing file is a writable regular file.
  /// Run it before long work whose result goes to `path`.
  ///
  /// - Throws: ``FileSystemError`` with the system's reason (`No such file or directory` for a
  ///   missing folder, `Permission denied`, `Read-only file system`, `Is a directory`, …).
  public static func checkWritable(_ path: String) throws(FileSystemError) {
    let destination = try resolvingLinks(path)
    _ = try existingFile(destination, named: path)
    let probe = parent(of: destination) + "/." + name(of: destination) + "." + UUID().uuidString.prefix(8) + ".probe"
    let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw FileSystemError("write", path: path, code: errno) }
    close(descriptor)
    unlink(probe)
  }

  /// Writes every byte, continuing after partial writes and signals.
  static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws(FileSystemError) {
    var failure: Int32 = 0
    data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
      var offset = 0
      while offset < bytes.count {
        let count = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if count < 0 {
          if errno == EINTR { continue }
          if errno == EAGAIN {
            var waiting = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            _ = poll(&waiting, 1, -1)
            continue
          }
          failure = errno
          return
        }
        offset += count
      }
    }
    if failure != 0 { throw FileSystemError("write", path: path, code: failure) }
  }

  /// The status of the existing file at `destination`, `nil` if there is none; refuses a
  /// non-regular or read-only one.
  private static func existingFile(_ destination: String, named path: String) throws(FileSystemError) -> stat? {
    var status = stat()
    guard stat(destination, &status) == 0 else {
      if errno == ENOENT { return nil }
      throw FileSystemError("write", path: path, code: errno)
    }
    if (status.st_mode & S_IFMT) == S_IFDIR { throw FileSystemError("write", path: path, code: EISDIR) }
    guard (status.st_mode & S_IFMT) == S_IFREG else {
      throw FileSystemError("write", path: path, reason: "not a regular file")
    }
    guard access(destination, W_OK) == 0 else { throw FileSystemError("write", path: path, code: errno) }
    return status
  }

  /// Follows symbolic links at the end of `path` (not in its folders, which the system
  /// follows itself) to the file they name.
  private static func resolvingLinks(_ path: String) throws(FileSystemError) -> String {
    var current = path
    for _ in 0..<40 {
      var status = stat()
      guard lstat(current, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK else { return current }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let length = readlink(current, &buffer, buffer.count - 1)
      guard length >= 0 else { throw FileSystemError("write", path: path, code: errno) }
      let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current = target.hasPrefix("/") ? target : parent(of: current) + "/" + target
    }
    throw FileSystemError("write", path: path, code: ELOOP)
  }

  private static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  private static func name(of path: String) -> String {
    path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
  }

  /// Flushes a folder's entries (the rename) to disk; file systems that cannot are skipped.
  private static func synchronizeFolder(_ folder: String) {
    let descriptor = open(folder, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    _ = fsync(descriptor)
    close(descriptor)
  }
}

/// A file written from start to end as the work goes — a log, standard output — whose every
/// write reports the system's reason when it fails (a full disk, a closed descriptor) instead
/// of trapping or losing the text.
///
/// By default every ``write(_:)-(String)`` reaches the file at once. A file opened with a
/// `flushInterval` holds its text in memory and writes it out when that long has passed since
/// it last did, when 64 KiB are held, at ``flush()`` and at ``close()`` (or, best effort, when
/// it is released): a per-iteration log then costs a system call (and a reader's wake-up) per
/// interval rather than per line, as Python's buffered files do. A failure of a held write is
/// reported by the call that writes it out.
public final class OutputFile {
  /// The name in errors: the path, or `standard output`.
  public let name: String
  private var descriptor: Int32
  private let owned: Bool
  /// The longest text may wait in `pending`, in nanoseconds; `nil`: text is not held.
  private let flushInterval: UInt64?
  private var pending = Data()
  private var lastFlush = DispatchTime.now().uptimeNanoseconds
  private static let pendingLimit = 1 << 16

  /// Standard output.
  public static var standardOutput: OutputFile { OutputFile(descriptor: STDOUT_FILENO, name: "standard output") }

  /// Standard error.
  public static var standardError: OutputFile { OutputFile(descriptor: STDERR_FILENO, name: "standard error") }

  private init(descriptor: Int32, name: String) {
    self.descriptor = descriptor
    self.name = name
    owned = false
    flushInterval = nil
  }

  /// Opens `path` for writing, creating it (mode `0666` less the umask) or, unless `appending`,
  /// truncating it; a symbolic link is followed.
  ///
  /// - Parameters:
  ///   - path: The file to write.
  ///   - appending: Whether writes go after what the file holds instead of replacing it.
  ///   - flushInterval: How long written text may be held in memory before it is written out;
  ///     `nil` (the default) writes every call at once.
  /// - Throws: ``FileSystemError`` with the system's reason.
  public init(path: String, appending: Bool = false, flushInterval: Duration? = nil) throws(FileSystemError) {
    var status = stat()
    if stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
      throw FileSystemError("write", path: path, code: EISDIR)
    }
    let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (appending ? O_APPEND : O_TRUNC)
    let descriptor = open(path, flags, 0o666)
    guard descriptor >= 0 else { throw FileSystemError("write", path: path, code: errno) }
    self.descriptor = descriptor
    name = path
    owned = true
    self.flushInterval = flushInterval.map { interval in
      let (seconds, attoseconds) = interval.components
      return UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
    }
  }

  deinit {
    if descriptor >= 0 && !pending.isEmpty { try? flush() }
    if owned, descriptor >= 0 { _ = systemClose(descriptor) }
  }

  /// Writes `text` in UTF-8, all of it.
  public func write(_ text: String) throws(FileSystemError) { try write(Data(text.utf8)) }

  /// Writes `data`, all of it.
  public func write(_ data: Data) throws(FileSystemError) {
    guard descriptor >= 0 else { throw FileSystemError("write", path: name, code: EBADF) }
    guard let flushInterval else {
      try AtomicFile.writeAll(data, to: descriptor, path: name)
      return
    }
    pending.append(data)
    let now = DispatchTime.now().uptimeNanoseconds
    if pending.count >= Self.pendingLimit || now &- lastFlush >= flushInterval { try flush() }
  }

  /// Writes out the text held in memory (nothing for a file that holds none).
  public func flush() throws(FileSystemError) {
    lastFlush = DispatchTime.now().uptimeNanoseconds
    guard !pending.isEmpty else { return }
    guard descriptor >= 0 else { throw FileSystemError("write", path: name, code: EBADF) }
    defer { pending.removeAll(keepingCapacity: true) }
    try AtomicFile.writeAll(pending, to: descriptor, path: name)
  }

  /// Writes out the text held in memory, flushes the file to disk and closes it; later writes
  /// fail.
  public func close() throws(FileSystemError) {
    guard owned, descriptor >= 0 else { return }
    var failure: FileSystemError?
    do { try flush() } catch { failure = error }
    let descriptor = self.descriptor
    self.descriptor = -1
    // Pipes and terminals cannot be synchronised; only a failure to close is an error then.
    let synced = fsync(descriptor) == 0 || errno == EINVAL || errno == EROFS
    let code = errno
    guard systemClose(descriptor) == 0 else { throw failure ?? FileSystemError("write", path: name, code: errno) }
    if let failure { throw failure }
    guard synced else { throw FileSystemError("write", path: name, code: code) }
  }
}

#if canImport(Glibc)
  private let systemWrite = Glibc.write
  private let systemClose = Glibc.close
#elseif canImport(Darwin)
  private let systemWrite = Darwin.write
  private let systemClose = Darwin.close
#endif
