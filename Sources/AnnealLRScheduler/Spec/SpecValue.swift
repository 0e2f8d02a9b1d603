// Copyright © 2026 the Anneal authors.

/// A value in a scheduler spec, written in Python syntax.
public indirect enum SpecValue: Sendable, Hashable, CustomStringConvertible {
  /// A number; `isInteger` records whether it was written without a fraction or exponent
  /// (Python's `int` versus `float`).
  case number(Double, isInteger: Bool)
  /// A quoted string.
  case string(String)
  /// `True` or `False`.
  case bool(Bool)
  /// `None`.
  case none
  /// A list `[…]` or tuple `(…)`.
  case list([SpecValue])
  /// A nested constructor call such as `LinearLR(start_factor=0.1)`.
  case call(SchedulerSpec)

  public var description: String {
    switch self {
    case .number(let value, let isInteger):
      isInteger && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    case .string(let text): "'\(text)'"
    case .bool(let flag): flag ? "True" : "False"
    case .none: "None"
    case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
    case .call(let spec): spec.description
    }
  }
}
