// Copyright © 2026 the Anneal authors.

/// A recorded operation: its inputs and the function that maps the gradient of its output to
/// the gradients of its inputs (PyTorch: a `grad_fn` node).
package final class BackwardNode {
  /// The operation's name, for descriptions and errors (PyTorch: `grad_fn.name()`).
  package let name: String
  /// The tensor inputs, in the order ``pullback`` returns their gradients.
  package let inputs: [Tensor]
  /// Maps the output gradient to one gradient per input (`nil` where none is needed).
  package let pullback: (Tensor) -> [Tensor?]

  package init(name: String, inputs: [Tensor], pullback: @escaping (Tensor) -> [Tensor?]) {
    self.name = name
    self.inputs = inputs
    self.pullback = pullback
  }
}

extension Tensor {
  /// Wraps `storage` as the result of an operation on `inputs`, recording `pullback` when
  /// grad mode is on and some input requires a gradient.
  package static func result(
    _ storage: Storage, shape: [Int], name: String, inputs: [Tensor],
    pullback: @escaping (Tensor) -> [Tensor?]
  ) -> Tensor {
    let output = Tensor(storage: storage, shape: shape)
    if GradMode.isEnabled && inputs.contains(where: \.requiresGrad) {
      output.requiresGrad = true
      output.gradFn = BackwardNode(name: name, inputs: inputs, pullback: pullback)
    }
    return output
  }
}
