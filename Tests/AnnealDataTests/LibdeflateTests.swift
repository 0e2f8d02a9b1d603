// Copyright © 2026 the Anneal authors.

import AnnealData
import Foundation
import Testing
import _AnnealTestSupport

/// The optional libdeflate inflates exactly what zlib does, and leaves every damaged file to
/// zlib (whose messages the errors keep).
@Suite struct LibdeflateTests {
  @Test func choosingZlibLoadsNothing() {
    #expect(Libdeflate.load(request: "zlib") == nil)
    #expect(Libdeflate.load(request: "/nonexistent/libdeflate.so") == nil)
  }

  @Test func sameBytesAsZlibOnRealMNIST() throws {
    guard Libdeflate.shared != nil else { return }  // not installed: zlib does everything
    let data = try Data(contentsOf: URL(fileURLWithPath: SharedData.mnistDirectory + "/t10k-images-idx3-ubyte.gz"))
    let fast = try Gzip.decompressedBytes(data, path: "t10k", limit: 1 << 30)
    // An initial capacity of its own makes Gzip use zlib.
    let zlib = try Gzip.decompressedBytes(data, path: "t10k", limit: 1 << 30, initialCapacity: 1 << 16)
    #expect(fast.count == 10_000 * 784 + 16)
    #expect(fast.elementsEqual(zlib))
  }

  @Test func damagedDataIsRefused() throws {
    guard let libdeflate = Libdeflate.shared else { return }
    let plain = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31 >> 3) })
    var compressed = Gzip.compress(plain)
    let intact = compressed.withUnsafeBytes { input in
      var output = [UInt8](repeating: 0, count: plain.count)
      return output.withUnsafeMutableBytes { libdeflate.inflate(input, into: $0) } && output.elementsEqual(plain)
    }
    #expect(intact)
    compressed[compressed.count / 2] ^= 0x55
    let damaged = compressed.withUnsafeBytes { input in
      var output = [UInt8](repeating: 0, count: plain.count)
      return output.withUnsafeMutableBytes { libdeflate.inflate(input, into: $0) }
    }
    #expect(!damaged)
    let shortOutput = Gzip.compress(plain).withUnsafeBytes { input in
      var output = [UInt8](repeating: 0, count: plain.count + 1)
      return output.withUnsafeMutableBytes { libdeflate.inflate(input, into: $0) }
    }
    #expect(!shortOutput)
  }
}
