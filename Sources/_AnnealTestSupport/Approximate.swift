// Copyright © 2026 the Anneal authors.

import Testing

/// Whether `|actual − expected| ≤ atol + rtol · |expected|`, NumPy's `isclose` rule.
/// Tolerances must be non-negative; NaNs are never close.
public func isClose(_ actual: Double, _ expected: Double, rtol: Double, atol: Double) -> Bool {
  precondition(rtol >= 0 && atol >= 0, "Tolerances must be non-negative")
  if actual == expected { return true }
  return abs(actual - expected) <= atol + rtol * abs(expected)
}

/// Expects two sequences to have the same length and be elementwise close, reporting the
/// first mismatch at the caller.
public func expectClose(
  _ actual: [Double], _ expected: [Double], rtol: Double, atol: Double, _ comment: Comment? = nil,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual.count == expected.count else {
    Issue.record(
      "count \(actual.count) ≠ expected \(expected.count) \(comment.map { "(\($0))" } ?? "")",
      sourceLocation: sourceLocation)
    return
  }
  for (index, (a, e)) in zip(actual, expected).enumerated() where !isClose(a, e, rtol: rtol, atol: atol) {
    Issue.record(
      "element \(index): \(a) is not within rtol \(rtol), atol \(atol) of \(e) \(comment.map { "(\($0))" } ?? "")",
      sourceLocation: sourceLocation)
    return
  }
}

/// Float overload of ``expectClose(_:_:rtol:atol:_:sourceLocation:)``.
public func expectClose(
  _ actual: [Float], _ expected: [Double], rtol: Double, atol: Double, _ comment: Comment? = nil,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  expectClose(actual.map(Double.init), expected, rtol: rtol, atol: atol, comment, sourceLocation: sourceLocation)
}
