// Copyright © 2026 the Anneal authors.

import Anneal

extension Module {
  /// Every parameter's values by dotted name (PyTorch: `state_dict()`).
  public func stateDict() -> [String: TensorData] {
    Dictionary(uniqueKeysWithValues: namedParameters().map { ($0.name, $0.parameter.data) })
  }

  /// Copies values into the parameters (PyTorch: `load_state_dict`).
  ///
  /// - Parameter strict: Whether every key must match a parameter and vice versa. The
  ///   default is `true`, as in PyTorch.
  /// - Throws: ``StateDictError`` for a missing or unexpected key or a shape mismatch; the
  ///   module is unchanged then.
  public func loadStateDict(_ state: [String: TensorData], strict: Bool = true) throws(StateDictError) {
    let named = namedParameters()
    for (name, parameter) in named {
      guard let value = state[name] else {
        if strict { throw .missingKey(name) }
        continue
      }
      guard value.shape == parameter.shape else {
        throw .shapeMismatch(key: name, expected: parameter.shape, found: value.shape)
      }
    }
    if strict {
      let names = Set(named.map(\.name))
      if let extra = state.keys.sorted().first(where: { !names.contains($0) }) { throw .unexpectedKey(extra) }
    }
    withNoGrad {
      for (name, parameter) in named {
        guard let value = state[name] else { continue }
        parameter.copy(from: Tensor(value))
      }
    }
  }

  /// Saves the parameters as a `.safetensors` file PyTorch loads with
  /// `model.load_state_dict(safetensors.torch.load_file(path))`; the write is atomic.
  public func save(safetensors path: String, metadata: [String: String] = [:]) throws(SafeTensorsError) {
    try SafeTensors.write(stateDict(), order: namedParameters().map(\.name), metadata: metadata, to: path)
  }

  /// Loads the parameters from a `.safetensors` file, such as one saved by PyTorch's
  /// `safetensors.torch.save_file(model.state_dict(), path)`.
  ///
  /// - Throws: ``SafeTensorsError`` for a malformed file or one that does not fit the model.
  public func load(safetensors path: String, strict: Bool = true) throws(SafeTensorsError) {
    let file = try SafeTensors.read(from: path)
    do {
      try loadStateDict(file.tensors, strict: strict)
    } catch {
      switch error {
      case .missingKey(let key): throw .missingTensor(path: path, name: key)
      case .unexpectedKey(let key): throw .unexpectedTensor(path: path, name: key)
      case .shapeMismatch(let key, let expected, let found):
        throw .shapeMismatch(path: path, name: key, expected: expected, found: found)
      }
    }
  }
}
