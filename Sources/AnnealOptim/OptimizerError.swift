// Copyright © 2026 the Anneal authors.

/// Why an optimizer could not be built or restored (PyTorch's `ValueError`s from optimizer
/// constructors and `load_state_dict`).
public enum OptimizerError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A hyperparameter is out of its domain; the message names it.
  case invalidArgument(String)
  /// A saved state does not fit this optimizer.
  case stateMismatch(String)

  public var description: String {
    switch self {
    case .invalidArgument(let message): message
    case .stateMismatch(let message): "optimizer state does not match: \(message)"
    }
  }
}
