// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealData
import Foundation
import Testing
import _AnnealTestSupport

/// Downloads against a local HTTP server serving the real files.
@Suite struct MNISTDownloadTests {
  /// Retries without long pauses.
  static let quick = DownloadPolicy(attempts: 4, initialDelay: .milliseconds(20), backoff: 2)
  static let images = "/t10k-images-idx3-ubyte.gz"
  static let labels = "/t10k-labels-idx1-ubyte.gz"

  static func original(_ path: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: SharedData.mnistDirectory + path))
  }

  static func downloaded(_ dir: TemporaryDirectory, _ path: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: dir.path + path))
  }

  @Test func downloadsAndVerifiesEveryFile() async throws {
    let server = try LocalHTTPServer(root: URL(fileURLWithPath: SharedData.mnistDirectory))
    defer { server.stop() }
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let test = try await MNIST(root: dir.path, train: false, download: true, mirrors: [server.baseURL])
    #expect(test.count == 10000)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
      ])
    // Present files are not fetched again.
    let before = server.requestedPaths.count
    _ = try await MNIST(root: dir.path, train: false, download: true, mirrors: [server.baseURL])
    #expect(server.requestedPaths.count == before)
  }

  @Test func corruptedFileIsRejectedAndNothingIsLeftBehind() async throws {
    let server = try LocalHTTPServer(root: URL(fileURLWithPath: SharedData.mnistDirectory))
    defer { server.stop() }
    var corrupted = try [UInt8](IDXFile(contentsOf: SharedData.mnistDirectory + "/t10k-labels-idx1-ubyte.gz").encoded())
    corrupted[100] ^= 1  // one flipped label: valid gzip and IDX, wrong MD5
    server.override("/t10k-labels-idx1-ubyte.gz", with: .body(Gzip.compress(Data(corrupted))))
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    await #expect(throws: MNISTError.self) {
      try await MNIST.download(root: dir.path, train: false, mirrors: [server.baseURL], policy: Self.quick)
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["t10k-images-idx3-ubyte.gz"])
  }

  @Test func fallsBackToTheNextMirror() async throws {
    let broken = try LocalHTTPServer(root: URL(fileURLWithPath: SharedData.mnistDirectory))
    defer { broken.stop() }
    broken.override("/t10k-images-idx3-ubyte.gz", with: .status(500))
    broken.override("/t10k-labels-idx1-ubyte.gz", with: .truncated(1000))
    let good = try LocalHTTPServer(root: URL(fileURLWithPath: SharedData.mnistDirectory))
    defer { good.stop() }
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let missing = URL(string: "http://127.0.0.1:9/")!  // nothing listens on the discard port
    let test = try await MNIST(
      root: dir.path, train: false, download: true, mirrors: [missing, broken.baseURL, good.baseURL])
    #expect(test.count == 10000)
  }

  @Test func everyMirrorFailingIsOneError() async throws {
    let server = try LocalHTTPServer(root: URL(fileURLWithPath: "/nonexistent"))
    defer { server.stop() }
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    do {
      try await MNIST.download(root: dir.path, train: false, mirrors: [server.baseURL])
      Issue.record("expected a download failure")
    } catch {
      #expect(
        error.description.hasPrefix(
          "could not download t10k-images-idx3-ubyte.gz: \(server.baseURL.absoluteString)t10k-images-idx3-ubyte.gz: HTTP status 404"
        ))
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
  }

  @Test func brokenConnectionIsContinuedWithARangeRequest() async throws {
    let server = try LocalHTTPServer(root: URL(fileURLWithPath: SharedData.mnistDirectory))
    defer { server.stop() }
    server.queue(Self.images, [.truncated(300_000), .truncated(200_000)])
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let test = try await MNIST(
      root: dir.path, train: false, download: true, mirrors: [server.baseURL], policy: Self.quick)
    #expect(test.count == 10000)
    #expect(
      server.requests.filter { $0.path == Self.images }.map(\.range) == [nil, "bytes=300000-", "bytes=500000-"])
    #expect(try Self.downloaded(dir, Self.images) == Self.original(Self.images))
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
      ])
  }

  @Test func serverIgnoringTheRangeStartsOver() async throws {
    let server = try LocalHTTPServer(root: URL(fileURLWithPath: SharedData.mnistDirectory))
    defer { server.stop() }
    server.queue(Self.images, [.truncated(5000), .ignoringRange])
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try await MNIST.download(root: dir.path, train: false, mirrors: [server.baseURL], policy: Self.quick)
    #expect(server.requests.filter { $0.path == Self.images }.map(\.range) == [nil, "bytes=5000-"])
    #expect(try Self.downloaded(dir, Self.images) == Self.original(Self.images))
  }

  /// Hang-ups and server errors are retried on the same mirror after growing pauses
  /// (20, 40, 80 ms here).
  @Test func transientFailuresAreRetriedWithBackoff() async throws {
    let server = try LocalHTTPServer(root: URL(fileURLWithPath: SharedData.mnistDirectory))
    defer { server.stop() }
    server.queue(Self.labels, [.status(500), .hangUp, .status(503)])
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let clock = ContinuousClock()
    let start = clock.now
    try await MNIST.download(root: dir.path, train: false, mirrors: [server.baseURL], policy: Self.quick)
    #expect(clock.now - start >= .milliseconds(140))
    #expect(server.requestedPaths.filter { $0 == Self.labels }.count == 4)
    #expect(try Self.downloaded(dir, Self.labels) == Self.original(Self.labels))
  }

  @Test func corruptedBodyIsFetchedAgain() async throws {
    let server = try LocalHTTPServer(root: URL(fileURLWithPath: SharedData.mnistDirectory))
    defer { server.stop() }
    var body = try Self.original(Self.labels)
    body[body.count - 20] ^= 0x40
    server.queue(Self.labels, [.body(body)])
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try await MNIST.download(root: dir.path, train: false, mirrors: [server.baseURL], policy: Self.quick)
    #expect(server.requests.filter { $0.path == Self.labels }.map(\.range) == [nil, nil])
    #expect(try Self.downloaded(dir, Self.labels) == Self.original(Self.labels))
  }

  @Test func missingFileIsNotRetried() async throws {
    let server = try LocalHTTPServer(root: URL(fileURLWithPath: SharedData.mnistDirectory))
    defer { server.stop() }
    server.override(Self.images, with: .status(404))
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    await #expect(throws: MNISTError.self) {
      try await MNIST.download(root: dir.path, train: false, mirrors: [server.baseURL], policy: Self.quick)
    }
    #expect(server.requestedPaths == [Self.images])
  }

  /// When every attempt breaks off, the error gives the last reason per mirror and the
  /// partial file is gone.
  @Test func givingUpLeavesNothingBehind() async throws {
    let first = try LocalHTTPServer(root: URL(fileURLWithPath: SharedData.mnistDirectory))
    defer { first.stop() }
    let second = try LocalHTTPServer(root: URL(fileURLWithPath: SharedData.mnistDirectory))
    defer { second.stop() }
    first.override(Self.images, with: .truncated(1000))
    second.override(Self.images, with: .status(500))
    let size = try Self.original(Self.images).count
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    do {
      try await MNIST.download(
        root: dir.path, train: false, mirrors: [first.baseURL, second.baseURL],
        policy: DownloadPolicy(attempts: 3, initialDelay: .milliseconds(5)))
      Issue.record("expected a download failure")
    } catch {
      #expect(
        error
          == .downloadFailed(
            file: "t10k-images-idx3-ubyte.gz",
            reasons: [
              "\(first.baseURL.absoluteString)t10k-images-idx3-ubyte.gz: the connection closed after 1000 of \(size) bytes",
              "\(second.baseURL.absoluteString)t10k-images-idx3-ubyte.gz: HTTP status 500",
            ]))
    }
    #expect(first.requestedPaths.count == 3 && second.requestedPaths.count == 3)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
  }
}
