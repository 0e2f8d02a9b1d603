// Copyright © 2026 the Anneal authors.

/// A scheduler constructor call in PyTorch syntax without the optimizer, such as
/// `StepLR(step_size=1, gamma=0.1)`, parsed but not yet built.
///
/// ```swift
/// let spec = try SchedulerSpec(parsing: "StepLR(step_size=30, gamma=0.1)")
/// let scheduler = try spec.makeScheduler(optimizer)
/// ```
///
/// A leading positional `optimizer` argument is accepted and ignored, so a line pasted from
/// a PyTorch script works unchanged.
public struct SchedulerSpec: Sendable, Hashable, CustomStringConvertible {
  /// The class name, e.g. `StepLR`.
  public var name: String
  /// Positional arguments, in order.
  public var positional: [SpecValue]
  /// Keyword arguments, in the order written.
  public var keywords: [(name: String, value: SpecValue)]

  /// Creates a spec from its parts.
  public init(name: String, positional: [SpecValue] = [], keywords: [(name: String, value: SpecValue)] = []) {
    self.name = name
    self.positional = positional
    self.keywords = keywords
  }

  /// Parses a spec.
  ///
  /// - Throws: ``SpecError`` naming the position and the problem.
  public init(parsing text: String) throws(SpecError) {
    var parser = SpecParser(text)
    self = try parser.parseSpec()
  }

  public var description: String {
    let args = positional.map(\.description) + keywords.map { "\($0.name)=\($0.value)" }
    return "\(name)(\(args.joined(separator: ", ")))"
  }

  public static func == (lhs: SchedulerSpec, rhs: SchedulerSpec) -> Bool {
    lhs.name == rhs.name && lhs.positional == rhs.positional
      && lhs.keywords.map(\.name) == rhs.keywords.map(\.name)
      && lhs.keywords.map(\.value) == rhs.keywords.map(\.value)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(name)
    hasher.combine(positional)
    for (key, value) in keywords {
      hasher.combine(key)
      hasher.combine(value)
    }
  }
}
