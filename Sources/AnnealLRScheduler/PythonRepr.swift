// Copyright © 2026 the Anneal authors.

/// Formats learning rates exactly as Python prints them, so that `print(scheduler.lastLR)`
/// output can be compared with a PyTorch script's `print(scheduler.get_last_lr())` character
/// for character.
public enum PythonRepr {
  /// Python's `repr(float)`: the shortest decimal that round-trips, switching to exponent
  /// notation below 1e-4 and from 1e16 on (e.g. `0.010000000000000002`, `1e-05`, `1e+16`).
  ///
  /// Swift's `Double.description` implements the same shortest-round-trip algorithm and the
  /// same notation thresholds; this function pins that contract, and tests check it against
  /// Python-generated strings.
  public static func repr(_ value: Double) -> String { value.description }

  /// Python's `repr(list_of_floats)`, e.g. `[0.1, 0.010000000000000002]`.
  public static func repr(_ values: [Double]) -> String {
    "[" + values.map(repr).joined(separator: ", ") + "]"
  }
}
