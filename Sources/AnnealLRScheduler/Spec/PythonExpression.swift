// Copyright © 2026 the Anneal authors.

/// A small Python arithmetic expression of one variable, such as `0.95 ** epoch` or
/// `lambda epoch: min(1.0, (epoch + 1) / 5)`, evaluated with Python's semantics so that a
/// PyTorch `lr_lambda` gives the same `Double`s.
///
/// Supported: integer and float literals, the variable, `+ - * / // % **`, comparisons,
/// `and`/`or`/`not`, `x if c else y`, parentheses, `True`/`False`, and the functions `min`,
/// `max`, `abs`, `float`, `int`, `pow` and `math.{cos, sin, tan, exp, log, log10, sqrt,
/// floor, ceil}` with the constants `math.pi`, `math.e`. Integer arithmetic stays exact, `/`
/// is true division, and `//` and `%` round toward negative infinity, as in Python. Division
/// by zero gives an IEEE infinity or NaN instead of raising.
public struct PythonExpression: Sendable, CustomStringConvertible {
  /// The source text.
  public let description: String
  /// The variable's name, `epoch` unless a `lambda` names another.
  public let variable: String
  private let root: Node

  indirect enum Node: Sendable {
    case constant(Value)
    case variable
    case unary(String, Node)
    case binary(String, Node, Node)
    case compare([String], [Node])
    case ternary(Node, Node, Node)
    case call(String, [Node])
  }

  enum Value: Sendable, Equatable {
    case int(Int)
    case float(Double)

    var double: Double {
      switch self {
      case .int(let n): Double(n)
      case .float(let x): x
      }
    }

    var isTrue: Bool { double != 0 }
  }

  /// Parses `text`; a leading `lambda name:` names the variable, otherwise it is
  /// `defaultVariable`.
  ///
  /// - Throws: ``SpecError/syntax(_:offset:)`` naming the problem.
  public init(_ text: String, defaultVariable: String = "epoch") throws(SpecError) {
    var parser = ExpressionParser(text, variable: defaultVariable)
    (root, variable) = try parser.parseLambda()
    description = text
  }

  /// The value at `x`, as a `Double`.
  public func callAsFunction(_ x: Double) -> Double {
    evaluate(root, x.rounded() == x && abs(x) < 1e15 ? .int(Int(x)) : .float(x)).double
  }

  /// The value at the integer `x`.
  public func callAsFunction(_ x: Int) -> Double { evaluate(root, .int(x)).double }

  private func evaluate(_ node: Node, _ x: Value) -> Value {
    switch node {
    case .constant(let value): return value
    case .variable: return x
    case .unary(let op, let operand):
      let value = evaluate(operand, x)
      switch op {
      case "-": if case .int(let n) = value { return .int(-n) } else { return .float(-value.double) }
      case "not": return .int(value.isTrue ? 0 : 1)
      default: return value
      }
    case .binary("and", let a, let b):
      let left = evaluate(a, x)
      return left.isTrue ? evaluate(b, x) : left
    case .binary("or", let a, let b):
      let left = evaluate(a, x)
      return left.isTrue ? left : evaluate(b, x)
    case .binary(let op, let a, let b):
      return Self.arithmetic(op, evaluate(a, x), evaluate(b, x))
    case .compare(let ops, let operands):
      var left = evaluate(operands[0], x)
      for (op, operand) in zip(ops, operands.dropFirst()) {
        let right = evaluate(operand, x)
        let holds: Bool
        switch op {
        case "<": holds = left.double < right.double
        case "<=": holds = left.double <= right.double
        case ">": holds = left.double > right.double
        case ">=": holds = left.double >= right.double
        case "==": holds = left.double == right.double
        default: holds = left.double != right.double
        }
        if !holds { return .int(0) }
        left = right
      }
      return .int(1)
    case .ternary(let condition, let yes, let no):
      return evaluate(condition, x).isTrue ? evaluate(yes, x) : evaluate(no, x)
    case .call(let name, let arguments):
      return Self.call(name, arguments.map { evaluate($0, x) })
    }
  }

  static func arithmetic(_ op: String, _ a: Value, _ b: Value) -> Value {
    if case .int(let m) = a, case .int(let n) = b {
      switch op {
      case "+": return exact(m.addingReportingOverflow(n), fallback: Double(m) + Double(n))
      case "-": return exact(m.subtractingReportingOverflow(n), fallback: Double(m) - Double(n))
      case "*": return exact(m.multipliedReportingOverflow(by: n), fallback: Double(m) * Double(n))
      case "/": return .float(Double(m) / Double(n))
      case "//": return n == 0 ? .float(Double(m) / 0) : .int(PythonMath.floorDivide(m, n))
      case "%": return n == 0 ? .float(.nan) : .int(PythonMath.mod(m, n))
      case "**" where n >= 0:
        // By squaring, so that `0 ** 10**12` takes 40 steps, not 10¹²; beyond Int, a float.
        var (result, base, exponent) = (1, m, n)
        while exponent > 0 {
          if exponent & 1 == 1 {
            let (product, overflow) = result.multipliedReportingOverflow(by: base)
            if overflow { return .float(PythonMath.pow(Double(m), Double(n))) }
            result = product
          }
          exponent >>= 1
          if exponent > 0 {
            let (square, overflow) = base.multipliedReportingOverflow(by: base)
            if overflow { return .float(PythonMath.pow(Double(m), Double(n))) }
            base = square
          }
        }
        return .int(result)
      default: break
      }
    }
    let (x, y) = (a.double, b.double)
    switch op {
    case "+": return .float(x + y)
    case "-": return .float(x - y)
    case "*": return .float(x * y)
    case "/": return .float(x / y)
    case "//": return .float(y == 0 ? x / y : floorDivide(x, y))
    case "%": return .float(y == 0 ? .nan : PythonMath.mod(x, y))
    default: return .float(PythonMath.pow(x, y))
    }
  }

  /// Python's float `//`, from `float_divmod`.
  private static func floorDivide(_ x: Double, _ y: Double) -> Double {
    var remainder = fmodDouble(x, y)
    var quotient = (x - remainder) / y
    if remainder != 0, (y < 0) != (remainder < 0) {
      remainder += y
      quotient -= 1
    }
    if quotient != 0 {
      var floored = quotient.rounded(.down)
      if quotient - floored > 0.5 { floored += 1 }
      return floored
    }
    return Double(signOf: x / y, magnitudeOf: 0)
  }

  private static func fmodDouble(_ x: Double, _ y: Double) -> Double {
    x.truncatingRemainder(dividingBy: y)
  }

  private static func exact(_ result: (partialValue: Int, overflow: Bool), fallback: Double) -> Value {
    result.overflow ? .float(fallback) : .int(result.partialValue)
  }

  static let functions: Set<String> = [
    "min", "max", "abs", "float", "int", "pow", "math.cos", "math.sin", "math.tan", "math.exp", "math.log",
    "math.log10", "math.sqrt", "math.floor", "math.ceil",
  ]

  static func call(_ name: String, _ arguments: [Value]) -> Value {
    switch name {
    case "min": return arguments.dropFirst().reduce(arguments[0]) { $1.double < $0.double ? $1 : $0 }
    case "max": return arguments.dropFirst().reduce(arguments[0]) { $1.double > $0.double ? $1 : $0 }
    case "abs":
      if case .int(let n) = arguments[0] { return .int(abs(n)) } else { return .float(abs(arguments[0].double)) }
    case "float": return .float(arguments[0].double)
    case "int":
      let x = arguments[0].double
      return x.isFinite && abs(x) < 9e18 ? .int(Int(x)) : .float(x)
    case "pow": return arithmetic("**", arguments[0], arguments[1])
    case "math.floor", "math.ceil":
      // Python's exact big integers become floats beyond Int; NaN and ±inf stay as they are.
      let rounded = arguments[0].double.rounded(name == "math.floor" ? .down : .up)
      return Int(exactly: rounded).map(Value.int) ?? .float(rounded)
    default: return .float(PythonMath.function(name, arguments[0].double))
    }
  }

  /// How many arguments each function takes.
  static func arity(_ name: String) -> ClosedRange<Int> {
    switch name {
    case "min", "max": 1...64
    case "pow": 2...2
    default: 1...1
    }
  }
}
