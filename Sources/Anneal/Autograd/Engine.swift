// Copyright © 2026 the Anneal authors.

/// Runs backward passes over recorded graphs (PyTorch: `torch.autograd.Engine`).
///
/// Nodes run when every consumer of their outputs has run, the most recently created ready
/// node first, as PyTorch's engine orders them; gradients reaching one output from several
/// consumers are summed in that order. Every node of the pass is checked before any runs, so a
/// freed graph or a saved tensor changed in place throws without touching a gradient.
enum Engine {
  /// Propagates `seeds` (tensor, gradient) backward. With `capture`, returns the gradients of
  /// those tensors instead of accumulating into leaves.
  static func run(
    _ seeds: [(tensor: Tensor, gradient: Tensor)], retainGraph: Bool, capture: [Tensor]? = nil
  ) throws(AutogradError) -> [Tensor?] {
    // Nodes reachable from the seeds, and how many edges lead into each (kept on the nodes
    // for the pass: graphs are not shared between threads, as tensors are not Sendable).
    let pass = Node.nextPass()
    var reached: [Node] = []
    var stack = seeds.compactMap(\.tensor.gradFn)
    for node in stack where node.pass != pass { node.begin(pass) }
    while let node = stack.popLast() {
      reached.append(node)
      try node.checkRunnable()
      for case .node(let next, _)? in node.edges {
        if next.pass != pass {
          next.begin(pass)
          stack.append(next)
        }
        next.pending += 1
      }
    }

    // Captured tensors: leaves by identity, non-leaves by (node, output).
    var captured = [Tensor?](repeating: nil, count: capture?.count ?? 0)
    var leafCapture: [ObjectIdentifier: [Int]] = [:]
    var nodeCapture: [ObjectIdentifier: [(output: Int, index: Int)]] = [:]
    for (i, t) in (capture ?? []).enumerated() {
      if let fn = t.gradFn {
        nodeCapture[ObjectIdentifier(fn), default: []].append((t.outputNr, i))
      } else {
        leafCapture[ObjectIdentifier(t), default: []].append(i)
      }
    }
    func deliverToLeaf(_ leaf: Tensor, _ gradient: inout Tensor) {
      if capture != nil {
        for i in leafCapture[ObjectIdentifier(leaf)] ?? [] { captured[i] = add(captured[i], gradient) }
      } else {
        leaf.accumulateGrad(&gradient)
      }
    }

    var ready: [Node] = []
    for (tensor, gradient) in seeds {
      guard let node = tensor.gradFn else {
        var given = gradient
        deliverToLeaf(tensor, &given)
        continue
      }
      node.buffer[tensor.outputNr] = add(node.buffer[tensor.outputNr], gradient)
      if node.pending == 0, !ready.contains(where: { $0 === node }) { ready.append(node) }
    }

    defer { for node in reached { node.end() } }
    var executed: [Node] = []
    while !ready.isEmpty {
      var pick = ready.count - 1
      for k in ready.indices where ready[k].sequenceNumber > ready[pick].sequenceNumber { pick = k }
      let node = ready.remove(at: pick)
      let gradients = node.buffer
      node.buffer = []
      if !nodeCapture.isEmpty {
        for (output, index) in nodeCapture[ObjectIdentifier(node)] ?? [] { captured[index] = gradients[output] }
      }
      // Held by this variable alone, so that an unshared gradient can be adopted as a leaf's grad.
      var inputGradients: [Tensor?] = []
      var failure: AutogradError?
      withNoGrad {
        do throws(AutogradError) { inputGradients = try node.run(gradients) } catch { failure = error }
      }
      if let failure { throw failure }
      executed.append(node)
      for (i, edge) in node.edges.enumerated() {
        guard let edge else { continue }
        // Taken out of the array, so that an unshared gradient is uniquely referenced here.
        var taken: Tensor? = nil
        if i < inputGradients.count { swap(&taken, &inputGradients[i]) }
        switch edge {
        case .leaf(let leaf):
          if var gradient = taken {
            taken = nil
            deliverToLeaf(leaf, &gradient)
          }
        case .node(let next, let output):
          if let gradient = taken { next.buffer[output] = add(next.buffer[output], gradient) }
          next.pending -= 1
          if next.pending == 0 { ready.append(next) }
        }
      }
    }
    if !retainGraph { for node in executed { node.release() } }
    return captured
  }

  private static func add(_ existing: Tensor?, _ gradient: Tensor) -> Tensor {
    guard let existing else { return gradient }
    return withNoGrad { existing + gradient }
  }
}

extension Tensor {
  /// Computes the gradient of this tensor with respect to every leaf that requires one, and
  /// adds it to the leaf's ``grad`` (PyTorch: `backward()`).
  ///
  /// Gradients accumulate across calls, as in PyTorch; clear them with the optimizer's
  /// `zeroGrad()` before each step.
  ///
  /// - Parameters:
  ///   - gradient: The gradient of some scalar with respect to this tensor. It may be omitted
  ///     only for a one-element tensor, where it defaults to `1`.
  ///   - retainGraph: Whether to keep the graph for another backward pass. The default is
  ///     `false`: the graph's saved tensors are freed and a second pass throws.
  /// - Throws: ``AutogradError`` when the graph was freed, a tensor it saved was changed in
  ///   place, or the gradient does not fit; no gradient is changed then.
  public func backward(_ gradient: Tensor? = nil, retainGraph: Bool = false) throws(AutogradError) {
    let seed = try seedGradient(gradient)
    _ = try Engine.run([(self, seed)], retainGraph: retainGraph)
  }

  private func seedGradient(_ gradient: Tensor?) throws(AutogradError) -> Tensor {
    guard requiresGrad else { throw .doesNotRequireGrad }
    if let gradient {
      guard gradient.shape == shape else { throw .gradientShapeMismatch(expected: shape, found: gradient.shape) }
      return gradient
    }
    guard count == 1 else { throw .implicitGradientNeedsScalar(shape: shape) }
    return Tensor.full(shape, 1)
  }

  /// Adds `gradient` to ``grad`` (PyTorch: `AccumulateGrad`). A first gradient that nothing
  /// else references — neither the tensor nor its storage — and that is laid out like this
  /// tensor becomes ``grad`` without a copy, as PyTorch steals an unshared gradient; anything
  /// else is copied, so that ``grad`` never aliases a tensor someone else holds.
  package func accumulateGrad(_ gradient: inout Tensor) {
    guard requiresGrad else { return }
    if let grad {
      withNoGrad { grad.addInPlace(gradient) }
      return
    }
    if gradient.isContiguous && gradient.storageOffset == 0 && gradient.dtype == dtype
      && gradient.storage.byteCount == count * dtype.itemSize && isKnownUniquelyReferenced(&gradient)
      && isKnownUniquelyReferenced(&gradient.storage)
    {
      grad = Tensor(storage: gradient.storage, dtype: dtype, shape: shape)
    } else {
      grad = gradient.contiguousCopy()
    }
  }
}

/// The gradients of `outputs` with respect to `inputs`, without touching any ``Tensor/grad``
/// (PyTorch: `torch.autograd.grad`).
///
/// - Parameters:
///   - outputs: Tensors to differentiate; each needs a gradient in `gradOutputs` unless it
///     has one element.
///   - inputs: The tensors to differentiate with respect to; leaves or intermediate results.
///   - gradOutputs: The gradients of some scalar with respect to `outputs`.
///   - retainGraph: Whether to keep the graph. The default is `false`.
///   - allowUnused: Whether an input the outputs do not depend on gives `nil` instead of an
///     error. The default is `false`, as in PyTorch.
public func grad(
  of outputs: [Tensor], with inputs: [Tensor], gradOutputs: [Tensor?]? = nil, retainGraph: Bool = false,
  allowUnused: Bool = false
) throws(AutogradError) -> [Tensor?] {
  var seeds: [(tensor: Tensor, gradient: Tensor)] = []
  for (i, output) in outputs.enumerated() {
    guard output.requiresGrad else { throw .doesNotRequireGrad }
    let given = gradOutputs.flatMap { i < $0.count ? $0[i] : nil }
    if let given {
      guard given.shape == output.shape else {
        throw .gradientShapeMismatch(expected: output.shape, found: given.shape)
      }
      seeds.append((output, given))
    } else {
      guard output.count == 1 else { throw .implicitGradientNeedsScalar(shape: output.shape) }
      seeds.append((output, Tensor.full(output.shape, 1)))
    }
  }
  let result = try Engine.run(seeds, retainGraph: retainGraph, capture: inputs)
  if !allowUnused, let unused = result.firstIndex(where: { $0 == nil }) { throw .unusedInput(index: unused) }
  return result
}
