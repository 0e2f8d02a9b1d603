// Copyright © 2026 the Anneal authors.

import Foundation

/// Formats numbers the way Python prints them, so output matches a PyTorch script's.
enum PythonFormat {
  /// Python's `repr(float)`: the shortest decimal that round-trips. Swift's `description`
  /// implements the same algorithm and the same switch to exponent notation (below 1e-4 and
  /// from 1e16 on).
  static func repr(_ value: Double) -> String { value.description }

  /// Python's `repr(list_of_floats)`, e.g. `[0.1, 0.010000000000000002]`.
  static func repr(_ values: [Double]) -> String {
    "[" + values.map(repr).joined(separator: ", ") + "]"
  }

  /// Python's `f"{value:.{digits}f}"`.
  static func fixed(_ value: Double, digits: Int) -> String {
    String(format: "%.\(digits)f", value)
  }
}
