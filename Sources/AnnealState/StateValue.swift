// Copyright © 2026 the Anneal authors.

/// One value of a scheduler's saved state: the JSON-shaped values PyTorch's `state_dict()`
/// holds for schedulers.
///
/// Non-finite numbers (ReduceLROnPlateau's initial `best` is `inf`) are written as the strings
/// `"inf"`, `"-inf"` and `"nan"`, since JSON has no literal for them.
public indirect enum StateValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([StateValue])
  case object([String: StateValue])
}

extension StateValue {
  /// Numbers compare by value, so `0` and `0.0` — indistinguishable once written as JSON —
  /// are equal.
  public static func == (lhs: StateValue, rhs: StateValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): true
    case (.bool(let a), .bool(let b)): a == b
    case (.string(let a), .string(let b)): a == b
    case (.array(let a), .array(let b)): a == b
    case (.object(let a), .object(let b)): a == b
    case (.int(let a), .int(let b)): a == b
    case (.int, .double), (.double, .int), (.double, .double):
      lhs.doubleValue == rhs.doubleValue || (lhs.doubleValue?.isNaN == true && rhs.doubleValue?.isNaN == true)
    default: false
    }
  }

  public func hash(into hasher: inout Hasher) {
    switch self {
    case .null: hasher.combine(0)
    case .bool(let flag): hasher.combine(flag)
    case .string(let text): hasher.combine(text)
    case .array(let items): hasher.combine(items)
    case .object(let fields): hasher.combine(fields)
    case .int(let n): hasher.combine(Double(n))
    case .double(let x): hasher.combine(x)
    }
  }
}

/// A scheduler's saved state, keyed with PyTorch's `state_dict` names
/// (PyTorch: `scheduler.state_dict()`).
public typealias StateDict = [String: StateValue]

extension StateValue: Codable {
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let flag = try? container.decode(Bool.self) {
      self = .bool(flag)
    } else if let integer = try? container.decode(Int.self) {
      self = .int(integer)
    } else if let number = try? container.decode(Double.self) {
      self = .double(number)
    } else if let text = try? container.decode(String.self) {
      self = .string(text)
    } else if let items = try? container.decode([StateValue].self) {
      self = .array(items)
    } else {
      self = .object(try container.decode([String: StateValue].self))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let flag): try container.encode(flag)
    case .int(let integer): try container.encode(integer)
    case .double(let number):
      if number.isFinite {
        try container.encode(number)
      } else {
        try container.encode(number.isNaN ? "nan" : number > 0 ? "inf" : "-inf")
      }
    case .string(let text): try container.encode(text)
    case .array(let items): try container.encode(items)
    case .object(let fields): try container.encode(fields)
    }
  }
}

extension StateValue {
  /// The value as a `Double`, accepting integers and the non-finite strings.
  public var doubleValue: Double? {
    switch self {
    case .double(let x): x
    case .int(let n): Double(n)
    case .string("inf"): .infinity
    case .string("-inf"): -.infinity
    case .string("nan"): .nan
    default: nil
    }
  }

  /// The value as an `Int`, accepting integral doubles.
  public var intValue: Int? {
    switch self {
    case .int(let n): n
    case .double(let x): Int(exactly: x)
    default: nil
    }
  }

  /// Wraps optional numbers, `nil` becoming ``null``.
  public static func from(_ value: Double?) -> StateValue { value.map(StateValue.double) ?? .null }

  /// Wraps a list of numbers.
  public static func from(_ values: [Double]) -> StateValue { .array(values.map(StateValue.double)) }

  /// Wraps a list of integers.
  public static func from(_ values: [Int]) -> StateValue { .array(values.map(StateValue.int)) }
}

extension Dictionary where Key == String, Value == StateValue {
  /// The number under `key`.
  ///
  /// - Throws: ``StateError`` naming the key when it is missing or
  ///   not a number.
  public func double(_ key: String) throws(StateError) -> Double {
    guard let value = try entry(key).doubleValue else { throw .stateMismatch("'\(key)' is not a number") }
    return value
  }

  /// The number under `key`, or `nil` when it is `null`.
  public func optionalDouble(_ key: String) throws(StateError) -> Double? {
    let value = try entry(key)
    if value == .null { return nil }
    guard let number = value.doubleValue else { throw .stateMismatch("'\(key)' is not a number") }
    return number
  }

  /// The integer under `key`.
  public func int(_ key: String) throws(StateError) -> Int {
    guard let value = try entry(key).intValue else { throw .stateMismatch("'\(key)' is not an integer") }
    return value
  }

  /// The Boolean under `key`.
  public func bool(_ key: String) throws(StateError) -> Bool {
    guard case .bool(let flag) = try entry(key) else { throw .stateMismatch("'\(key)' is not a Boolean") }
    return flag
  }

  /// The string under `key`.
  public func string(_ key: String) throws(StateError) -> String {
    guard case .string(let text) = try entry(key) else { throw .stateMismatch("'\(key)' is not a string") }
    return text
  }

  /// The list of numbers under `key`.
  public func doubles(_ key: String) throws(StateError) -> [Double] {
    guard case .array(let items) = try entry(key) else { throw .stateMismatch("'\(key)' is not a list") }
    var result: [Double] = []
    for item in items {
      guard let number = item.doubleValue else { throw .stateMismatch("'\(key)' holds a non-number") }
      result.append(number)
    }
    return result
  }

  /// The list of integers under `key`.
  public func ints(_ key: String) throws(StateError) -> [Int] {
    guard case .array(let items) = try entry(key) else { throw .stateMismatch("'\(key)' is not a list") }
    var result: [Int] = []
    for item in items {
      guard let number = item.intValue else { throw .stateMismatch("'\(key)' holds a non-integer") }
      result.append(number)
    }
    return result
  }

  /// The list of nested states under `key` (composite schedulers' children).
  public func states(_ key: String) throws(StateError) -> [StateDict] {
    guard case .array(let items) = try entry(key) else { throw .stateMismatch("'\(key)' is not a list") }
    var result: [StateDict] = []
    for item in items {
      guard case .object(let fields) = item else { throw .stateMismatch("'\(key)' holds a non-object") }
      result.append(fields)
    }
    return result
  }

  private func entry(_ key: String) throws(StateError) -> StateValue {
    guard let value = self[key] else { throw .stateMismatch("missing '\(key)'") }
    return value
  }
}

/// Why a saved state does not have the shape its reader expects: a missing key or a value of
/// another type. Schedulers and optimizers report it inside their own errors.
public struct StateError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What is wrong, e.g. `missing 'last_epoch'`.
  public let message: String

  /// Creates the error.
  public init(_ message: String) { self.message = message }

  public var description: String { message }

  static func stateMismatch(_ message: String) -> StateError { StateError(message) }
}
