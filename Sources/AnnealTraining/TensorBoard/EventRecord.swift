// Copyright © 2026 the Anneal authors.

import Foundation

/// TensorFlow's `Event` protocol buffer, as far as scalar summaries need it, and the TFRecord
/// framing TensorBoard's event files use (`tensorboard/compat/proto/event.proto`,
/// `tensorflow/core/lib/io/record_writer.cc`).
package enum EventRecord {
  /// One scalar of an event's summary (`Summary.Value` with `simple_value`).
  package struct Scalar: Sendable, Equatable {
    package var tag: String
    package var value: Float

    package init(tag: String, value: Float) {
      self.tag = tag
      self.value = value
    }
  }

  /// An `Event` message: `wall_time` (field 1), `step` (2), and either `file_version` (3) or a
  /// `summary` (5) of scalars, each field written only when set, in field order, as protobuf's
  /// own serialiser does;
  /// `sourceWriter` names the program in `source_metadata` (field 10), as the first event of
  /// a file does.
  package static func event(
    wallTime: Double, step: Int64, fileVersion: String? = nil, scalars: [Scalar] = [], sourceWriter: String? = nil
  ) -> Data {
    var message = Data()
    if wallTime.bitPattern != 0 {
      message.append(0x09)  // field 1, 64-bit
      append(fixed64: wallTime.bitPattern, to: &message)
    }
    if step != 0 {
      message.append(0x10)  // field 2, varint
      append(varint: UInt64(bitPattern: step), to: &message)
    }
    if let fileVersion {
      append(lengthDelimited: 3, Data(fileVersion.utf8), to: &message)
    }
    if !scalars.isEmpty {
      var summary = Data()
      for scalar in scalars {
        var value = Data()
        append(lengthDelimited: 1, Data(scalar.tag.utf8), to: &value)
        value.append(0x15)  // field 2, 32-bit
        let bits = scalar.value.bitPattern
        for shift in stride(from: 0, to: 32, by: 8) { value.append(UInt8(truncatingIfNeeded: bits >> UInt32(shift))) }
        append(lengthDelimited: 1, value, to: &summary)
      }
      append(lengthDelimited: 5, summary, to: &message)
    }
    if let sourceWriter {
      var metadata = Data()
      append(lengthDelimited: 1, Data(sourceWriter.utf8), to: &metadata)
      append(lengthDelimited: 10, metadata, to: &message)
    }
    return message
  }

  /// `data` framed as one TFRecord: its length (little-endian 64 bits), the masked CRC-32C of
  /// those 8 bytes, the data, and the masked CRC-32C of the data.
  package static func framed(_ data: Data) -> Data {
    var length = Data()
    append(fixed64: UInt64(data.count), to: &length)
    var record = length
    append(fixed32: maskedCRC(length), to: &record)
    record.append(data)
    append(fixed32: maskedCRC(data), to: &record)
    return record
  }

  /// TFRecord's masking of a CRC-32C: rotated right by 15 bits, plus a constant, so that a CRC
  /// of data holding CRCs stays well distributed.
  package static func maskedCRC(_ data: Data) -> UInt32 {
    let crc = CRC32C.checksum(data)
    return ((crc >> 15) | (crc << 17)) &+ 0xa282_ead8
  }

  private static func append(varint value: UInt64, to data: inout Data) {
    var rest = value
    while rest >= 0x80 {
      data.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    data.append(UInt8(rest))
  }

  private static func append(fixed64 value: UInt64, to data: inout Data) {
    for shift in stride(from: 0, to: 64, by: 8) { data.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
  }

  private static func append(fixed32 value: UInt32, to data: inout Data) {
    for shift in stride(from: 0, to: 32, by: 8) { data.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
  }

  private static func append(lengthDelimited field: UInt8, _ payload: Data, to data: inout Data) {
    data.append(field << 3 | 2)
    append(varint: UInt64(payload.count), to: &data)
    data.append(payload)
  }
}

/// CRC-32C (Castagnoli, reflected polynomial `0x82F63B78`), the checksum of TFRecord files.
package enum CRC32C {
  private static let table: [UInt32] = (0..<256).map { byte in
    var crc = UInt32(byte)
    for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82f6_3b78 : crc >> 1 }
    return crc
  }

  /// The CRC-32C of `data` (`"123456789"` gives `0xE3069283`).
  package static func checksum(_ data: Data) -> UInt32 {
    var crc: UInt32 = 0xffff_ffff
    for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xff)] ^ (crc >> 8) }
    return ~crc
  }
}
