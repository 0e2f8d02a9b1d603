// Copyright © 2026 the Anneal authors.

import CZlib
import Foundation

/// gzip compression and decompression with the system zlib.
package enum Gzip {
  /// Whether `data` starts with the gzip magic bytes `1f 8b`.
  package static func isCompressed(_ data: Data) -> Bool {
    data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b
  }

  /// Inflates a complete gzip stream, refusing to produce more than `limit` bytes.
  package static func decompress(_ data: Data, path: String, limit: Int) throws(IDXError) -> Data {
    Data(try decompressedBytes(data, path: path, limit: limit))
  }

  /// Inflates a complete gzip stream into one array, refusing to produce more than `limit`
  /// bytes. A file of several members (`cat a.gz b.gz > c.gz`) inflates to their
  /// concatenation, as `gunzip` and zlib's `gzread` read it.
  ///
  /// The trailer's ISIZE (the size modulo 2³²) sizes the array, so that a file inflates
  /// straight into it without copies; a forged ISIZE reserves no more than deflate's largest
  /// ratio (1032:1) allows, and a short one makes the array grow. `initialCapacity` replaces
  /// the hint (for tests of the growth).
  package static func decompressedBytes(
    _ data: Data, path: String, limit: Int, initialCapacity: Int? = nil
  ) throws(IDXError) -> [UInt8] {
    var stream = z_stream()
    guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw .corruptGzip(path: path, reason: "zlib could not start")
    }
    defer { inflateEnd(&stream) }
    var capacity = 1 << 16
    if data.count >= 18 {
      let hint = data.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
      let plausible = Swift.min(limit, data.count * 1032)
      if initialCapacity == nil, hint <= plausible, let fast = inflateWithLibdeflate(data, size: hint) { return fast }
      capacity = Swift.max(capacity, Swift.min(hint, plausible))
    }
    if let initialCapacity { capacity = Swift.max(1, initialCapacity) }
    var output = [UInt8]()
    var produced = 0
    var status = Z_OK
    data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
      stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
      stream.avail_in = uInt(input.count)
      while true {
        // One more byte than the ISIZE hint, so that a stream matching it ends without growing.
        let size = Swift.min(capacity, limit) + 1
        var grown = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
          if produced > 0 { buffer.baseAddress!.update(from: output, count: produced) }
          count = size
        }
        swap(&output, &grown)
        let room = size - produced
        status = output.withUnsafeMutableBufferPointer { out in
          var result = Z_OK
          var left = room
          while left > 0 {
            let step = Swift.min(left, Int(UInt32.max))
            stream.next_out = out.baseAddress! + (size - left)
            stream.avail_out = uInt(step)
            result = inflate(&stream, Z_NO_FLUSH)
            left -= step - Int(stream.avail_out)
            if result == Z_STREAM_END, stream.avail_in >= 2, stream.next_in[0] == 0x1f, stream.next_in[1] == 0x8b {
              // Another member follows: go on with it.
              guard inflateReset(&stream) == Z_OK else { break }
              result = Z_OK
              continue
            }
            guard result == Z_OK, stream.avail_out == 0 else { break }
          }
          produced = size - left
          return result
        }
        if status == Z_STREAM_END && produced > limit { status = Z_MEM_ERROR }
        guard status == Z_OK, produced == size else { break }
        guard produced <= limit else {
          status = Z_MEM_ERROR
          break
        }
        capacity = Swift.min(capacity * 2, limit)
      }
    }
    switch status {
    case Z_STREAM_END:
      output.removeLast(output.count - produced)
      return output
    case Z_MEM_ERROR:
      throw .corruptGzip(path: path, reason: "it inflates to more than \(limit) bytes")
    case Z_OK, Z_BUF_ERROR:
      throw .corruptGzip(path: path, reason: "the compressed stream ends early (truncated file)")
    default:
      let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
      throw .corruptGzip(path: path, reason: message)
    }
  }

  /// The file inflated by ``Libdeflate`` when it is installed, the trailer's `size` is right
  /// and nothing is wrong with the data; otherwise `nil`, and zlib does it.
  private static func inflateWithLibdeflate(_ data: Data, size: Int) -> [UInt8]? {
    guard let libdeflate = Libdeflate.shared else { return nil }
    var inflated = false
    let output = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      inflated = data.withUnsafeBytes { input in libdeflate.inflate(input, into: UnsafeMutableRawBufferPointer(buffer))
      }
      count = inflated ? size : 0
    }
    return inflated ? output : nil
  }

  /// Compresses `data` as one gzip member (used to write test files).
  package static func compress(_ data: Data) -> Data {
    var stream = z_stream()
    let level = Z_DEFAULT_COMPRESSION
    guard
      deflateInit2_(
        &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        == Z_OK
    else {
      preconditionFailure("zlib deflateInit2 failed")
    }
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))) + 32)
    var input = [UInt8](data)
    let produced = input.withUnsafeMutableBufferPointer { inBuffer in
      output.withUnsafeMutableBufferPointer { outBuffer in
        stream.next_in = inBuffer.baseAddress
        stream.avail_in = uInt(inBuffer.count)
        stream.next_out = outBuffer.baseAddress
        stream.avail_out = uInt(outBuffer.count)
        let status = deflate(&stream, Z_FINISH)
        precondition(status == Z_STREAM_END, "zlib deflate failed: \(status)")
        return outBuffer.count - Int(stream.avail_out)
      }
    }
    return Data(output.prefix(produced))
  }
}
