// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealData
import Foundation
import Testing
import _AnnealTestSupport

/// Fashion-MNIST and KMNIST: torchvision's folders, mirrors, files, MD5s and class names
/// (`torchvision_datasets.json`, read from torchvision itself), and a download verified by the
/// MD5 of the `.gz` as served, against the local HTTP server.
@Suite struct MNISTVariantTests {
  struct Entry: Decodable {
    let mirrors: [String]
    let resources: [[String]]
    let classes: [String]
  }

  struct File: Decodable {
    let datasets: [String: Entry]
  }

  @Test(arguments: [MNIST.Variant.fashionMNIST, .kmnist])
  func variantsCarryTorchvisionsResources(_ variant: MNIST.Variant) throws {
    let entry = try #require(
      try Fixtures.load(File.self, named: "torchvision_datasets.json", in: .module).datasets[variant.name])
    #expect(variant.mirrors.map(\.absoluteString) == entry.mirrors)
    #expect(variant.classes == entry.classes)
    let resources = variant.trainResources + variant.testResources
    #expect(resources.map { [$0.name + ".gz", $0.md5] } == entry.resources)
    #expect(resources.allSatisfy { $0.checksum == .compressed })
  }

  @Test func mnistKeepsItsNamesAndClasses() throws {
    let entry = try #require(
      try Fixtures.load(File.self, named: "torchvision_datasets.json", in: .module).datasets["MNIST"])
    #expect(MNIST.Variant.mnist.mirrors.map(\.absoluteString) == entry.mirrors)
    #expect(MNIST.Variant.mnist.classes == entry.classes)
    #expect((MNIST.trainResources + MNIST.testResources).map { $0.name + ".gz" } == entry.resources.map { $0[0] })
  }

  /// A variant whose published MD5s are those of the `.gz` files: the download is checked
  /// against them, a file that differs is refused, and torchvision's folder is found.
  @Test func aCompressedChecksumIsVerifiedAsServed() async throws {
    let server = try LocalHTTPServer(root: URL(fileURLWithPath: SharedData.mnistDirectory))
    defer { server.stop() }
    func resource(_ name: String, md5: String? = nil) throws -> MNIST.Resource {
      let served = try Data(contentsOf: URL(fileURLWithPath: SharedData.mnistDirectory + "/\(name).gz"))
      return MNIST.Resource(name: name, md5: md5 ?? MD5.hex(served), checksum: .compressed)
    }
    let good = MNIST.Variant(
      name: "Digits", trainResources: [],
      testResources: [try resource("t10k-images-idx3-ubyte"), try resource("t10k-labels-idx1-ubyte")],
      mirrors: [server.baseURL], classes: (0...9).map(String.init))
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let test = try await MNIST(root: dir.path, train: false, variant: good, download: true)
    #expect(test.count == 10000 && test.variant == good)
    // torchvision's layout root/<name>/raw is found too.
    let layout = try TemporaryDirectory()
    defer { layout.remove() }
    try FileManager.default.createDirectory(atPath: layout.path + "/Digits/raw", withIntermediateDirectories: true)
    for name in ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"] {
      try FileManager.default.copyItem(atPath: dir.path + "/" + name, toPath: layout.path + "/Digits/raw/" + name)
    }
    #expect(try MNIST(root: layout.path, train: false, variant: good).count == 10000)
    // The MD5 of the decompressed file is not the published one here: refused, nothing left.
    let wrong = MNIST.Variant(
      name: "Digits", trainResources: [],
      testResources: [try resource("t10k-labels-idx1-ubyte", md5: "0123456789abcdef0123456789abcdef")],
      mirrors: [server.baseURL], classes: good.classes)
    let empty = try TemporaryDirectory()
    defer { empty.remove() }
    await #expect(throws: MNISTError.self) {
      try await MNIST.download(
        root: empty.path, train: false, variant: wrong,
        policy: DownloadPolicy(attempts: 1, initialDelay: .milliseconds(1), backoff: 1))
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: empty.path).isEmpty)
  }
}
