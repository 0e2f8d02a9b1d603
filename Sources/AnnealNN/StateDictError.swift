// Copyright © 2026 the Anneal authors.

/// Why a state dict does not fit a module (PyTorch: the `RuntimeError` of
/// `load_state_dict(strict=True)`).
public enum StateDictError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A parameter of the module has no entry.
  case missingKey(String)
  /// An entry names no parameter of the module.
  case unexpectedKey(String)
  /// An entry's shape differs from the parameter's.
  case shapeMismatch(key: String, expected: [Int], found: [Int])

  public var description: String {
    switch self {
    case .missingKey(let key): "missing key in state dict: '\(key)'"
    case .unexpectedKey(let key): "unexpected key in state dict: '\(key)'"
    case .shapeMismatch(let key, let expected, let found):
      "size mismatch for \(key): copying a parameter with shape \(found), the parameter in the model has shape \(expected)"
    }
  }
}
