// Copyright © 2026 the Anneal authors.

/// The JSON of a safetensors header, parsed as strictly as the reference implementation
/// (serde_json) reads it: a key twice in one object is an error, numbers keep their text so
/// that `100.0` or `true` is not taken for the integer `100` or `1`, and nesting is bounded.
enum HeaderJSON: Equatable {
  case object([(key: String, value: HeaderJSON)])
  case array([HeaderJSON])
  case string(String)
  /// A number as written.
  case number(String)
  case bool(Bool)
  case null

  static func == (a: HeaderJSON, b: HeaderJSON) -> Bool {
    switch (a, b) {
    case (.object(let x), .object(let y)): x.map(\.key) == y.map(\.key) && x.map(\.value) == y.map(\.value)
    case (.array(let x), .array(let y)): x == y
    case (.string(let x), .string(let y)), (.number(let x), .number(let y)): x == y
    case (.bool(let x), .bool(let y)): x == y
    case (.null, .null): true
    default: false
    }
  }

  /// Why the text is not accepted.
  struct Failure: Error {
    let reason: String
  }

  /// Parses one JSON value filling `bytes` (white space around it allowed).
  static func parse(_ bytes: ArraySlice<UInt8>) throws(Failure) -> HeaderJSON {
    var parser = Parser(bytes: Array(bytes))
    let value = try parser.value(depth: 0)
    parser.skipSpace()
    guard parser.position == parser.bytes.count else { throw Failure(reason: "text after the JSON value") }
    return value
  }

  /// The value of an integer written without sign, fraction or exponent, if it is one.
  var unsignedInteger: Int? {
    guard case .number(let text) = self, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
      return nil
    }
    return Int(text)
  }

  private struct Parser {
    let bytes: [UInt8]
    var position = 0
    static let maximumDepth = 64

    mutating func skipSpace() {
      while position < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[position]) { position += 1 }
    }

    mutating func value(depth: Int) throws(Failure) -> HeaderJSON {
      guard depth < Self.maximumDepth else { throw Failure(reason: "nested deeper than \(Self.maximumDepth) levels") }
      skipSpace()
      guard position < bytes.count else { throw Failure(reason: "it ends early") }
      switch bytes[position] {
      case UInt8(ascii: "{"):
        position += 1
        var members: [(key: String, value: HeaderJSON)] = []
        var keys = Set<String>()
        skipSpace()
        if consume(UInt8(ascii: "}")) { return .object(members) }
        repeat {
          skipSpace()
          let key = try string()
          guard keys.insert(key).inserted else { throw Failure(reason: "the key '\(key)' appears twice") }
          skipSpace()
          guard consume(UInt8(ascii: ":")) else { throw Failure(reason: "expected ':' after '\(key)'") }
          members.append((key, try value(depth: depth + 1)))
          skipSpace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else { throw Failure(reason: "expected ',' or '}'") }
        return .object(members)
      case UInt8(ascii: "["):
        position += 1
        var items: [HeaderJSON] = []
        skipSpace()
        if consume(UInt8(ascii: "]")) { return .array(items) }
        repeat {
          items.append(try value(depth: depth + 1))
          skipSpace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else { throw Failure(reason: "expected ',' or ']'") }
        return .array(items)
      case UInt8(ascii: "\""):
        return .string(try string())
      case UInt8(ascii: "t"):
        try literal("true")
        return .bool(true)
      case UInt8(ascii: "f"):
        try literal("false")
        return .bool(false)
      case UInt8(ascii: "n"):
        try literal("null")
        return .null
      default:
        return .number(try number())
      }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
      guard position < bytes.count, bytes[position] == byte else { return false }
      position += 1
      return true
    }

    private mutating func literal(_ word: String) throws(Failure) {
      let expected = Array(word.utf8)
      guard position + expected.count <= bytes.count, Array(bytes[position..<position + expected.count]) == expected
      else { throw Failure(reason: "an unknown word") }
      position += expected.count
    }

    /// JSON's number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func number() throws(Failure) -> String {
      let start = position
      func digits() -> Int {
        let first = position
        while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 { position += 1 }
        return position - first
      }
      _ = consume(UInt8(ascii: "-"))
      let integer = position
      guard digits() > 0, bytes[integer] != 48 || position - integer == 1 else {
        throw Failure(reason: "a malformed number")
      }
      if consume(UInt8(ascii: ".")) { guard digits() > 0 else { throw Failure(reason: "a malformed number") } }
      if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
        _ = consume(UInt8(ascii: "+")) || consume(UInt8(ascii: "-"))
        guard digits() > 0 else { throw Failure(reason: "a malformed number") }
      }
      return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func string() throws(Failure) -> String {
      guard consume(UInt8(ascii: "\"")) else { throw Failure(reason: "expected a string") }
      var run = position
      var text = ""
      func flush(_ end: Int) throws(Failure) {
        guard let part = String(validating: bytes[run..<end], as: UTF8.self) else {
          throw Failure(reason: "a string that is not UTF-8")
        }
        text += part
      }
      while true {
        guard position < bytes.count else { throw Failure(reason: "a string that does not end") }
        let byte = bytes[position]
        if byte == UInt8(ascii: "\"") {
          try flush(position)
          position += 1
          return text
        }
        guard byte >= 0x20 else { throw Failure(reason: "a control character in a string") }
        guard byte == UInt8(ascii: "\\") else {
          position += 1
          continue
        }
        try flush(position)
        position += 1
        guard position < bytes.count else { throw Failure(reason: "a string that does not end") }
        let escape = bytes[position]
        position += 1
        switch escape {
        case UInt8(ascii: "\""): text += "\""
        case UInt8(ascii: "\\"): text += "\\"
        case UInt8(ascii: "/"): text += "/"
        case UInt8(ascii: "b"): text += "\u{8}"
        case UInt8(ascii: "f"): text += "\u{c}"
        case UInt8(ascii: "n"): text += "\n"
        case UInt8(ascii: "r"): text += "\r"
        case UInt8(ascii: "t"): text += "\t"
        case UInt8(ascii: "u"):
          var code = try hex4()
          if (0xD800..<0xDC00).contains(code) {
            guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else {
              throw Failure(reason: "a lone surrogate in a string")
            }
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw Failure(reason: "a lone surrogate in a string") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          }
          guard let scalar = Unicode.Scalar(code) else { throw Failure(reason: "a lone surrogate in a string") }
          text.unicodeScalars.append(scalar)
        default: throw Failure(reason: "an unknown escape in a string")
        }
        run = position
      }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
      guard position + 4 <= bytes.count else { throw Failure(reason: "a malformed \\u escape") }
      var value: UInt32 = 0
      for _ in 0..<4 {
        guard let digit = Character(Unicode.Scalar(bytes[position])).hexDigitValue else {
          throw Failure(reason: "a malformed \\u escape")
        }
        value = value << 4 | UInt32(digit)
        position += 1
      }
      return value
    }
  }
}
