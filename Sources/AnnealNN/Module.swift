// Copyright © 2026 the Anneal authors.

import Anneal

/// The base class of every network and layer (PyTorch: `torch.nn.Module`).
///
/// Parameters and submodules are discovered from stored properties, in declaration order,
/// and named with PyTorch's dotted keys (`fc1.weight`, `layers.0.bias`):
///
/// ```swift
/// final class FFNN: Module, Layer {
///   let fc1: Linear
///   let relu = ReLU()
///   let fc2: Linear
///   init(inputDim: Int, hiddenDim: Int, outputDim: Int) {
///     fc1 = Linear(inputDim, hiddenDim)
///     fc2 = Linear(hiddenDim, outputDim)
///   }
///   func forward(_ x: Tensor) -> Tensor { fc2(relu(fc1(x))) }
/// }
/// ```
///
/// Every stored `Tensor` (or `Tensor?`) property is a parameter, whether or not it requires a
/// gradient — a frozen layer keeps its parameters in ``parameters()`` and ``stateDict()``, as in
/// PyTorch — except tensors registered as buffers with ``registerBuffer(_:_:persistent:)``
/// (running statistics, counters). Stored modules, arrays of modules, ``ModuleList`` and
/// ``ModuleDict`` are submodules. Override ``namedChildren()`` or ``namedDirectParameters()``
/// to declare them explicitly instead.
open class Module {
  /// Whether the module is in training mode (PyTorch: `training`).
  public private(set) var isTraining = true

  /// The buffers registered on this module, in registration order.
  private var bufferTable: [(name: String, tensor: Tensor?, persistent: Bool)] = []

  /// Creates a module in training mode.
  public init() {}

  // MARK: Parameters

  /// The parameters held directly by this module, excluding submodules and buffers.
  open func namedDirectParameters() -> [(name: String, parameter: Tensor)] {
    let buffers = Set(bufferTable.compactMap { $0.tensor.map(ObjectIdentifier.init) })
    return reflectedChildren().compactMap { label, value in
      guard let tensor = value as? Tensor, !buffers.contains(ObjectIdentifier(tensor)) else { return nil }
      return (label, tensor)
    }
  }

  /// Every parameter, with its dotted name (PyTorch: `named_parameters()`); a parameter
  /// shared by several modules is listed once.
  public func namedParameters() -> [(name: String, parameter: Tensor)] {
    var seen = Set<ObjectIdentifier>()
    return namedModules().flatMap { prefix, module in
      module.namedDirectParameters().compactMap { name, parameter in
        seen.insert(ObjectIdentifier(parameter)).inserted ? (Self.join(prefix, name), parameter) : nil
      }
    }
  }

  /// Every parameter, in registration order (PyTorch: `parameters()`).
  public func parameters() -> [Tensor] { namedParameters().map(\.parameter) }

  /// Sets `requiresGrad` on every parameter, e.g. `false` to freeze a module (PyTorch:
  /// `requires_grad_()`); returns `self`.
  @discardableResult
  public func requiresGrad_(_ flag: Bool = true) -> Self {
    for parameter in parameters() { parameter.requiresGrad_(flag) }
    return self
  }

  // MARK: Buffers

  /// Adds a tensor that is state but not a parameter, such as BatchNorm's running mean
  /// (PyTorch: `register_buffer`). Persistent buffers are part of ``stateDict()``; a `nil`
  /// buffer is registered but not saved. Registering a name again replaces the buffer.
  ///
  /// The tensor is kept by identity: update it in place (inside `withNoGrad(_:)`) or
  /// register a new one under the same name.
  public func registerBuffer(_ name: String, _ tensor: Tensor?, persistent: Bool = true) {
    check(!name.isEmpty && !name.contains("."), "buffer name can't be empty or contain \".\", got '\(name)'")
    if let index = bufferTable.firstIndex(where: { $0.name == name }) {
      bufferTable[index] = (name, tensor, persistent)
    } else {
      bufferTable.append((name, tensor, persistent))
    }
  }

  /// The buffer registered as `name` on this module (PyTorch: `getattr(module, name)`).
  public func buffer(_ name: String) -> Tensor? { bufferTable.first { $0.name == name }?.tensor }

  /// Every buffer of this module and its submodules, with its dotted name (PyTorch:
  /// `named_buffers()`).
  public func namedBuffers() -> [(name: String, buffer: Tensor)] {
    namedModules().flatMap { prefix, module in
      module.bufferTable.compactMap { entry in entry.tensor.map { (Self.join(prefix, entry.name), $0) } }
    }
  }

  /// Every buffer (PyTorch: `buffers()`).
  public func buffers() -> [Tensor] { namedBuffers().map(\.buffer) }

  /// The persistent buffers held directly by this module.
  package var persistentBuffers: [(name: String, buffer: Tensor)] {
    bufferTable.compactMap { entry in entry.persistent ? entry.tensor.map { (entry.name, $0) } : nil }
  }

  // MARK: Submodules

  /// The direct submodules, named (PyTorch: `named_children()`).
  open func namedChildren() -> [(name: String, module: Module)] {
    reflectedChildren().flatMap { label, value -> [(name: String, module: Module)] in
      if let module = value as? Module { return [(label, module)] }
      if let modules = value as? [Module] {
        return modules.enumerated().map { ("\(label).\($0.offset)", $0.element) }
      }
      return []
    }
  }

  /// The direct submodules (PyTorch: `children()`).
  public func children() -> [Module] { namedChildren().map(\.module) }

  /// Every module in the tree with its dotted name, this one first as `""` (PyTorch:
  /// `named_modules()`); a module reached twice is listed once.
  public func namedModules() -> [(name: String, module: Module)] {
    var seen = Set<ObjectIdentifier>()
    var result: [(name: String, module: Module)] = []
    func visit(_ prefix: String, _ module: Module) {
      guard seen.insert(ObjectIdentifier(module)).inserted else { return }
      result.append((prefix, module))
      for (name, child) in module.namedChildren() { visit(Self.join(prefix, name), child) }
    }
    visit("", self)
    return result
  }

  /// Every module in the tree, this one first (PyTorch: `modules()`).
  public func modules() -> [Module] { namedModules().map(\.module) }

  /// Calls `body` on every submodule, children first, then on this module (PyTorch:
  /// `apply(fn)`); returns `self`.
  @discardableResult
  public func apply(_ body: (Module) -> Void) -> Self {
    for child in children() { child.apply(body) }
    body(self)
    return self
  }

  // MARK: Modes and gradients

  /// Sets training mode on this module and all submodules (PyTorch: `train()`).
  public func train(_ mode: Bool = true) {
    for module in modules() { module.isTraining = mode }
  }

  /// Sets evaluation mode (PyTorch: `eval()`).
  public func eval() { train(false) }

  /// Clears every parameter's gradient (PyTorch: `zero_grad()`).
  public func zeroGrad() {
    for parameter in parameters() { parameter.grad = nil }
  }

  private static func join(_ prefix: String, _ name: String) -> String { prefix.isEmpty ? name : "\(prefix).\(name)" }

  private func reflectedChildren() -> [(String, Any)] {
    var result: [(String, Any)] = []
    var mirror: Mirror? = Mirror(reflecting: self)
    var levels: [[(String, Any)]] = []
    while let current = mirror {
      levels.append(current.children.compactMap { child in child.label.map { ($0, child.value) } })
      mirror = current.superclassMirror
    }
    for level in levels.reversed() { result += level }
    return result.filter { $0.0 != "bufferTable" && $0.0 != "isTraining" }
  }
}

/// Submodules held in a list, named `0`, `1`, … (PyTorch: `torch.nn.ModuleList`).
public final class ModuleList: Module {
  /// The modules, in order.
  public private(set) var items: [Module]

  /// Creates the list.
  public init(_ modules: [Module] = []) {
    items = modules
    super.init()
  }

  /// Adds a module at the end (PyTorch: `append`).
  public func append(_ module: Module) { items.append(module) }

  /// The module at `index`.
  public subscript(index: Int) -> Module { items[index] }

  /// The number of modules.
  public var count: Int { items.count }

  public override func namedChildren() -> [(name: String, module: Module)] {
    items.enumerated().map { (String($0.offset), $0.element) }
  }

  public override func namedDirectParameters() -> [(name: String, parameter: Tensor)] { [] }
}

/// Submodules held by name, in insertion order (PyTorch: `torch.nn.ModuleDict`).
public final class ModuleDict: Module {
  private var entries: [(key: String, module: Module)] = []

  /// Creates the dictionary from key–module pairs, in order.
  public init(_ modules: KeyValuePairs<String, Module> = [:]) {
    super.init()
    for (key, module) in modules { self[key] = module }
  }

  /// The module stored under `key`; assigning replaces it in place or appends it.
  public subscript(key: String) -> Module? {
    get { entries.first { $0.key == key }?.module }
    set {
      check(!key.isEmpty && !key.contains("."), "module name can't be empty or contain \".\", got '\(key)'")
      let index = entries.firstIndex { $0.key == key }
      switch (index, newValue) {
      case (let i?, let module?): entries[i].module = module
      case (let i?, nil): entries.remove(at: i)
      case (nil, let module?): entries.append((key, module))
      case (nil, nil): break
      }
    }
  }

  /// The keys, in insertion order.
  public var keys: [String] { entries.map(\.key) }

  public override func namedChildren() -> [(name: String, module: Module)] {
    entries.map { ($0.key, $0.module) }
  }

  public override func namedDirectParameters() -> [(name: String, parameter: Tensor)] { [] }
}
