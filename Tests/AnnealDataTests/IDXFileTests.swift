// Copyright © 2026 the Anneal authors.

import AnnealData
import Foundation
import Testing
import _AnnealTestSupport

@Suite struct IDXFileTests {
  static let sample = IDXFile(shape: [2, 3, 2], bytes: Array(0..<12))

  @Test func rawAndGzipRoundTrip() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try dir.write(Self.sample.encoded(), to: "sample-idx3-ubyte")
    try dir.write(Gzip.compress(Self.sample.encoded()), to: "sample-idx3-ubyte.gz")
    #expect(try IDXFile(contentsOf: dir.file("sample-idx3-ubyte")) == Self.sample)
    #expect(try IDXFile(contentsOf: dir.file("sample-idx3-ubyte.gz")) == Self.sample)
  }

  struct BadCase: Sendable, CustomTestStringConvertible {
    let id: String
    let bytes: [UInt8]
    let gzip: Bool
    let expected: @Sendable (String) -> IDXError
    var testDescription: String { id }
  }

  static let header: [UInt8] = [0, 0, 8, 1, 0, 0, 0, 4]
  static let badCases: [BadCase] = [
    BadCase(id: "empty", bytes: [], gzip: false) { .notIDX(path: $0, reason: "only 0 bytes") },
    BadCase(id: "bad magic", bytes: [1, 2, 8, 1, 0, 0, 0, 0], gzip: false) {
      .notIDX(path: $0, reason: "the magic number does not start with two zero bytes")
    },
    BadCase(id: "float elements", bytes: [0, 0, 0x0d, 1, 0, 0, 0, 0], gzip: false) {
      .unsupportedType(path: $0, code: 0x0d)
    },
    BadCase(id: "short header", bytes: [0, 0, 8, 3, 0, 0, 0, 1], gzip: false) {
      .notIDX(path: $0, reason: "the header needs 16 bytes but the file has 8")
    },
    BadCase(id: "truncated data", bytes: header + [1, 2, 3], gzip: false) {
      .sizeMismatch(path: $0, expected: 4, actual: 3)
    },
    BadCase(id: "trailing data", bytes: header + [1, 2, 3, 4, 5], gzip: false) {
      .sizeMismatch(path: $0, expected: 4, actual: 5)
    },
    BadCase(id: "forged size", bytes: [0, 0, 8, 3, 0x80, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28], gzip: false) {
      .tooLarge(path: $0, elements: 1 << 31, limit: IDXFile.elementLimit)
    },
    BadCase(id: "truncated data in gzip", bytes: header + [1, 2], gzip: true) {
      .sizeMismatch(path: $0, expected: 4, actual: 2)
    },
  ]

  @Test(arguments: badCases)
  func malformedFilesThrowNamedErrors(_ c: BadCase) throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let data = Data(c.bytes)
    try dir.write(c.gzip ? Gzip.compress(data) : data, to: "bad")
    let path = dir.file("bad")
    #expect(throws: c.expected(path)) { try IDXFile(contentsOf: path) }
  }

  @Test func truncatedGzipIsDetected() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let compressed = Gzip.compress(Self.sample.encoded())
    try dir.write(compressed.prefix(compressed.count - 12), to: "cut.gz")
    #expect(
      throws: IDXError.corruptGzip(
        path: dir.file("cut.gz"), reason: "the compressed stream ends early (truncated file)")
    ) {
      try IDXFile(contentsOf: dir.file("cut.gz"))
    }
    var damaged = compressed
    damaged[12] ^= 0xff
    try dir.write(damaged, to: "damaged.gz")
    #expect(throws: IDXError.self) { try IDXFile(contentsOf: dir.file("damaged.gz")) }
  }

  /// The output array is sized by the trailer's ISIZE; a stream longer than the array it
  /// started with grows it, and the limit holds to the byte.
  @Test(arguments: [nil, 1, 1000, 2_999_999, 3_000_000])
  func inflatesIntoOneArrayGrowingItWhenNeeded(initialCapacity: Int?) throws {
    let plain = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) })
    let compressed = Gzip.compress(plain)
    let inflated = try Gzip.decompressedBytes(
      compressed, path: "x", limit: plain.count, initialCapacity: initialCapacity)
    #expect(inflated.count == plain.count)
    #expect(inflated.elementsEqual(plain))
    #expect(throws: IDXError.corruptGzip(path: "x", reason: "it inflates to more than \(plain.count - 1) bytes")) {
      _ = try Gzip.decompressedBytes(
        compressed, path: "x", limit: plain.count - 1, initialCapacity: initialCapacity)
    }
    #expect(try Gzip.decompressedBytes(Gzip.compress(Data()), path: "x", limit: 10) == [])
  }

  @Test func missingFileAndDirectory() throws {
    #expect(throws: IDXError.unreadable(path: "/nonexistent/file", reason: "no such file")) {
      try IDXFile(contentsOf: "/nonexistent/file")
    }
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    #expect(throws: IDXError.unreadable(path: dir.path, reason: "it is a directory")) {
      try IDXFile(contentsOf: dir.path)
    }
  }

  @Test func realMNISTFilesParse() throws {
    let labels = try IDXFile(contentsOf: SharedData.mnistDirectory + "/t10k-labels-idx1-ubyte.gz")
    #expect(labels.shape == [10000])
    #expect(Array(labels.bytes.prefix(10)) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    let images = try IDXFile(contentsOf: SharedData.mnistDirectory + "/t10k-images-idx3-ubyte.gz")
    #expect(images.shape == [10000, 28, 28])
  }
}
