// Copyright © 2026 the Anneal authors.

import Anneal
import CZlib
import Foundation

/// An array of unsigned bytes in the IDX format of the MNIST files: a 4-byte magic number
/// (`0x00 0x00`, the element type, the rank), one big-endian `UInt32` extent per dimension,
/// then the elements in row-major order.
///
/// Files may be gzip-compressed (detected by their magic bytes) or raw.
public struct IDXFile: Sendable, Equatable {
  /// The extent of each dimension.
  public let shape: [Int]
  /// The elements, row-major.
  public let bytes: [UInt8]

  /// The most elements a file may declare: 2^30, far above MNIST's 47 million.
  public static let elementLimit = 1 << 30

  /// Creates an IDX array from its parts.
  public init(shape: [Int], bytes: [UInt8]) {
    check(shape.reduce(1, *) == bytes.count, "IDX shape \(shape) does not match \(bytes.count) bytes")
    self.shape = shape
    self.bytes = bytes
  }

  /// Reads and validates the file at `path`.
  ///
  /// - Throws: ``IDXError`` if the file is missing, not gzip or IDX, of an unsupported
  ///   element type, or shorter or longer than its header declares.
  public init(contentsOf path: String) throws(IDXError) {
    let raw: Data
    do {
      raw = try FileContents.read(path)
    } catch {
      throw .unreadable(path: path, reason: error.reason)
    }
    let content =
      Gzip.isCompressed(raw) ? try Gzip.decompressedBytes(raw, path: path, limit: Self.elementLimit + 64) : [UInt8](raw)
    try self.init(parsingBytes: content, path: path)
  }

  /// Parses uncompressed IDX bytes; `path` names the source in errors.
  public init(parsing data: Data, path: String) throws(IDXError) {
    try self.init(parsingBytes: [UInt8](data), path: path)
  }

  /// Parses uncompressed IDX bytes, keeping their storage for the elements (the header is
  /// moved out in place, so that a large file is not copied).
  package init(parsingBytes bytes: consuming [UInt8], path: String) throws(IDXError) {
    var data = bytes
    let size = data.count
    guard size >= 4 else { throw .notIDX(path: path, reason: "only \(size) bytes") }
    let header = [UInt8](data.prefix(4))
    guard header[0] == 0, header[1] == 0 else {
      throw .notIDX(path: path, reason: "the magic number does not start with two zero bytes")
    }
    guard header[2] == 0x08 else { throw .unsupportedType(path: path, code: header[2]) }
    let rank = Int(header[3])
    guard rank >= 1 else { throw .notIDX(path: path, reason: "rank 0") }
    let headerSize = 4 + 4 * rank
    guard data.count >= headerSize else {
      throw .notIDX(path: path, reason: "the header needs \(headerSize) bytes but the file has \(data.count)")
    }
    var shape: [Int] = []
    var elements = 1
    for d in 0..<rank {
      let offset = data.startIndex + 4 + 4 * d
      let extent = data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
      shape.append(extent)
      let (product, overflow) = elements.multipliedReportingOverflow(by: extent)
      guard !overflow, product <= Self.elementLimit else {
        throw .tooLarge(path: path, elements: overflow ? Int.max : product, limit: Self.elementLimit)
      }
      elements = product
    }
    let payload = data.count - headerSize
    guard payload == elements else { throw .sizeMismatch(path: path, expected: elements, actual: payload) }
    self.shape = shape
    data.removeFirst(headerSize)
    self.bytes = data
  }

  /// Encodes the array as raw IDX bytes.
  public func encoded() -> Data {
    var data = Data([0, 0, 0x08, UInt8(shape.count)])
    for extent in shape {
      withUnsafeBytes(of: UInt32(extent).bigEndian) { data.append(contentsOf: $0) }
    }
    data.append(contentsOf: bytes)
    return data
  }
}
