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
    #expect(batch.labels.toArray(of: Int64.self) == [7, 2, 1])
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
