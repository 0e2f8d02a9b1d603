// Copyright © 2026 the Anneal authors.

import Anneal
import Foundation

/// Fetches one MNIST file from a list of mirrors into a folder: retried with backoff,
/// continued after a broken connection, verified, and moved into place atomically.
enum Downloader {
  static func fetch(
    _ resource: MNIST.Resource, into root: String, mirrors: [URL], policy: DownloadPolicy,
    progress: DownloadProgressHandler? = nil
  ) async throws(MNISTError) {
    let fileName = resource.name + ".gz"
    let destination = URL(fileURLWithPath: root).appendingPathComponent(fileName)
    // One partial file per download, continued only from the mirror that began it.
    let part = URL(fileURLWithPath: root).appendingPathComponent(".\(fileName).part")
    defer { try? FileManager.default.removeItem(at: part) }
    try? FileManager.default.removeItem(at: part)
    var partSource: URL?
    var lastReason: [URL: String] = [:]
    var refused: Set<URL> = []
    var delay = policy.initialDelay
    for round in 0..<policy.attempts {
      if round > 0 {
        try? await Task.sleep(for: delay)
        delay = delay * policy.backoff
      }
      for mirror in mirrors where !refused.contains(mirror) {
        let url = mirror.appendingPathComponent(fileName)
        if partSource != url {
          try? FileManager.default.removeItem(at: part)
          partSource = url
        }
        progress?(.started(file: fileName, url: url))
        let received = progress.map { Self.receiving(fileName, $0) }
        switch await PartialTransfer.run(url, into: part.path, timeout: policy.timeout, progress: received) {
        case .complete:
          do {
            try verify(part, against: resource, source: url)
          } catch {
            lastReason[mirror] = error.message
            progress?(.failed(file: fileName, reason: error.message))
            try? FileManager.default.removeItem(at: part)
            partSource = nil
            continue
          }
          try moveIntoPlace(part, destination)
          progress?(.finished(file: fileName))
          return
        case .status(let code):
          lastReason[mirror] = "\(url.absoluteString): HTTP status \(code)"
          progress?(.failed(file: fileName, reason: "HTTP status \(code)"))
          if [403, 404, 410].contains(code) { refused.insert(mirror) }
        case .interrupted(let reason):
          lastReason[mirror] = "\(url.absoluteString): \(reason)"
          progress?(.failed(file: fileName, reason: reason))
        case .unwritable(let reason):
          throw .unwritable(path: destination.path, reason: reason)
        }
      }
      if refused.count == Set(mirrors).count { break }
    }
    let reasons = mirrors.compactMap { lastReason.removeValue(forKey: $0) }
    throw .downloadFailed(
      file: fileName, reasons: reasons.isEmpty ? ["no mirrors given"] : reasons)
  }

  /// Turns byte counts of `file` into ``DownloadEvent/received(file:bytes:expected:)``.
  private static func receiving(
    _ file: String, _ progress: @escaping DownloadProgressHandler
  ) -> @Sendable (Int64, Int64?) -> Void {
    { bytes, expected in progress(.received(file: file, bytes: bytes, expected: expected)) }
  }

  private struct Rejection: Error {
    let message: String
  }

  /// Checks the MD5 of the decompressed content, or of the file as served, against the
  /// published one.
  private static func verify(_ file: URL, against resource: MNIST.Resource, source: URL) throws(Rejection) {
    let body: Data
    do {
      body = try FileContents.read(file.path)
    } catch {
      throw Rejection(message: "\(source.absoluteString): the downloaded file cannot be read back")
    }
    let checked: Data
    do {
      checked =
        resource.checksum == .compressed || !Gzip.isCompressed(body)
        ? body : try Gzip.decompress(body, path: source.absoluteString, limit: 1 << 30)
    } catch {
      throw Rejection(message: "\(source.absoluteString): \(error)")
    }
    let digest = MD5.hex(checked)
    guard digest == resource.md5 else {
      throw Rejection(message: "\(source.absoluteString): MD5 \(digest) does not match the published \(resource.md5)")
    }
  }

  /// Renames the verified file over `destination`, so that it is either absent or complete.
  private static func moveIntoPlace(_ part: URL, _ destination: URL) throws(MNISTError) {
    guard rename(part.path, destination.path) == 0 else {
      throw .unwritable(path: destination.path, reason: String(cString: strerror(errno)))
    }
  }
}
