// Copyright © 2026 the Anneal authors.

/// A small Python arithmetic expression of one variable, such as `0.95 ** epoch` or
/// `lambda epoch: min(1.0, (epoch + 1) / 5)`, evaluated with Python's semantics so that a
/// PyTorch `lr_lambda` gives the same `Double`s.
///
/// Supported: integer and float literals, the variable, `+ - * / // % **`, comparisons,
/// `and`/`or`/`not`, `x if c else y`, parentheses, `True`/`False`, and the functions `min`,
/// `max`, `abs`, `float`, `int`, `pow` and `math.{cos, sin, tan, exp, log, log10, sqrt,
/// floor, ceil}` with the constants `math.pi`, `math.e`. Integer arithmetic stays exact, `/`
/// is true division, and `//` and `%` round toward negative infinity, as in Python. What
/// Python raises, evaluation throws: `ZeroDivisionError` for `/`, `//`, `%` by zero and for
/// `0 ** -1`, `ValueError: math domain error` (`math.log(0)`, `math.sqrt(-1)`),
/// `OverflowError` (`math.exp(1000)`, `10.0 ** 400`, `int(inf)`), and `TypeError` for a
/// `lambda:` without a parameter, which Python accepts until it is called.
public struct PythonExpression: Sendable, CustomStringConvertible {
  /// The source text.
  public let description: String
  /// The variable's name, `epoch` unless a `lambda` names another; `nil` for `lambda: …`,
  /// which takes no argument.
  public let variable: String?
  private let root: Node

  /// The exception Python raises evaluating an expression, as `ZeroDivisionError: division by
  /// zero`; ``description`` names the expression too.
  public struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The source text of the expression.
    public let expression: String
    /// Python's exception and message.
    public let exception: String

    public var description: String { "'\(expression)' raised \(exception)" }
  }

  /// Most tokens in one expression: every recursive construct is bounded by it, so that neither
  /// parsing nor evaluating nor freeing an expression can run out of stack.
  public static let maximumTokens = 1000

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
  ///
  /// - Throws: ``EvaluationError`` where Python raises.
  public func callAsFunction(_ x: Double) throws(EvaluationError) -> Double {
    try value(x.rounded() == x && abs(x) < 1e15 ? .int(Int(x)) : .float(x))
  }

  /// The value at the integer `x`.
  ///
  /// - Throws: ``EvaluationError`` where Python raises.
  public func callAsFunction(_ x: Int) throws(EvaluationError) -> Double { try value(.int(x)) }

  private func value(_ x: Value) throws(EvaluationError) -> Double {
    guard variable != nil else {
      throw EvaluationError(
        expression: description, exception: "TypeError: <lambda>() takes 0 positional arguments but 1 was given")
    }
    do {
      return try Self.evaluate(root, x).double
    } catch {
      throw EvaluationError(expression: description, exception: error.exception)
    }
  }

  /// Python's exception, before the expression's text is attached.
  struct Raised: Error {
    let exception: String
  }

  private static func evaluate(_ node: Node, _ x: Value) throws(Raised) -> Value {
    switch node {
    case .constant(let value): return value
    case .variable: return x
    case .unary(let op, let operand):
      let value = try evaluate(operand, x)
      switch op {
      case "-": if case .int(let n) = value { return .int(-n) } else { return .float(-value.double) }
      case "not": return .int(value.isTrue ? 0 : 1)
      default: return value
      }
    case .binary("and", let a, let b):
      let left = try evaluate(a, x)
      return left.isTrue ? try evaluate(b, x) : left
    case .binary("or", let a, let b):
      let left = try evaluate(a, x)
      return left.isTrue ? left : try evaluate(b, x)
    case .binary(let op, let a, let b):
      return try arithmetic(op, try evaluate(a, x), try evaluate(b, x))
    case .compare(let ops, let operands):
      var left = try evaluate(operands[0], x)
      for (op, operand) in zip(ops, operands.dropFirst()) {
        let right = try evaluate(operand, x)
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
      return try evaluate(condition, x).isTrue ? try evaluate(yes, x) : try evaluate(no, x)
    case .call(let name, let arguments):
      var values: [Value] = []
      for argument in arguments { values.append(try evaluate(argument, x)) }
      return try call(name, values)
    }
  }

  static func arithmetic(_ op: String, _ a: Value, _ b: Value) throws(Raised) -> Value {
    if case .int(let m) = a, case .int(let n) = b {
      switch op {
      case "+": return exact(m.addingReportingOverflow(n), fallback: Double(m) + Double(n))
      case "-": return exact(m.subtractingReportingOverflow(n), fallback: Double(m) - Double(n))
      case "*": return exact(m.multipliedReportingOverflow(by: n), fallback: Double(m) * Double(n))
      case "/" where n == 0: throw Raised(exception: "ZeroDivisionError: division by zero")
      case "/": return .float(Double(m) / Double(n))
      case "//" where n == 0: throw Raised(exception: "ZeroDivisionError: integer division or modulo by zero")
      case "//": return .int(PythonMath.floorDivide(m, n))
      case "%" where n == 0: throw Raised(exception: "ZeroDivisionError: integer modulo by zero")
      case "%": return .int(PythonMath.mod(m, n))
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
    case "/" where y == 0: throw Raised(exception: "ZeroDivisionError: float division by zero")
    case "/": return .float(x / y)
    case "//" where y == 0: throw Raised(exception: "ZeroDivisionError: float floor division by zero")
    case "//": return .float(floorDivide(x, y))
    case "%" where y == 0: throw Raised(exception: "ZeroDivisionError: float modulo by zero")
    case "%": return .float(PythonMath.mod(x, y))
    default:
      if x == 0, y < 0 { throw Raised(exception: "ZeroDivisionError: 0.0 cannot be raised to a negative power") }
      let result = PythonMath.pow(x, y)
      // float_pow: a finite base and exponent with an infinite result overflowed.
      if result.isInfinite, x.isFinite, y.isFinite {
        throw Raised(exception: "OverflowError: (34, 'Numerical result out of range')")
      }
      return .float(result)
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

  static func call(_ name: String, _ arguments: [Value]) throws(Raised) -> Value {
    switch name {
    case "min": return arguments.dropFirst().reduce(arguments[0]) { $1.double < $0.double ? $1 : $0 }
    case "max": return arguments.dropFirst().reduce(arguments[0]) { $1.double > $0.double ? $1 : $0 }
    case "abs":
      if case .int(let n) = arguments[0] { return .int(abs(n)) } else { return .float(abs(arguments[0].double)) }
    case "float": return .float(arguments[0].double)
    case "int", "math.floor", "math.ceil":
      if case .int = arguments[0] { return arguments[0] }
      let x = arguments[0].double
      if x.isNaN { throw Raised(exception: "ValueError: cannot convert float NaN to integer") }
      if x.isInfinite { throw Raised(exception: "OverflowError: cannot convert float infinity to integer") }
      // Python's exact big integers become floats beyond Int.
      let rounded = x.rounded(name == "int" ? .towardZero : name == "math.floor" ? .down : .up)
      return Int(exactly: rounded).map(Value.int) ?? .float(rounded)
    case "pow": return try arithmetic("**", arguments[0], arguments[1])
    default:
      let x = arguments[0].double
      let result = PythonMath.function(name, x)
      // math_1: a NaN from a non-NaN argument, or log of zero, is outside the domain; an
      // infinity from a finite argument overflowed.
      if result.isNaN, !x.isNaN { throw Raised(exception: "ValueError: math domain error") }
      if result.isInfinite, x.isFinite {
        if name == "math.log" || name == "math.log10" { throw Raised(exception: "ValueError: math domain error") }
        throw Raised(exception: "OverflowError: math range error")
      }
      return .float(result)
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
