// Copyright © 2026 the Anneal authors.

extension Tensor {
  /// Computes the gradient of this tensor with respect to every leaf that requires one, and
  /// adds it to the leaf's ``grad`` (PyTorch: `backward()`).
  ///
  /// Gradients accumulate across calls, as in PyTorch; clear them with the optimizer's
  /// `zeroGrad()` before each step.
  ///
  /// - Parameter gradient: The gradient of some scalar with respect to this tensor. It may
  ///   be omitted only for a one-element tensor, where it defaults to `1`.
  public func backward(_ gradient: Tensor? = nil) {
    precondition(
      requiresGrad,
      "backward() on a tensor that does not require grad and has no grad_fn (PyTorch rule)")
    let seed: Tensor
    if let gradient {
      precondition(
        gradient.shape == shape, "Gradient shape \(gradient.shape) must equal shape \(shape)")
      seed = gradient
    } else {
      precondition(count == 1, "backward() without a gradient needs a scalar, got \(shape)")
      seed = Tensor(storage: Storage(repeating: 1, count: 1), shape: shape)
    }
    withNoGrad { propagate(seed) }
  }

  private func propagate(_ seed: Tensor) {
    var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed]
    for tensor in topologicalOrder().reversed() {
      guard var gradient = grads.removeValue(forKey: ObjectIdentifier(tensor)) else { continue }
      guard let node = tensor.gradFn else {
        tensor.accumulateGrad(&gradient)
        continue
      }
      let inputGrads = node.pullback(gradient)
      for (input, inputGrad) in zip(node.inputs, inputGrads) {
        guard input.requiresGrad, let inputGrad else { continue }
        let key = ObjectIdentifier(input)
        if let existing = grads[key] {
          grads[key] = existing + inputGrad
        } else {
          grads[key] = inputGrad
        }
      }
    }
  }

  /// Adds `gradient` to ``grad``. A first gradient that nothing else references — neither
  /// the tensor nor its storage — becomes ``grad`` without a copy, as PyTorch's
  /// `AccumulateGrad` steals an unshared gradient; a shared one is copied, so that ``grad``
  /// never aliases a tensor someone else holds.
  private func accumulateGrad(_ gradient: inout Tensor) {
    guard requiresGrad else { return }
    if let grad {
      Elementwise.add(grad.storage.base, gradient.storage.base, into: grad.storage.base, count: count)
    } else if isKnownUniquelyReferenced(&gradient) && isKnownUniquelyReferenced(&gradient.storage) {
      grad = Tensor(storage: gradient.storage, shape: shape)
    } else {
      grad = Tensor(storage: Storage(copying: gradient.storage.buffer), shape: shape)
    }
  }

  /// Every tensor reachable from this one through recorded operations, inputs first.
  private func topologicalOrder() -> [Tensor] {
    var order: [Tensor] = []
    var visited: Set<ObjectIdentifier> = []
    var stack: [(tensor: Tensor, expanded: Bool)] = [(self, false)]
    while let (tensor, expanded) = stack.popLast() {
      if expanded {
        order.append(tensor)
        continue
      }
      guard visited.insert(ObjectIdentifier(tensor)).inserted else { continue }
      stack.append((tensor, true))
      for input in tensor.gradFn?.inputs ?? [] where input.requiresGrad {
        if !visited.contains(ObjectIdentifier(input)) { stack.append((input, false)) }
      }
    }
    return order
  }
}
