// Copyright © 2026 the Anneal authors.

import Synchronization

/// Where the gradient of one input of a recorded operation goes: into the operation that
/// produced it, or into a leaf's ``Tensor/grad`` (PyTorch: an `Edge` to a `Node` or to
/// `AccumulateGrad`).
package enum Edge {
  case node(Node, output: Int)
  case leaf(Tensor)

  /// The edge for a tensor used as an input, or `nil` when it needs no gradient.
  package init?(_ tensor: Tensor) {
    guard tensor.requiresGrad else { return nil }
    if let node = tensor.gradFn { self = .node(node, output: tensor.outputNr) } else { self = .leaf(tensor) }
  }
}

/// A tensor a node keeps for its backward pass, with the version its storage had then
/// (PyTorch: `SavedVariable`).
package struct SavedTensor {
  package let storage: Storage
  package let version: Int
  private let dtype: DType
  private let shape: [Int]
  /// Which output of which node produced it, for the error message.
  package let output: Int
  package let producer: String

  /// PyTorch's description in the error message, e.g. `torch.FloatTensor [3]`.
  package var description: String {
    "\(dtype.legacyName) [" + shape.map(String.init).joined(separator: ", ") + "]"
  }

  package init(_ tensor: Tensor, producer: (name: String, output: Int)? = nil) {
    storage = tensor.storage
    version = tensor.storage.version
    dtype = tensor.dtype
    shape = tensor.shape
    output = producer?.output ?? tensor.outputNr
    self.producer = producer?.name ?? tensor.gradFn?.name ?? "AccumulateGrad"
  }
}

/// The backward rule of a recorded operation: output gradients in, input gradients out.
package typealias BackwardRule = ([Tensor?]) throws(AutogradError) -> [Tensor?]

/// A recorded operation (PyTorch: a `grad_fn` node).
package final class Node {
  private static let counter = Atomic<Int>(0)

  /// The operation's name, e.g. `MulBackward0` (PyTorch: `grad_fn.name()`).
  package let name: String
  /// One edge per input, `nil` for inputs that need no gradient.
  package let edges: [Edge?]
  /// The shape and dtype of each output, so that a missing output gradient can be zeros.
  package let outputs: [(shape: [Int], dtype: DType)]
  /// Tensors the rule reads, checked against their versions before it runs.
  package private(set) var saved: [SavedTensor]
  /// The rule; `nil` once the graph was freed.
  package private(set) var rule: BackwardRule?
  /// Creation order; later nodes run first, as in PyTorch's engine.
  package let sequenceNumber: Int

  // The engine's bookkeeping during one backward pass.
  private static let passes = Atomic<Int>(0)
  /// The pass that last reached this node.
  package private(set) var pass = 0
  /// Edges from nodes of the pass that have not run yet.
  package var pending = 0
  /// The gradients of the outputs received so far in the pass.
  package var buffer: [Tensor?] = []

  /// A number for a new backward pass.
  package static func nextPass() -> Int { passes.wrappingAdd(1, ordering: .relaxed).newValue }

  /// Prepares the node for pass `pass`.
  package func begin(_ pass: Int) {
    self.pass = pass
    pending = 0
    buffer = [Tensor?](repeating: nil, count: outputs.count)
  }

  /// Drops the pass's gradients.
  package func end() {
    pending = 0
    buffer = []
  }

  package init(
    name: String, edges: [Edge?], outputs: [(shape: [Int], dtype: DType)], saved: [SavedTensor],
    rule: @escaping BackwardRule
  ) {
    self.name = name
    self.edges = edges
    self.outputs = outputs
    self.saved = saved
    self.rule = rule
    sequenceNumber = Node.counter.wrappingAdd(1, ordering: .relaxed).newValue
  }

  /// Adds tensors whose versions backward checks.
  package func save(_ tensors: [Tensor], outputs: [Tensor] = []) {
    for tensor in tensors {
      let index = outputs.firstIndex { $0.storage === tensor.storage && $0.storageOffset == tensor.storageOffset }
      saved.append(SavedTensor(tensor, producer: index.map { (name, $0) }))
    }
  }

  /// Frees the rule and what it captured (PyTorch: releasing saved variables).
  package func release() {
    rule = nil
    saved = []
  }

  /// Throws when the graph was freed or a saved tensor was changed in place.
  package func checkRunnable() throws(AutogradError) {
    guard rule != nil else { throw .graphFreed(node: name) }
    for s in saved where s.storage.version != s.version {
      throw .modifiedByInplaceOperation(
        tensor: s.description, output: s.output, of: s.producer, version: s.storage.version, expected: s.version)
    }
  }

  package func run(_ gradients: [Tensor?]) throws(AutogradError) -> [Tensor?] {
    guard let rule else { throw .graphFreed(node: name) }
    return try rule(gradients)
  }
}

extension Tensor {
  /// Records `outputs` as the results of an operation on `inputs` when grad mode is on and
  /// some input requires a gradient; `rule` maps the outputs' gradients (`nil` where an output
  /// received none) to one gradient per input. `saving` lists the tensors `rule` reads, whose
  /// versions backward checks.
  ///
  /// The rule must not capture the outputs themselves (that would be a reference cycle):
  /// capture `output.detach()` instead, which shares storage and version.
  package static func record(
    _ name: String, inputs: [Tensor], outputs: [Tensor], saving: [Tensor] = [], rule: @escaping BackwardRule
  ) {
    guard GradMode.isEnabled, inputs.contains(where: \.requiresGrad) else { return }
    let node = Node(
      name: name, edges: inputs.map(Edge.init), outputs: outputs.map { ($0.shape, $0.dtype) },
      saved: [], rule: rule)
    for (i, output) in outputs.enumerated() where output.dtype.isFloatingPoint {
      output.requiresGrad = true
      output.gradFn = node
      output.outputNr = i
    }
    node.save(saving, outputs: outputs)
  }

  /// Records a single-output operation whose rule needs the output gradient; returns `output`.
  @discardableResult
  package static func record(
    _ name: String, inputs: [Tensor], output: Tensor, saving: [Tensor] = [],
    rule: @escaping (Tensor) throws(AutogradError) -> [Tensor?]
  ) -> Tensor {
    let shape = output.shape
    record(name, inputs: inputs, outputs: [output], saving: saving) { (g: [Tensor?]) throws(AutogradError) in
      try rule(g[0] ?? Tensor.zeros(shape))
    }
    return output
  }
}
