// Copyright © 2026 the Anneal authors.

/// CRC-32 (IEEE 802.3, as in zlib and gzip), the checksum of checkpoint contents.
struct CRC32 {
  private static let table: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 { value = value & 1 == 1 ? 0xedb8_8320 ^ (value >> 1) : value >> 1 }
    return value
  }

  private(set) var value: UInt32 = 0xffff_ffff

  mutating func update(_ bytes: some Sequence<UInt8>) {
    for byte in bytes { value = Self.table[Int((value ^ UInt32(byte)) & 0xff)] ^ (value >> 8) }
  }

  var checksum: UInt32 { value ^ 0xffff_ffff }
}
