// Copyright © 2026 the Anneal authors.

import Anneal

extension Module {
  /// The keys of ``stateDict()`` in PyTorch's order: each module's parameters, then its
  /// persistent buffers, then its submodules', depth first.
  public func stateDictKeys() -> [String] { stateEntries().map(\.name) }

  /// Every parameter's and persistent buffer's values by dotted name, with their dtypes
  /// (PyTorch: `state_dict()`); BatchNorm's `num_batches_tracked` stays int64.
  public func stateDict() -> [String: TensorData] {
    Dictionary(stateEntries().map { ($0.name, $0.tensor.data) }, uniquingKeysWith: { first, _ in first })
  }

  /// The parameters and persistent buffers themselves, in ``stateDictKeys()`` order (not copies).
  package func stateTensors() -> [(name: String, tensor: Tensor)] { stateEntries() }

  private func stateEntries() -> [(name: String, tensor: Tensor)] {
    var seen = Set<ObjectIdentifier>()
    return namedModules().flatMap { prefix, module in
      let own = module.namedDirectParameters().map { ($0.name, $0.parameter) } + module.persistentBuffers
      return own.compactMap { name, tensor -> (name: String, tensor: Tensor)? in
        guard seen.insert(ObjectIdentifier(tensor)).inserted else { return nil }
        return (prefix.isEmpty ? name : "\(prefix).\(name)", tensor)
      }
    }
  }

  /// Copies values into the parameters and persistent buffers (PyTorch: `load_state_dict`),
  /// converting dtypes as PyTorch's `copy_` does.
  ///
  /// - Parameters:
  ///   - strict: Whether every key must match a parameter or buffer and vice versa.
  ///     The default is `true`, as in PyTorch.
  ///   - state: Values by dotted name, as ``Module/stateDict()`` returns them or a safetensors file holds them.
  /// - Throws: ``StateDictError`` for a missing or unexpected key or a shape mismatch; the
  ///   module is unchanged then.
  public func loadStateDict(_ state: [String: TensorData], strict: Bool = true) throws(StateDictError) {
    let named = stateEntries()
    for (name, tensor) in named {
      guard let value = state[name] else {
        if strict { throw .missingKey(name) }
        continue
      }
      guard value.shape == tensor.shape else {
        throw .shapeMismatch(key: name, expected: tensor.shape, found: value.shape)
      }
    }
    if strict {
      let names = Set(named.map(\.name))
      if let extra = state.keys.sorted().first(where: { !names.contains($0) }) { throw .unexpectedKey(extra) }
    }
    withNoGrad {
      for (name, tensor) in named {
        guard let value = state[name] else { continue }
        tensor.copy(from: Tensor(value))
      }
    }
  }

  /// Saves the parameters and persistent buffers as a `.safetensors` file PyTorch loads with
  /// `model.load_state_dict(safetensors.torch.load_file(path))`; the write is atomic.
  public func save(safetensors path: String, metadata: [String: String] = [:]) throws(SafeTensorsError) {
    try SafeTensors.write(stateDict(), order: stateDictKeys(), metadata: metadata, to: path)
  }

  /// Loads the parameters and buffers from a `.safetensors` file, such as one saved by
  /// PyTorch's `safetensors.torch.save_file(model.state_dict(), path)`.
  ///
  /// - Throws: `SafeTensorsError` for a malformed file or one that does not fit the model.
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
