// Copyright © 2026 the Anneal authors.

import Foundation

/// A fresh folder under the system temporary directory, removed by `remove()`.
public struct TemporaryDirectory {
  public let url: URL

  public init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("anneal-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  public var path: String { url.path }

  public func file(_ name: String) -> String { url.appendingPathComponent(name).path }

  public func write(_ data: Data, to name: String) throws { try data.write(to: url.appendingPathComponent(name)) }

  public func remove() { try? FileManager.default.removeItem(at: url) }
}
