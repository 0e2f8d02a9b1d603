// Copyright © 2026 the Anneal authors.

/// A hyperparameter given once for every param group or once per group, as PyTorch accepts a
/// float or a list for `max_lr`, `base_momentum`, `min_lr`, `swa_lr`, …
///
/// ```swift
/// try OneCycleLR(optimizer, maxLR: 0.1, totalSteps: 100)          // every group
/// try OneCycleLR(optimizer, maxLR: [0.1, 0.01], totalSteps: 100)  // per group
/// ```
public enum GroupValues: Sendable, Hashable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByArrayLiteral
{
  /// The same value for every group.
  case same(Double)
  /// One value per group, in group order.
  case perGroup([Double])

  public init(floatLiteral value: Double) { self = .same(value) }
  public init(integerLiteral value: Int) { self = .same(Double(value)) }
  public init(arrayLiteral elements: Double...) { self = .perGroup(elements) }

  /// The value of each of `count` groups (PyTorch: `_format_param`).
  ///
  /// - Throws: ``LRSchedulerError/invalidArgument(_:)`` when a list has the wrong length.
  public func values(name: String, groups count: Int) throws(LRSchedulerError) -> [Double] {
    switch self {
    case .same(let value):
      return Array(repeating: value, count: count)
    case .perGroup(let values):
      guard values.count == count else {
        throw .invalidArgument(
          "\(name) must have the same length as optimizer.param_groups. "
            + "\(name) has \(values.count) values, param_groups has \(count).")
      }
      return values
    }
  }
}
