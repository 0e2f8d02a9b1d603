// Copyright © 2026 the Anneal authors.

/// Why an optimizer could not be built (PyTorch's `ValueError`s from optimizer constructors).
public enum OptimizerError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A hyperparameter is out of its domain; the message names it.
  case invalidArgument(String)

  public var description: String {
    switch self {
    case .invalidArgument(let message): message
    }
  }
}
