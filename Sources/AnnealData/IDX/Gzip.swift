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
    var stream = z_stream()
    guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw .corruptGzip(path: path, reason: "zlib could not start")
    }
    defer { inflateEnd(&stream) }
    var output = Data()
    // The trailer's ISIZE (the size modulo 2³²) is a hint for one allocation instead of many;
    // a forged one reserves no more than deflate's largest ratio (1032:1) allows.
    if data.count >= 18 {
      let hint = data.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
      output.reserveCapacity(Swift.min(hint, limit, data.count * 1032))
    }
    let chunk = 1 << 20
    var buffer = [UInt8](repeating: 0, count: chunk)
    let status: Int32 = data.withUnsafeBytes { (input: UnsafeRawBufferPointer) -> Int32 in
      stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
      stream.avail_in = uInt(input.count)
      var status = Z_OK
      repeat {
        status = buffer.withUnsafeMutableBufferPointer { out in
          stream.next_out = out.baseAddress
          stream.avail_out = uInt(chunk)
          let result = inflate(&stream, Z_NO_FLUSH)
          output.append(out.baseAddress!, count: chunk - Int(stream.avail_out))
          return result
        }
        if output.count > limit { return Z_MEM_ERROR }
      } while status == Z_OK && (stream.avail_in > 0 || stream.avail_out == 0)
      return status
    }
    switch status {
    case Z_STREAM_END:
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
