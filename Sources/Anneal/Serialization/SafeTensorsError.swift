// Copyright © 2026 the Anneal authors.

/// Why a `.safetensors` file could not be read or written. Each message is one line naming
/// the file and the problem.
public enum SafeTensorsError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file cannot be read or written.
  case io(path: String, reason: String)
  /// The file cannot be written; the error carries the system's reason.
  case write(FileSystemError)
  /// The file is not a valid safetensors file; the reason says which rule it breaks.
  case malformed(path: String, reason: String)
  /// A tensor has a dtype Anneal does not read.
  case unsupportedDtype(path: String, tensor: String, dtype: String)
  /// Loading into a model: a tensor the model needs is absent.
  case missingTensor(path: String, name: String)
  /// Loading into a model: the file has a tensor the model does not.
  case unexpectedTensor(path: String, name: String)
  /// Loading into a model: a tensor has another shape than the parameter.
  case shapeMismatch(path: String, name: String, expected: [Int], found: [Int])

  public var description: String {
    switch self {
    case .io(let path, let reason): "cannot access \(path): \(reason)"
    case .write(let error): error.description
    case .malformed(let path, let reason): "\(path) is not a valid safetensors file: \(reason)"
    case .unsupportedDtype(let path, let tensor, let dtype):
      "\(path): tensor '\(tensor)' has dtype \(dtype); Anneal reads F32, F64, F16, BF16, I64, BOOL and U8"
    case .missingTensor(let path, let name): "\(path) has no tensor '\(name)', which the model needs"
    case .unexpectedTensor(let path, let name): "\(path) has a tensor '\(name)' the model does not have"
    case .shapeMismatch(let path, let name, let expected, let found):
      "\(path): tensor '\(name)' has shape \(found), the model expects \(expected)"
    }
  }
}
