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
/// A stored `Tensor` is a parameter when it requires a gradient; arrays of modules are
/// numbered. Override ``namedChildren()`` or ``namedDirectParameters()`` to declare them
/// explicitly instead.
open class Module {
  /// Whether the module is in training mode (PyTorch: `training`).
  public private(set) var isTraining = true

  /// Creates a module in training mode.
  public init() {}

  /// The parameters held directly by this module, excluding submodules.
  open func namedDirectParameters() -> [(name: String, parameter: Tensor)] {
    reflectedChildren().compactMap { label, value in
      guard let tensor = value as? Tensor, tensor.requiresGrad else { return nil }
      return (label, tensor)
    }
  }

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

  /// Every parameter, with its dotted name (PyTorch: `named_parameters()`).
  public func namedParameters() -> [(name: String, parameter: Tensor)] {
    var result = namedDirectParameters()
    var seen = Set(result.map { ObjectIdentifier($0.parameter) })
    for (prefix, child) in namedChildren() {
      for (name, parameter) in child.namedParameters() where seen.insert(ObjectIdentifier(parameter)).inserted {
        result.append(("\(prefix).\(name)", parameter))
      }
    }
    return result
  }

  /// Every parameter, in registration order (PyTorch: `parameters()`).
  public func parameters() -> [Tensor] { namedParameters().map(\.parameter) }

  /// Every module in the tree, this one first (PyTorch: `modules()`).
  public func modules() -> [Module] {
    [self] + namedChildren().flatMap { $0.module.modules() }
  }

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

  private func reflectedChildren() -> [(String, Any)] {
    var result: [(String, Any)] = []
    var mirror: Mirror? = Mirror(reflecting: self)
    var levels: [[(String, Any)]] = []
    while let current = mirror {
      levels.append(current.children.compactMap { child in child.label.map { ($0, child.value) } })
      mirror = current.superclassMirror
    }
    for level in levels.reversed() { result += level }
    return result
  }
}
