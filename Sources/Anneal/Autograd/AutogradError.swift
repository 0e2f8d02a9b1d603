// Copyright © 2026 the Anneal authors.

/// Why a backward pass cannot compute correct gradients (PyTorch: the `RuntimeError`s of
/// `torch.autograd`). The graph and every `grad` are unchanged when one is thrown.
public enum AutogradError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A tensor saved for the backward pass was changed in place after it was saved.
  case modifiedByInplaceOperation(tensor: String, output: Int, of: String, version: Int, expected: Int)
  /// The graph was already freed by an earlier backward pass without `retainGraph: true`.
  case graphFreed(node: String)
  /// `backward()` on a tensor that does not require a gradient.
  case doesNotRequireGrad
  /// A gradient was left out for a tensor with more than one element.
  case implicitGradientNeedsScalar(shape: [Int])
  /// A given gradient's shape differs from its tensor's.
  case gradientShapeMismatch(expected: [Int], found: [Int])
  /// `grad(of:with:)` asked for an input the outputs do not depend on.
  case unusedInput(index: Int)
  /// A custom ``Function`` failed or returned the wrong number of gradients.
  case functionFailed(name: String, reason: String)

  public var description: String {
    switch self {
    case .modifiedByInplaceOperation(let tensor, let output, let node, let version, let expected):
      "one of the variables needed for gradient computation has been modified by an inplace operation: "
        + "[\(tensor)], which is output \(output) of \(node), is at version \(version); expected version "
        + "\(expected) instead. Hint: the operation that failed was an in-place change after the forward "
        + "pass; clone() the tensor before changing it."
    case .graphFreed(let node):
      "Trying to backward through the graph a second time (or directly access saved tensors after they "
        + "have already been freed) at \(node). Saved intermediate values of the graph are freed when you "
        + "call backward(); specify retainGraph: true if you need to backward through the graph a second time."
    case .doesNotRequireGrad:
      "element 0 of tensors does not require grad and does not have a grad_fn"
    case .implicitGradientNeedsScalar(let shape):
      "grad can be implicitly created only for scalar outputs (got shape \(shape))"
    case .gradientShapeMismatch(let expected, let found):
      "Mismatch in shape: grad_output[0] has a shape of \(found) and output[0] has a shape of \(expected)."
    case .unusedInput(let index):
      "One of the differentiated Tensors (input \(index)) appears to not have been used in the graph. "
        + "Set allowUnused: true if this is the desired behavior."
    case .functionFailed(let name, let reason): "\(name): \(reason)"
    }
  }
}
