// Copyright © 2026 the Anneal authors.

/// Parses the Python subset of ``PythonExpression``.
struct ExpressionParser {
  private enum Token: Equatable {
    case number(PythonExpression.Value)
    case name(String)
    case symbol(String)
  }

  private var tokens: [(token: Token, offset: Int)] = []
  private var index = 0
  private var variable: String?
  private let text: String
  private var tokenizeError: SpecError?
  private var depth = 0

  init(_ text: String, variable: String) {
    self.text = text
    self.variable = variable
    tokenize()
  }

  mutating func parseLambda() throws(SpecError) -> (PythonExpression.Node, String?) {
    if let tokenizeError { throw tokenizeError }
    guard tokens.count <= PythonExpression.maximumTokens else {
      throw SpecError.syntax(
        "expression longer than \(PythonExpression.maximumTokens) tokens in '\(text.prefix(40))…'", offset: 0)
    }
    if peek == .name("lambda") {
      index += 1
      if consume(":") {
        // Python accepts `lambda: 0.95` and raises only when it is called with the epoch.
        variable = nil
      } else {
        guard case .name(let name)? = peek else { throw error("expected a parameter name after 'lambda'") }
        index += 1
        guard consume(":") else { throw error("expected ':' after 'lambda \(name)'") }
        variable = name
      }
    }
    guard peek != nil else { throw error("empty expression") }
    let node = try parseTernary()
    guard peek == nil else { throw error("unexpected \(describe(peek))") }
    return (node, variable)
  }

  /// Counts one level of recursion; every recursive rule passes through here.
  private mutating func enter() throws(SpecError) {
    depth += 1
    guard depth < 64 else { throw error("expression nested too deeply") }
  }

  private mutating func parseTernary() throws(SpecError) -> PythonExpression.Node {
    try enter()
    defer { depth -= 1 }
    let value = try parseOr()
    guard peek == .name("if") else { return value }
    index += 1
    let condition = try parseOr()
    guard peek == .name("else") else { throw error("expected 'else'") }
    index += 1
    return .ternary(condition, value, try parseTernary())
  }

  private mutating func parseOr() throws(SpecError) -> PythonExpression.Node {
    var node = try parseAnd()
    while peek == .name("or") {
      index += 1
      node = .binary("or", node, try parseAnd())
    }
    return node
  }

  private mutating func parseAnd() throws(SpecError) -> PythonExpression.Node {
    var node = try parseNot()
    while peek == .name("and") {
      index += 1
      node = .binary("and", node, try parseNot())
    }
    return node
  }

  private mutating func parseNot() throws(SpecError) -> PythonExpression.Node {
    if peek == .name("not") {
      index += 1
      try enter()
      defer { depth -= 1 }
      return .unary("not", try parseNot())
    }
    return try parseComparison()
  }

  private mutating func parseComparison() throws(SpecError) -> PythonExpression.Node {
    let first = try parseSum()
    var ops: [String] = []
    var operands = [first]
    while case .symbol(let op)? = peek, ["<", "<=", ">", ">=", "==", "!="].contains(op) {
      index += 1
      ops.append(op)
      operands.append(try parseSum())
    }
    return ops.isEmpty ? first : .compare(ops, operands)
  }

  private mutating func parseSum() throws(SpecError) -> PythonExpression.Node {
    var node = try parseProduct()
    while case .symbol(let op)? = peek, op == "+" || op == "-" {
      index += 1
      node = .binary(op, node, try parseProduct())
    }
    return node
  }

  private mutating func parseProduct() throws(SpecError) -> PythonExpression.Node {
    var node = try parseUnary()
    while case .symbol(let op)? = peek, ["*", "/", "//", "%"].contains(op) {
      index += 1
      node = .binary(op, node, try parseUnary())
    }
    return node
  }

  private mutating func parseUnary() throws(SpecError) -> PythonExpression.Node {
    if case .symbol(let op)? = peek, op == "-" || op == "+" {
      index += 1
      try enter()
      defer { depth -= 1 }
      return .unary(op, try parseUnary())
    }
    return try parsePower()
  }

  private mutating func parsePower() throws(SpecError) -> PythonExpression.Node {
    let base = try parseAtom()
    guard consume("**") else { return base }
    try enter()
    defer { depth -= 1 }
    return .binary("**", base, try parseUnary())
  }

  private mutating func parseAtom() throws(SpecError) -> PythonExpression.Node {
    guard let token = peek else { throw error("unexpected end of expression") }
    index += 1
    switch token {
    case .number(let value):
      return .constant(value)
    case .symbol("("):
      let node = try parseTernary()
      guard consume(")") else { throw error("expected ')'") }
      return node
    case .name("True"): return .constant(.int(1))
    case .name("False"): return .constant(.int(0))
    case .name("math.pi"): return .constant(.float(Double.pi))
    case .name("math.e"): return .constant(.float(2.718_281_828_459_045))
    case .name(let name) where variable != nil && name == variable:
      return .variable
    case .name(let name) where PythonExpression.functions.contains(name):
      guard consume("(") else { throw error("expected '(' after \(name)") }
      var arguments: [PythonExpression.Node] = []
      if !consume(")") {
        repeat { arguments.append(try parseTernary()) } while consume(",")
        guard consume(")") else { throw error("expected ')' after the arguments of \(name)") }
      }
      guard PythonExpression.arity(name).contains(arguments.count) else {
        throw error("\(name) takes \(PythonExpression.arity(name).lowerBound) argument(s), got \(arguments.count)")
      }
      return .call(name, arguments)
    case .name(let name):
      throw SpecError.syntax(
        "unknown name '\(name)' in expression; use "
          + (variable.map { "'\($0)', " } ?? "") + "numbers, math.* functions, min, max, abs",
        offset: tokens[index - 1].offset)
    case .symbol(let symbol):
      throw SpecError.syntax("unexpected '\(symbol)' in expression", offset: tokens[index - 1].offset)
    }
  }

  // MARK: - Tokens

  private var peek: Token? { index < tokens.count ? tokens[index].token : nil }

  private mutating func consume(_ symbol: String) -> Bool {
    guard peek == .symbol(symbol) else { return false }
    index += 1
    return true
  }

  private func describe(_ token: Token?) -> String {
    switch token {
    case .number(let value)?: "number \(value.double)"
    case .name(let name)?: "'\(name)'"
    case .symbol(let symbol)?: "'\(symbol)'"
    case nil: "end of expression"
    }
  }

  private func error(_ message: String) -> SpecError {
    .syntax("\(message) in expression '\(text)'", offset: index < tokens.count ? tokens[index].offset : text.count)
  }

  private mutating func tokenize() {
    let characters = Array(text)
    var position = 0
    while position < characters.count {
      let c = characters[position]
      let start = position
      if c.isWhitespace {
        position += 1
      } else if c.isNumber || (c == "." && position + 1 < characters.count && characters[position + 1].isNumber) {
        var isFloat = false
        while position < characters.count, characters[position].isNumber || characters[position] == "_" {
          position += 1
        }
        if position < characters.count, characters[position] == "." {
          isFloat = true
          position += 1
          while position < characters.count, characters[position].isNumber { position += 1 }
        }
        if position < characters.count, characters[position] == "e" || characters[position] == "E" {
          isFloat = true
          position += 1
          if position < characters.count, characters[position] == "+" || characters[position] == "-" { position += 1 }
          while position < characters.count, characters[position].isNumber { position += 1 }
        }
        let literal = String(characters[start..<position]).filter { $0 != "_" }
        if !isFloat, let n = Int(literal) {
          tokens.append((.number(.int(n)), start))
        } else if let x = Double(literal) {
          tokens.append((.number(.float(x)), start))
        } else {
          tokenizeError = .syntax("malformed number '\(literal)' in expression '\(text)'", offset: start)
          return
        }
      } else if c.isLetter || c == "_" {
        while position < characters.count,
          characters[position].isLetter || characters[position].isNumber || characters[position] == "_"
            || characters[position] == "."
        {
          position += 1
        }
        tokens.append((.name(String(characters[start..<position])), start))
      } else {
        let two = position + 1 < characters.count ? String(characters[position...position + 1]) : ""
        if ["**", "//", "<=", ">=", "==", "!="].contains(two) {
          tokens.append((.symbol(two), start))
          position += 2
        } else if "+-*/%()<>,:".contains(c) {
          tokens.append((.symbol(String(c)), start))
          position += 1
        } else {
          tokenizeError = .syntax("unexpected '\(c)' in expression '\(text)'", offset: start)
          return
        }
      }
    }
  }
}
