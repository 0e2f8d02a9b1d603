// Copyright © 2026 the Anneal authors.

import Anneal

/// What is not finite after a backward pass, so that a training loop can stop (or skip the
/// step) before a NaN reaches the weights.
public enum NonFinite: Sendable, Equatable, CustomStringConvertible {
  /// The loss is NaN or infinite.
  case loss(Float)
  /// A gradient of the parameter at this index holds a NaN or an infinity.
  case gradient(parameter: Int)

  /// The first problem with `loss` or the gradients of `parameters`, or `nil` when all are
  /// finite.
  public static func check(loss: Tensor, parameters: [Tensor]) -> NonFinite? {
    let value = loss.item()
    if !value.isFinite { return .loss(value) }
    for (index, parameter) in parameters.enumerated() where !(parameter.grad?.allFinite ?? true) {
      return .gradient(parameter: index)
    }
    return nil
  }

  public var description: String {
    switch self {
    case .loss(let value): "the loss is \(value.isNaN ? "NaN" : String(value))"
    case .gradient(let index): "a gradient of parameter \(index) is not finite"
    }
  }
}
