// Copyright © 2026 the Anneal authors.

/// Why a scheduler could not be built or restored (PyTorch's `ValueError`, `KeyError` and
/// `TypeError` from the scheduler constructors).
public enum LRSchedulerError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A hyperparameter is out of its domain; the message names it and the rule.
  case invalidArgument(String)
  /// Resuming with `lastEpoch >= 0` but group `group` has no `initialLR`.
  case missingInitialLR(group: Int)
  /// A saved state does not fit this scheduler or optimizer.
  case stateMismatch(String)

  public var description: String {
    switch self {
    case .invalidArgument(let message): message
    case .missingInitialLR(let group):
      "param 'initial_lr' is not specified in param_groups[\(group)] when resuming scheduler with last_epoch >= 0"
    case .stateMismatch(let message): "scheduler state does not match: \(message)"
    }
  }
}

/// `value`, with a ``StateError`` reported as ``LRSchedulerError/stateMismatch(_:)``.
func restored<T>(_ value: @autoclosure () throws(StateError) -> T) throws(LRSchedulerError) -> T {
  do {
    return try value()
  } catch {
    throw .stateMismatch(error.message)
  }
}
