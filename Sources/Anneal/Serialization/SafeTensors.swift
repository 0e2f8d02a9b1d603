// Copyright © 2026 the Anneal authors.

import Foundation

/// Reading and writing the safetensors format that PyTorch (`safetensors.torch`) and the
/// Hugging Face ecosystem share: an 8-byte little-endian header length, a JSON header naming
/// each tensor's dtype, shape and byte range, then the raw little-endian data.
///
/// Anneal writes `F32`, `I64`, `BOOL` and `U8` tensors in the order given, with an optional
/// string-to-string `__metadata__`, and reads those (and converts `F64`, `F16`, `BF16` to
/// float32) after checking every
/// rule of the format: header bounds, JSON shape, known dtypes, shapes that match byte
/// ranges, and ranges that tile the data without gaps or overlaps.
///
/// ```swift
/// try SafeTensors.write(["fc1.weight": weight.data], order: ["fc1.weight"], to: "model.safetensors")
/// let (tensors, metadata) = try SafeTensors.read(from: "model.safetensors")
/// ```
public enum SafeTensors {
  /// The largest header accepted, as in the reference implementation (100 MB).
  public static let maximumHeaderSize = 100_000_000

  /// Encodes tensors in `order` (every key of `tensors`, once) with `metadata`.
  public static func encode(
    _ tensors: [String: TensorData], order: [String], metadata: [String: String] = [:]
  ) -> Data {
    check(Set(order) == Set(tensors.keys) && order.count == tensors.count, "order must list every tensor once")
    var entries: [String] = []
    if !metadata.isEmpty {
      let fields = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0] ?? ""))" }
      entries.append("\"__metadata__\":{\(fields.joined(separator: ","))}")
    }
    var offset = 0
    for name in order {
      guard let tensor = tensors[name] else { continue }
      let size = tensor.count * tensor.dtype.itemSize
      let shape = tensor.shape.map(String.init).joined(separator: ",")
      entries.append(
        "\(jsonString(name)):{\"dtype\":\"\(fileDtype(tensor.dtype))\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + size)]}"
      )
      offset += size
    }
    var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
    while header.count % 8 != 0 { header.append(0x20) }  // pad with spaces, as the reference writer does
    var data = Data(capacity: 8 + header.count + offset)
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(contentsOf: header)
    for name in order {
      guard let tensor = tensors[name] else { continue }
      switch tensor.dtype {
      case .float32:
        tensor.scalars.withUnsafeBufferPointer { buffer in
          for value in buffer { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        }
      case .int64:
        for value in tensor.integers { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
      case .bool, .uint8:
        data.append(contentsOf: tensor.integers.map { UInt8(truncatingIfNeeded: $0) })
      }
    }
    return data
  }

  /// Writes tensors atomically with ``AtomicFile``: to a temporary file in the same folder,
  /// flushed, then renamed over `path`, so an existing file is replaced whole or not at all and
  /// keeps its permissions.
  ///
  /// - Throws: ``SafeTensorsError/write(_:)`` with the system's reason.
  public static func write(
    _ tensors: [String: TensorData], order: [String], metadata: [String: String] = [:], to path: String,
    existing: AtomicFile.Existing = .replace
  ) throws(SafeTensorsError) {
    do {
      try AtomicFile.write(encode(tensors, order: order, metadata: metadata), to: path, existing: existing)
    } catch {
      throw .write(error)
    }
  }

  /// Reads and validates a file; `names` lists the tensors in file order.
  public static func read(from path: String) throws(SafeTensorsError) -> (
    tensors: [String: TensorData], names: [String], metadata: [String: String]
  ) {
    let data: Data
    do {
      data = try FileContents.read(path)
    } catch {
      throw .io(path: path, reason: error.reason)
    }
    return try decode(data, path: path)
  }

  /// Decodes and validates safetensors bytes; `path` names the source in errors.
  public static func decode(_ data: Data, path: String) throws(SafeTensorsError) -> (
    tensors: [String: TensorData], names: [String], metadata: [String: String]
  ) {
    func malformed(_ reason: String) -> SafeTensorsError { .malformed(path: path, reason: reason) }
    let bytes = [UInt8](data)
    guard bytes.count >= 8 else { throw malformed("only \(bytes.count) bytes, fewer than the 8-byte header length") }
    let declared = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    guard declared <= UInt64(maximumHeaderSize) else {
      throw malformed("the header length \(declared) exceeds the limit of \(maximumHeaderSize) bytes")
    }
    let headerSize = Int(declared)
    guard headerSize <= bytes.count - 8 else {
      throw malformed("the header length \(headerSize) exceeds the \(bytes.count - 8) bytes after it")
    }
    let headerBytes = bytes[8..<(8 + headerSize)]
    guard headerBytes.first == UInt8(ascii: "{") else { throw malformed("the header does not start with '{'") }
    let object: HeaderJSON
    do {
      object = try HeaderJSON.parse(headerBytes)
    } catch {
      throw malformed("the header is not valid JSON: \(error.reason)")
    }
    guard case .object(let header) = object else { throw malformed("the header is not a JSON object") }
    var metadata: [String: String] = [:]
    if let raw = header.first(where: { $0.key == "__metadata__" })?.value {
      guard case .object(let fields) = raw else { throw malformed("__metadata__ is not an object") }
      for (key, value) in fields {
        guard case .string(let text) = value else { throw malformed("__metadata__ value '\(key)' is not a string") }
        metadata[key] = text
      }
    }
    let payload = bytes.count - 8 - headerSize
    let base = 8 + headerSize
    var spans: [(name: String, begin: Int, end: Int, dtype: String, shape: [Int])] = []
    for (name, raw) in header where name != "__metadata__" {
      guard case .object(let fields) = raw,
        case .string(let dtype)? = fields.first(where: { $0.key == "dtype" })?.value,
        case .array(let shapeValues)? = fields.first(where: { $0.key == "shape" })?.value,
        case .array(let offsetValues)? = fields.first(where: { $0.key == "data_offsets" })?.value,
        offsetValues.count == 2
      else { throw malformed("tensor '\(name)' lacks dtype, shape or two data_offsets") }
      let shape = try integers(shapeValues, "shape of '\(name)'", path)
      let offsets = try integers(offsetValues, "data_offsets of '\(name)'", path)
      guard let width = dtypeWidth(dtype) else { throw .unsupportedDtype(path: path, tensor: name, dtype: dtype) }
      var elements = 1
      for extent in shape {
        let (product, overflow) = elements.multipliedReportingOverflow(by: extent)
        guard !overflow, product <= payload else { throw malformed("the shape \(shape) of '\(name)' exceeds the data") }
        elements = product
      }
      guard offsets[0] <= offsets[1], offsets[1] <= payload else {
        throw malformed("data_offsets \(offsets) of '\(name)' fall outside the \(payload) data bytes")
      }
      guard offsets[1] - offsets[0] == elements * width else {
        throw malformed(
          "'\(name)' has shape \(shape) (\(elements * width) bytes) but data_offsets span \(offsets[1] - offsets[0])")
      }
      spans.append((name, offsets[0], offsets[1], dtype, shape))
    }
    spans.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
    var cursor = 0
    for span in spans {
      guard span.begin == cursor else {
        throw malformed(
          span.begin < cursor ? "tensor '\(span.name)' overlaps another" : "a gap before tensor '\(span.name)'")
      }
      cursor = span.end
    }
    guard cursor == payload else { throw malformed("\(payload - cursor) bytes after the last tensor") }
    var tensors: [String: TensorData] = [:]
    for span in spans {
      let range = (base + span.begin)..<(base + span.end)
      switch span.dtype {
      case "I64":
        let values = stride(from: range.lowerBound, to: range.upperBound, by: 8).map { start in
          bytes[start..<(start + 8)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
        tensors[span.name] = TensorData(
          shape: span.shape, dtype: .int64, integers: values.map { Int64(bitPattern: $0) })
      case "BOOL":
        guard let bad = bytes[range].first(where: { $0 > 1 }) else {
          tensors[span.name] = TensorData(shape: span.shape, dtype: .bool, integers: bytes[range].map(Int64.init))
          continue
        }
        throw malformed("tensor '\(span.name)' holds the byte \(bad), which is not a bool")
      case "U8":
        tensors[span.name] = TensorData(shape: span.shape, dtype: .uint8, integers: bytes[range].map(Int64.init))
      default:
        let scalars = bytes.withUnsafeBufferPointer { buffer in
          convert(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[range]), span.dtype)
        }
        tensors[span.name] = TensorData(shape: span.shape, scalars: scalars)
      }
    }
    return (tensors, spans.map(\.name), metadata)
  }

  private static func dtypeWidth(_ dtype: String) -> Int? {
    switch dtype {
    case "F32": 4
    case "F64", "I64": 8
    case "F16", "BF16": 2
    case "BOOL", "U8": 1
    default: nil
    }
  }

  /// The format's name of a dtype.
  private static func fileDtype(_ dtype: DType) -> String {
    switch dtype {
    case .float32: "F32"
    case .int64: "I64"
    case .bool: "BOOL"
    case .uint8: "U8"
    }
  }

  private static func convert(_ raw: UnsafeRawBufferPointer, _ dtype: String) -> [Float] {
    switch dtype {
    case "F64":
      return stride(from: 0, to: raw.count, by: 8).map {
        Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0, as: UInt64.self))))
      }
    case "F16":
      return stride(from: 0, to: raw.count, by: 2).map {
        halfToFloat(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0, as: UInt16.self)))
      }
    case "BF16":
      return stride(from: 0, to: raw.count, by: 2).map {
        Float(bitPattern: UInt32(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0, as: UInt16.self))) << 16)
      }
    default:
      return stride(from: 0, to: raw.count, by: 4).map {
        Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0, as: UInt32.self)))
      }
    }
  }

  private static func halfToFloat(_ bits: UInt16) -> Float {
    let sign = UInt32(bits & 0x8000) << 16
    let exponent = Int((bits >> 10) & 0x1f)
    let mantissa = UInt32(bits & 0x3ff)
    if exponent == 0 {
      let value = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
      return sign == 0 ? value : -value
    }
    if exponent == 31 { return Float(bitPattern: sign | 0x7f80_0000 | mantissa << 13) }
    return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | mantissa << 13)
  }

  private static func integers(
    _ values: [HeaderJSON], _ what: String, _ path: String
  ) throws(SafeTensorsError) -> [Int] {
    var result: [Int] = []
    for value in values {
      // 100.0, 1e2 and true are not integers to the reference parser either.
      guard let integer = value.unsignedInteger else {
        throw .malformed(path: path, reason: "\(what) must hold non-negative integers")
      }
      result.append(integer)
    }
    return result
  }

  private static func jsonString(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      default:
        if scalar.value < 0x20 {
          result +=
            "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
            + String(scalar.value, radix: 16)
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }
}
