// Copyright © 2026 the Anneal authors.

/// Binds a spec's positional and keyword arguments to a scheduler's parameter list, the way
/// Python binds a call, and converts them to Swift types with one-line errors.
struct SpecArguments {
  let scheduler: String
  private var values: [String: SpecValue] = [:]

  /// - Parameter parameters: The constructor's parameter names after the optimizer, in
  ///   PyTorch's order.
  init(_ spec: SchedulerSpec, parameters: [String]) throws(SpecError) {
    scheduler = spec.name
    var positional = spec.positional
    // A pasted `StepLR(optimizer, ...)` carries the optimizer as a bare name: skip it.
    if case .string(let name)? = positional.first, !name.isEmpty, spec.positional.count > 0,
      name.first?.isLetter == true || name.first == "_"
    {
      positional.removeFirst()
    }
    guard positional.count <= parameters.count else {
      throw .tooManyArguments(scheduler: spec.name, limit: parameters.count)
    }
    for (name, value) in zip(parameters, positional) { values[name] = value }
    for (name, value) in spec.keywords {
      guard parameters.contains(name) else {
        if name == "optimizer" { continue }
        throw .unknownArgument(
          scheduler: spec.name, argument: name,
          suggestion: EditDistance.suggestion(for: name, in: parameters))
      }
      guard values[name] == nil else { throw .duplicateArgument(scheduler: spec.name, argument: name) }
      values[name] = value
    }
  }

  func has(_ name: String) -> Bool { values[name] != nil }

  func int(_ name: String, default fallback: Int? = nil) throws(SpecError) -> Int {
    guard let value = values[name] else { return try missing(name, fallback) }
    guard case .number(let x, true) = value, let n = Int(exactly: x) else {
      throw invalid(name, "must be an integer, got \(value)")
    }
    return n
  }

  func double(_ name: String, default fallback: Double? = nil) throws(SpecError) -> Double {
    guard let value = values[name] else { return try missing(name, fallback) }
    switch value {
    case .number(let x, _): return x
    case .bool(let flag): return flag ? 1 : 0
    default: throw invalid(name, "must be a number, got \(value)")
    }
  }

  private func missing<T>(_ name: String, _ fallback: T?) throws(SpecError) -> T {
    guard let fallback else { throw .missingArgument(scheduler: scheduler, argument: name) }
    return fallback
  }

  private func invalid(_ name: String, _ message: String) -> SpecError {
    .invalidValue(scheduler: scheduler, argument: name, message: message)
  }
}
