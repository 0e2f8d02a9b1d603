// Copyright © 2026 the Anneal authors.

import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Fetches one MNIST file from a list of mirrors into a folder, atomically and verified.
enum Downloader {
  static func fetch(_ resource: MNIST.Resource, into root: String, mirrors: [URL]) async throws(MNISTError) {
    let fileName = resource.name + ".gz"
    let destination = URL(fileURLWithPath: root).appendingPathComponent(fileName)
    var reasons: [String] = []
    for mirror in mirrors {
      let url = mirror.appendingPathComponent(fileName)
      do {
        let body = try await get(url)
        let uncompressed =
          Gzip.isCompressed(body) ? try Gzip.decompress(body, path: url.absoluteString, limit: 1 << 30) : body
        let digest = MD5.hex(uncompressed)
        guard digest == resource.md5 else {
          reasons.append("\(url.absoluteString): MD5 \(digest) does not match the published \(resource.md5)")
          continue
        }
        try writeAtomically(body, to: destination)
        return
      } catch let error as MNISTError {
        throw error
      } catch let error as IDXError {
        reasons.append("\(url.absoluteString): \(error)")
      } catch {
        reasons.append("\(url.absoluteString): \(error.localizedDescription)")
      }
    }
    throw .downloadFailed(file: fileName, reasons: reasons.isEmpty ? ["no mirrors given"] : reasons)
  }

  private static func get(_ url: URL) async throws -> Data {
    var request = URLRequest(url: url)
    request.timeoutInterval = 60
    let (data, response) = try await URLSession.shared.data(for: request)
    if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
      throw DownloadStatus(code: http.statusCode)
    }
    return data
  }

  /// Writes to a temporary file in the same folder, flushes it, then renames it into place,
  /// so `destination` is either absent or complete.
  private static func writeAtomically(_ data: Data, to destination: URL) throws(MNISTError) {
    let temporary = destination.deletingLastPathComponent()
      .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).part")
    do {
      try data.write(to: temporary)
      let handle = try FileHandle(forUpdating: temporary)
      try handle.synchronize()
      try handle.close()
      if FileManager.default.fileExists(atPath: destination.path) {
        _ = try FileManager.default.replaceItemAt(destination, withItemAt: temporary)
      } else {
        try FileManager.default.moveItem(at: temporary, to: destination)
      }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw .unwritable(path: destination.path, reason: error.localizedDescription)
    }
  }
}

/// An HTTP response other than success.
struct DownloadStatus: Error, LocalizedError {
  let code: Int
  var errorDescription: String? { "HTTP status \(code)" }
}
