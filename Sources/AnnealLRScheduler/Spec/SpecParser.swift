// Copyright © 2026 the Anneal authors.

#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A recursive-descent parser for the Python subset scheduler specs use: calls with
/// positional and keyword arguments, numbers, strings, `True`/`False`/`None`, lists, tuples,
/// and constant arithmetic (`+ - * / **`, parentheses) such as `factor=1/3`.
struct SpecParser {
  private let characters: [Character]
  private var position = 0
  private var depth = 0
  private static let maximumDepth = 64

  init(_ text: String) { characters = Array(text) }

  mutating func parseSpec() throws(SpecError) -> SchedulerSpec {
    skipSpace()
    let spec = try parseCall()
    skipSpace()
    guard position == characters.count else { throw error("unexpected '\(characters[position])' after the call") }
    return spec
  }

  private mutating func parseCall() throws(SpecError) -> SchedulerSpec {
    let start = position
    guard let name = identifier() else { throw error("expected a scheduler name such as StepLR(...)") }
    skipSpace()
    guard consume("(") else { throw SpecError.syntax("expected '(' after '\(name)'", offset: position) }
    var spec = SchedulerSpec(name: name)
    try nested { (parser: inout SpecParser) throws(SpecError) in
      parser.skipSpace()
      while !parser.consume(")") {
        if parser.atEnd { throw parser.error("missing ')' to close \(name)( opened at character \(start + 1)") }
        let save = parser.position
        if let key = parser.identifier() {
          parser.skipSpace()
          if parser.peek == "=" && parser.peek(1) != "=" {
            parser.position += 1
            guard !spec.keywords.contains(where: { $0.name == key }) else {
              throw SpecError.duplicateArgument(scheduler: name, argument: key)
            }
            spec.keywords.append((key, try parser.parseExpression()))
          } else {
            parser.position = save
            guard spec.keywords.isEmpty else { throw parser.error("positional argument follows keyword argument") }
            spec.positional.append(try parser.parsePositional())
          }
        } else {
          guard spec.keywords.isEmpty else { throw parser.error("positional argument follows keyword argument") }
          spec.positional.append(try parser.parseExpression())
        }
        parser.skipSpace()
        if parser.consume(",") {
          parser.skipSpace()
        } else if parser.peek != ")" {
          throw parser.error(parser.atEnd ? "missing ')' to close \(name)(" : "expected ',' or ')'")
        }
      }
    }
    return spec
  }

  /// A positional argument that starts with a name: a bare `optimizer` placeholder, a
  /// nested call, or a constant such as `True`.
  private mutating func parsePositional() throws(SpecError) -> SpecValue {
    let save = position
    if let name = identifier() {
      skipSpace()
      if peek != "(" && !["True", "False", "None"].contains(name) {
        return .string(name)  // A bare name: the optimizer placeholder, checked by the factory.
      }
      position = save
    }
    return try parseExpression()
  }

  // MARK: - Expressions

  private mutating func parseExpression() throws(SpecError) -> SpecValue {
    try nested { (parser: inout SpecParser) throws(SpecError) in try parser.parseSum() }
  }

  private mutating func parseSum() throws(SpecError) -> SpecValue {
    var value = try parseProduct()
    while true {
      skipSpace()
      if consume("+") {
        value = try arithmetic(value, try parseProduct(), "+", +)
      } else if consume("-") {
        value = try arithmetic(value, try parseProduct(), "-", -)
      } else {
        return value
      }
    }
  }

  private mutating func parseProduct() throws(SpecError) -> SpecValue {
    var value = try parseUnary()
    while true {
      skipSpace()
      if peek == "*" && peek(1) != "*" {
        position += 1
        value = try arithmetic(value, try parseUnary(), "*", *)
      } else if peek == "/" && peek(1) == "/" || peek == "%" {
        let symbol = peek == "%" ? "%" : "//"
        position += symbol.count
        value = try pythonArithmetic(value, try parseUnary(), symbol)
      } else if consume("/") {
        let divisor = try parseUnary()
        if case .number(0, _) = divisor { throw error("division by zero") }
        value = try arithmetic(value, divisor, "/", /, integerResult: false)
      } else {
        return value
      }
    }
  }

  private mutating func parseUnary() throws(SpecError) -> SpecValue {
    skipSpace()
    if consume("-") {
      let operand = try nested { (parser: inout SpecParser) throws(SpecError) in try parser.parseUnary() }
      guard case .number(let x, let isInteger) = operand else { throw error("'-' needs a number") }
      return .number(-x, isInteger: isInteger)
    }
    if consume("+") { return try nested { (parser: inout SpecParser) throws(SpecError) in try parser.parseUnary() } }
    return try parsePower()
  }

  private mutating func parsePower() throws(SpecError) -> SpecValue {
    let base = try parseAtom()
    skipSpace()
    guard peek == "*" && peek(1) == "*" else { return base }
    position += 2
    let exponent = try nested { (parser: inout SpecParser) throws(SpecError) in try parser.parseUnary() }
    return try arithmetic(base, exponent, "**", { Self.power($0, $1) })
  }

  private mutating func parseAtom() throws(SpecError) -> SpecValue {
    skipSpace()
    guard let c = peek else { throw error("expected a value") }
    if c.isNumber || c == "." { return try number() }
    if c == "'" || c == "\"" { return try string() }
    if c == "[" || c == "(" {
      position += 1
      let close: Character = c == "[" ? "]" : ")"
      if c == "(" {
        // A parenthesised expression, or a tuple if a comma follows the first item.
        skipSpace()
        if consume(")") { return .list([]) }
        let first = try parseExpression()
        skipSpace()
        if consume(")") { return first }
        return .list([first] + (try items(until: close, afterComma: true)))
      }
      return .list(try items(until: close, afterComma: false))
    }
    let save = position
    guard let name = identifier() else { throw error("unexpected '\(c)'") }
    switch name {
    case "True": return .bool(true)
    case "False": return .bool(false)
    case "None": return .none
    case "inf": return .number(.infinity, isInteger: false)
    case "lambda": return .string(try lambdaText(from: save))
    default:
      skipSpace()
      if peek == "(" {
        position = save
        return .call(try nested { (parser: inout SpecParser) throws(SpecError) in try parser.parseCall() })
      }
      throw SpecError.syntax("unknown name '\(name)' (strings need quotes)", offset: save)
    }
  }

  /// The raw text of an unquoted `lambda x: …`, up to the `,` or closing bracket that ends
  /// it; it is parsed later as a ``PythonExpression``.
  private mutating func lambdaText(from start: Int) throws(SpecError) -> String {
    var nesting = 0
    while let c = peek {
      if c == "(" || c == "[" {
        nesting += 1
      } else if c == ")" || c == "]" {
        if nesting == 0 { break }
        nesting -= 1
      } else if c == "," && nesting == 0 {
        break
      }
      position += 1
    }
    return String(characters[start..<position]).trimmingSpaces()
  }

  private mutating func items(until close: Character, afterComma: Bool) throws(SpecError) -> [SpecValue] {
    var result: [SpecValue] = []
    skipSpace()
    if afterComma {
      guard consume(",") else { throw error("expected ',' or '\(close)'") }
      skipSpace()
    }
    while !consume(close) {
      if atEnd { throw error("missing '\(close)'") }
      result.append(try parseExpression())
      skipSpace()
      if consume(",") {
        skipSpace()
      } else if peek != close {
        throw error("expected ',' or '\(close)'")
      }
    }
    return result
  }

  private func arithmetic(
    _ a: SpecValue, _ b: SpecValue, _ symbol: String, _ op: (Double, Double) -> Double,
    integerResult: Bool = true
  ) throws(SpecError) -> SpecValue {
    guard case .number(let x, let xi) = a, case .number(let y, let yi) = b else {
      throw error("'\(symbol)' needs numbers on both sides")
    }
    return .number(op(x, y), isInteger: integerResult && xi && yi && (symbol != "**" || y >= 0))
  }

  /// `a // b` or `a % b` with Python's rounding and its `ZeroDivisionError`.
  private func pythonArithmetic(_ a: SpecValue, _ b: SpecValue, _ symbol: String) throws(SpecError) -> SpecValue {
    guard case .number(let x, let xi) = a, case .number(let y, let yi) = b else {
      throw error("'\(symbol)' needs numbers on both sides")
    }
    func value(_ v: Double, _ isInteger: Bool) -> PythonExpression.Value {
      isInteger ? Int(exactly: v).map(PythonExpression.Value.int) ?? .float(v) : .float(v)
    }
    do {
      switch try PythonExpression.arithmetic(symbol, value(x, xi), value(y, yi)) {
      case .int(let n): return .number(Double(n), isInteger: true)
      case .float(let v): return .number(v, isInteger: false)
      }
    } catch {
      throw self.error(error.exception)
    }
  }

  /// Python's `float.__pow__`, which is C's `pow`.
  private static func power(_ x: Double, _ y: Double) -> Double { pow(x, y) }

  // MARK: - Tokens

  private mutating func number() throws(SpecError) -> SpecValue {
    let start = position
    var isInteger = true
    while let c = peek, c.isNumber || c == "_" { position += 1 }
    if peek == "." {
      isInteger = false
      position += 1
      while let c = peek, c.isNumber { position += 1 }
    }
    if peek == "e" || peek == "E" {
      isInteger = false
      position += 1
      if peek == "+" || peek == "-" { position += 1 }
      guard let c = peek, c.isNumber else { throw error("malformed exponent") }
      while let c = peek, c.isNumber { position += 1 }
    }
    let text = String(characters[start..<position]).replacingUnderscores()
    guard let value = Double(text), text != "." else {
      throw SpecError.syntax("malformed number '\(text)'", offset: start)
    }
    return .number(value, isInteger: isInteger)
  }

  private mutating func string() throws(SpecError) -> SpecValue {
    let quote = characters[position]
    let start = position
    position += 1
    var text = ""
    while let c = peek, c != quote {
      text.append(c)
      position += 1
    }
    guard consume(quote) else { throw SpecError.syntax("unterminated string", offset: start) }
    return .string(text)
  }

  private mutating func identifier() -> String? {
    guard let first = peek, first.isLetter || first == "_" else { return nil }
    let start = position
    while let c = peek, c.isLetter || c.isNumber || c == "_" || c == "." { position += 1 }
    return String(characters[start..<position])
  }

  private var atEnd: Bool { position >= characters.count }
  private var peek: Character? { atEnd ? nil : characters[position] }
  private func peek(_ offset: Int) -> Character? {
    position + offset < characters.count ? characters[position + offset] : nil
  }

  private mutating func consume(_ c: Character) -> Bool {
    guard peek == c else { return false }
    position += 1
    return true
  }

  private mutating func skipSpace() {
    while let c = peek, c.isWhitespace { position += 1 }
  }

  private func error(_ message: String) -> SpecError { .syntax(message, offset: position) }

  private mutating func nested<R>(
    _ body: (inout SpecParser) throws(SpecError) -> R
  ) throws(SpecError) -> R {
    depth += 1
    defer { depth -= 1 }
    guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
    return try body(&self)
  }
}

extension String {
  fileprivate func replacingUnderscores() -> String { String(filter { $0 != "_" }) }

  fileprivate func trimmingSpaces() -> String {
    String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
  }
}
