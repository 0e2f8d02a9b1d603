// Copyright © 2026 the Anneal authors.

/// Binds a spec's positional and keyword arguments to a scheduler's parameter list, the way
/// Python binds a call, and converts them to Swift types with one-line errors.
struct SpecArguments {
  let scheduler: String
  /// Where timm's learning-rate noise comes from, for this scheduler and nested ones.
  var noiseSource: (any LRNoiseSource)?
  private var values: [String: SpecValue] = [:]

  /// - Parameter parameters: The constructor's parameter names after the optimizer, in
  ///   PyTorch's order.
  init(_ spec: SchedulerSpec, parameters: [String]) throws(SpecError) {
    scheduler = spec.name
    var positional = spec.positional
    // A pasted `StepLR(optimizer, ...)` carries the optimizer as a bare name: skip it.
    if case .string(let name)? = positional.first, name == "optimizer" || name == "opt" || name == "optim" {
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
          scheduler: spec.name, argument: name, suggestion: EditDistance.suggestion(for: name, in: parameters))
      }
      guard values[name] == nil else { throw .duplicateArgument(scheduler: spec.name, argument: name) }
      values[name] = value
    }
  }

  func has(_ name: String) -> Bool {
    if let value = values[name], value != .none { return true }
    return false
  }

  func raw(_ name: String) -> SpecValue? { values[name] }

  func int(_ name: String, default fallback: Int? = nil) throws(SpecError) -> Int {
    guard let value = values[name], value != .none || fallback == nil else { return try missing(name, fallback) }
    guard case .number(let x, true) = value, let n = Int(exactly: x) else {
      throw invalid(name, "must be an integer, got \(value)")
    }
    return n
  }

  func optionalInt(_ name: String) throws(SpecError) -> Int? {
    guard has(name) else { return nil }
    return try int(name)
  }

  func double(_ name: String, default fallback: Double? = nil) throws(SpecError) -> Double {
    guard let value = values[name], value != .none || fallback == nil else { return try missing(name, fallback) }
    switch value {
    case .number(let x, _): return x
    case .bool(let flag): return flag ? 1 : 0
    default: throw invalid(name, "must be a number, got \(value)")
    }
  }

  /// A float that PyTorch checks with `isinstance(x, float)`.
  func strictFloat(_ name: String, default fallback: Double, message: (String) -> String) throws(SpecError) -> Double {
    guard let value = values[name] else { return fallback }
    guard case .number(let x, false) = value else {
      throw .rejected(scheduler: scheduler, .invalidArgument(message("\(value)")))
    }
    return x
  }

  func bool(_ name: String, default fallback: Bool) throws(SpecError) -> Bool {
    guard let value = values[name] else { return fallback }
    switch value {
    case .bool(let flag): return flag
    case .number(let x, true): return x != 0
    default: throw invalid(name, "must be True or False, got \(value)")
    }
  }

  func string(_ name: String, default fallback: String) throws(SpecError) -> String {
    guard let value = values[name] else { return fallback }
    guard case .string(let text) = value else { throw invalid(name, "must be a quoted string, got \(value)") }
    return text
  }

  func ints(_ name: String) throws(SpecError) -> [Int] {
    guard let value = values[name] else { throw .missingArgument(scheduler: scheduler, argument: name) }
    guard case .list(let items) = value else { throw invalid(name, "must be a list of integers, got \(value)") }
    var result: [Int] = []
    for item in items {
      guard case .number(let x, true) = item, let n = Int(exactly: x) else {
        throw invalid(name, "must be a list of integers, got \(value)")
      }
      result.append(n)
    }
    return result
  }

  /// A number for every group, or a list with one per group.
  func groupValues(_ name: String, default fallback: Double? = nil) throws(SpecError) -> GroupValues {
    guard let value = values[name], value != .none || fallback == nil else { return .same(try missing(name, fallback)) }
    switch value {
    case .number(let x, _): return .same(x)
    case .list(let items):
      var result: [Double] = []
      for item in items {
        guard case .number(let x, _) = item else { throw invalid(name, "must be a number or a list of numbers") }
        result.append(x)
      }
      return .perGroup(result)
    default: throw invalid(name, "must be a number or a list of numbers, got \(value)")
    }
  }

  /// One expression, or one per group, of the variable `variable`.
  func expressions(_ name: String, variable: String) throws(SpecError) -> [PythonExpression]? {
    guard let value = values[name], value != .none else { return nil }
    switch value {
    case .string(let text): return [try PythonExpression(text, defaultVariable: variable)]
    case .number:
      // PyTorch: "lr_lambda should be a function" — a constant is written 'lambda epoch: 0.95'.
      throw invalid(name, "should be a function, got \(value); write '\(value)' or 'lambda \(variable): \(value)'")
    case .list(let items):
      var result: [PythonExpression] = []
      for item in items {
        guard case .string(let text) = item else {
          throw invalid(name, "must be an expression string such as '0.95 ** \(variable)'")
        }
        result.append(try PythonExpression(text, defaultVariable: variable))
      }
      return result
    default: throw invalid(name, "must be an expression string such as '0.95 ** \(variable)', got \(value)")
    }
  }

  /// One nested scheduler call.
  func spec(_ name: String) throws(SpecError) -> SchedulerSpec {
    guard let value = values[name] else { throw .missingArgument(scheduler: scheduler, argument: name) }
    guard case .call(let spec) = value else { throw invalid(name, "must be a scheduler, got \(value)") }
    return spec
  }

  /// Nested scheduler calls.
  func specs(_ name: String) throws(SpecError) -> [SchedulerSpec] {
    guard let value = values[name] else { throw .missingArgument(scheduler: scheduler, argument: name) }
    guard case .list(let items) = value else { throw invalid(name, "must be a list of schedulers, got \(value)") }
    var result: [SchedulerSpec] = []
    for item in items {
      guard case .call(let spec) = item else { throw invalid(name, "must be a list of schedulers, got \(item)") }
      result.append(spec)
    }
    return result
  }

  private func missing<T>(_ name: String, _ fallback: T?) throws(SpecError) -> T {
    guard let fallback else { throw .missingArgument(scheduler: scheduler, argument: name) }
    return fallback
  }

  func invalid(_ name: String, _ message: String) -> SpecError {
    .invalidValue(scheduler: scheduler, argument: name, message: message)
  }
}
