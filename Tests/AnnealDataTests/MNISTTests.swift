// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealData
import Foundation
import Testing
import _AnnealTestSupport

@Suite struct MNISTTests {
  @Test func loadsTheRealFiles() throws {
    let test = try MNIST(root: SharedData.mnistDirectory, train: false)
    #expect(test.count == 10000)
    #expect(test.labels.prefix(5) == [7, 2, 1, 0, 4])
    let (image, label) = test[0]
    #expect(image.shape == [1, 28, 28])
    #expect(label == 7)
    #expect(image.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
    // ToTensor: byte / 255 in Float32.
    let byte = test.pixels[28 * 10 + 14]
    #expect(image.scalars[28 * 10 + 14] == Float(byte) / 255)
    let batch = test.collate([0, 1, 2][...])
    #expect(batch.inputs.shape == [3, 1, 28, 28])
    #expect(batch.labels == [7, 2, 1])
    #expect(try MNIST(root: SharedData.mnistDirectory, train: true).count == 60000)
  }

  @Test func findsTheTorchvisionLayoutAndRawFiles() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let raw = dir.url.appendingPathComponent("MNIST/raw")
    try FileManager.default.createDirectory(at: raw, withIntermediateDirectories: true)
    for resource in MNIST.testResources {
      let gz = try Data(contentsOf: URL(fileURLWithPath: SharedData.mnistDirectory + "/\(resource.name).gz"))
      try Gzip.decompress(gz, path: resource.name, limit: 1 << 30).write(to: raw.appendingPathComponent(resource.name))
    }
    #expect(try MNIST(root: dir.path, train: false).count == 10000)
  }

  @Test func missingFilesAreNamed() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    #expect(
      throws: MNISTError.missingFiles(
        root: dir.path, files: ["t10k-images-idx3-ubyte[.gz]", "t10k-labels-idx1-ubyte[.gz]"])
    ) {
      try MNIST(root: dir.path, train: false)
    }
  }

  @Test func inconsistentFilesAreRejected() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let images = IDXFile(shape: [3, 28, 28], bytes: [UInt8](repeating: 0, count: 3 * 784))
    try dir.write(images.encoded(), to: "t10k-images-idx3-ubyte")
    try dir.write(IDXFile(shape: [2], bytes: [1, 2]).encoded(), to: "t10k-labels-idx1-ubyte")
    #expect(
      throws: MNISTError.unexpectedLayout(
        path: dir.file("t10k-labels-idx1-ubyte"),
        message: "2 labels for 3 images in \(dir.file("t10k-images-idx3-ubyte"))")
    ) {
      try MNIST(root: dir.path, train: false)
    }
    try dir.write(IDXFile(shape: [3], bytes: [1, 12, 2]).encoded(), to: "t10k-labels-idx1-ubyte")
    #expect(
      throws: MNISTError.unexpectedLayout(
        path: dir.file("t10k-labels-idx1-ubyte"), message: "label 12 at index 1 is not a digit 0–9")
    ) {
      try MNIST(root: dir.path, train: false)
    }
    try dir.write(
      IDXFile(shape: [3, 784], bytes: [UInt8](repeating: 0, count: 3 * 784)).encoded(), to: "t10k-images-idx3-ubyte")
    #expect(throws: MNISTError.self) { try MNIST(root: dir.path, train: false) }
  }
}

/// Downloads against a local HTTP server serving the real files.
@Suite struct MNISTDownloadTests {

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
      try await MNIST.download(root: dir.path, train: false, mirrors: [server.baseURL])
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
}
