// Copyright © 2026 the Anneal authors.

/// Why an IDX file could not be read. Every case names the file.
public enum IDXError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file does not exist or cannot be read.
  case unreadable(path: String, reason: String)
  /// The gzip stream is damaged or ends early.
  case corruptGzip(path: String, reason: String)
  /// The first bytes are not an IDX header.
  case notIDX(path: String, reason: String)
  /// The element type is not one Anneal reads.
  case unsupportedType(path: String, code: UInt8)
  /// The data is shorter or longer than the header declares.
  case sizeMismatch(path: String, expected: Int, actual: Int)
  /// The header declares more data than Anneal accepts.
  case tooLarge(path: String, elements: Int, limit: Int)

  public var description: String {
    switch self {
    case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
    case .corruptGzip(let path, let reason): "\(path) is not a valid gzip file: \(reason)"
    case .notIDX(let path, let reason): "\(path) is not an IDX file: \(reason)"
    case .unsupportedType(let path, let code):
      "\(path) has IDX element type 0x\(String(code, radix: 16)); only unsigned bytes (0x08) are supported"
    case .sizeMismatch(let path, let expected, let actual):
      "\(path) is truncated or damaged: the header declares \(expected) data bytes but the file has \(actual)"
    case .tooLarge(let path, let elements, let limit):
      "\(path) declares \(elements) elements, more than the limit of \(limit)"
    }
  }
}
