// Copyright © 2026 the Anneal authors.

import Anneal
import Foundation

/// Writes scalars as a TensorBoard event file that `tensorboard --logdir DIR` shows
/// (PyTorch: `torch.utils.tensorboard.SummaryWriter`).
///
/// ```swift
/// let writer = try SummaryWriter(logDir: "runs/mnist")
/// try writer.addScalar("train/loss", loss, step: iteration)
/// try writer.close()
/// ```
///
/// The file is named as PyTorch names it, `events.out.tfevents.<seconds>.<host>.<pid>.<n>`, in
/// `logDir` (created if missing); a second writer in the same folder — a resumed run — adds a
/// second file, and TensorBoard reads them as one run. By default each record is written at
/// once, so a run that stops leaves every scalar written so far readable; with `flushSecs`
/// records wait in memory up to that long (PyTorch's default is 120 s, written by a background
/// thread; here by the next addition after the interval, ``flush()`` or ``close()``).
/// ``close()`` flushes the file to disk.
public final class SummaryWriter {
  /// The folder of the event file.
  public let logDir: String
  /// The event file's path.
  public let path: String
  private let file: OutputFile

  /// Creates `logDir` if needed and a new event file in it, starting with the `file_version`
  /// event TensorBoard expects.
  ///
  /// - Parameters:
  ///   - filenameSuffix: Appended to the file name (PyTorch: `filename_suffix`).
  ///   - flushSecs: How long records may wait in memory before they are written out (PyTorch:
  ///     `flush_secs`); `nil` (the default) or a value that is not positive writes each record
  ///     at once.
  ///   - logDir: The folder, created if missing (PyTorch: `log_dir`).
  /// - Throws: `FileSystemError` when the folder or file cannot be created.
  public init(logDir: String, filenameSuffix: String = "", flushSecs: Double? = nil) throws(FileSystemError) {
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: logDir, isDirectory: &isDirectory) {
      do {
        try FileManager.default.createDirectory(atPath: logDir, withIntermediateDirectories: true)
      } catch {
        throw FileSystemError("create", path: logDir, reason: "cannot create the folder")
      }
    } else if !isDirectory.boolValue {
      throw FileSystemError("write", path: logDir, code: ENOTDIR)
    }
    self.logDir = logDir
    let now = Date().timeIntervalSince1970
    let host = ProcessInfo.processInfo.hostName
    let pid = ProcessInfo.processInfo.processIdentifier
    // PyTorch adds a global counter so that writers created in the same second differ.
    var counter = 0
    var candidate: String
    repeat {
      candidate = logDir + "/events.out.tfevents.\(Int(now)).\(host).\(pid).\(counter)\(filenameSuffix)"
      counter += 1
    } while FileManager.default.fileExists(atPath: candidate)
    path = candidate
    file = try OutputFile(
      path: candidate,
      flushInterval: flushSecs.flatMap { $0 > 0 ? Duration.seconds(Swift.min($0, 1e9)) : nil })
    try write(EventRecord.event(wallTime: now, step: 0, fileVersion: "brain.Event:2", sourceWriter: "anneal"))
  }

  /// Adds one scalar at `step` (PyTorch: `add_scalar(tag, scalar_value, global_step,
  /// walltime)`); the value is stored as a 32-bit float, as TensorBoard's `simple_value` is.
  ///
  /// - Parameters:
  ///   - wallTime: Seconds since 1970; the default is now.
  ///   - tag: The name TensorBoard shows, e.g. `train/loss`.
  ///   - value: The value.
  ///   - step: The x coordinate (PyTorch: `global_step`).
  public func addScalar(_ tag: String, _ value: Double, step: Int, wallTime: Double? = nil) throws(FileSystemError) {
    try addScalars([(tag, value)], step: step, wallTime: wallTime)
  }

  /// Adds several scalars of one step as one event (TensorBoard shows each under its tag).
  public func addScalars(_ scalars: [(tag: String, value: Double)], step: Int, wallTime: Double? = nil)
    throws(FileSystemError)
  {
    guard !scalars.isEmpty else { return }
    let event = EventRecord.event(
      wallTime: wallTime ?? Date().timeIntervalSince1970, step: Int64(step),
      scalars: scalars.map { EventRecord.Scalar(tag: $0.tag, value: Float($0.value)) })
    try write(event)
  }

  /// Writes out the records held in memory (PyTorch: `flush()`).
  public func flush() throws(FileSystemError) { try file.flush() }

  /// Writes out the records held in memory, flushes the event file to disk and closes it;
  /// later additions fail.
  public func close() throws(FileSystemError) { try file.close() }

  private func write(_ event: Data) throws(FileSystemError) { try file.write(EventRecord.framed(event)) }
}
