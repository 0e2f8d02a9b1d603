// Copyright © 2026 the Anneal authors.

import Foundation

/// A fresh folder under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("anneal-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  var path: String { url.path }

  func file(_ name: String) -> String { url.appendingPathComponent(name).path }

  func write(_ data: Data, to name: String) throws { try data.write(to: url.appendingPathComponent(name)) }

  func remove() { try? FileManager.default.removeItem(at: url) }

}
