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

  /// `cat a.gz b.gz` is one valid gzip file (RFC 1952 §2.2) that gunzip inflates to both
  /// parts; with libdeflate or zlib, and also when both members are the same, where the last
  /// member's size in the trailer equals the first's.
  @Test(arguments: [false, true])
  func concatenatedMembersInflateWhole(sameMembers: Bool) throws {
    let first = Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 7 >> 2) })
    let second = sameMembers ? first : Data("and a second member".utf8)
    let joined = Gzip.compress(first) + Gzip.compress(second)
    for capacity in [nil, 1 << 10] {
      let inflated = try Gzip.decompressedBytes(joined, path: "two.gz", limit: 1 << 20, initialCapacity: capacity)
      #expect(Data(inflated) == first + second)
    }
    #expect(throws: IDXError.self) {
      try Gzip.decompressedBytes(joined.dropLast(3), path: "two.gz", limit: 1 << 20)
    }
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
