// Copyright © 2026 the Anneal authors.

import Anneal

/// Why gradient clipping refused to scale (PyTorch: the `RuntimeError` of
/// `clip_grad_norm_(…, error_if_nonfinite=True)`).
public enum ClipGradError: Error, Equatable, CustomStringConvertible {
  /// The total norm was NaN or infinite; the gradients were left as they were.
  case nonFiniteNorm(normType: Double, norm: Float)

  public var description: String {
    switch self {
    case .nonFiniteNorm(let normType, _):
      "The total norm of order \(normType) for gradients from `parameters` is non-finite, so it cannot be "
        + "clipped. To disable this error and scale the gradients by the non-finite norm anyway, set "
        + "`errorIfNonfinite: false`"
    }
  }
}

/// The norm of order `normType` of one tensor (PyTorch: `torch.linalg.vector_norm`): the largest
/// absolute value for ∞, the count of non-zeros for 0, otherwise `(Σ|x|ᵖ)^(1/p)`.
private func vectorNorm(_ x: Tensor, _ normType: Double) -> Tensor {
  if normType == .infinity { return x.count == 0 ? Tensor(scalar: 0) : x.abs().max() }
  if normType == -.infinity { return x.abs().min() }
  if normType == 0 { return x.ne(0).to(.float32).sum() }
  if normType == 1 { return x.abs().sum() }
  if normType == 2 { return (x * x).sum().sqrt() }
  return x.abs().pow(Float(normType)).sum().pow(Float(1 / normType))
}

/// The norm of all gradients together (PyTorch: `torch.nn.utils.get_total_norm`): the norm of
/// the per-tensor norms, a 0-D float32 tensor (0 when no parameter has a gradient).
public func totalGradNorm(_ parameters: [Tensor], normType: Double = 2) -> Tensor {
  withNoGrad {
    let norms = parameters.compactMap(\.grad).map { vectorNorm($0, normType) }
    guard !norms.isEmpty else { return Tensor(scalar: 0) }
    return vectorNorm(Tensor.stack(norms), normType)
  }
}

/// Scales the gradients in place so that their total norm is at most `maxNorm`, and returns
/// the total norm before clipping (PyTorch: `torch.nn.utils.clip_grad_norm_(parameters,
/// max_norm, norm_type=2.0, error_if_nonfinite=False)`).
///
/// As PyTorch: the factor is `maxNorm / (norm + 1e-6)` clamped at 1, in float32, applied to
/// every gradient (also when it is 1); parameters without a gradient are skipped.
///
/// - Throws: ``ClipGradError/nonFiniteNorm(normType:norm:)`` when `errorIfNonfinite` is set and
///   the norm is NaN or infinite; the gradients are unchanged then.
@discardableResult
public func clipGradNorm_(
  _ parameters: [Tensor], maxNorm: Double, normType: Double = 2, errorIfNonfinite: Bool = false
) throws(ClipGradError) -> Tensor {
  let total = totalGradNorm(parameters, normType: normType)
  let norm = total.item()
  if errorIfNonfinite && !norm.isFinite { throw .nonFiniteNorm(normType: normType, norm: norm) }
  let grads = parameters.compactMap(\.grad)
  guard !grads.isEmpty else { return total }
  let factor = withNoGrad { (Float(maxNorm) / (total + 1e-6)).clamp(max: 1) }.item()
  for grad in grads { withNoGrad { grad.scale(by: factor) } }
  return total
}

/// Clamps every gradient in place to `[-clipValue, clipValue]` (PyTorch:
/// `torch.nn.utils.clip_grad_value_`).
public func clipGradValue_(_ parameters: [Tensor], clipValue: Double) {
  let bound = Float(clipValue)
  for grad in parameters.compactMap(\.grad) {
    withNoGrad { grad.copy(from: grad.clamp(min: -bound, max: bound)) }
  }
}

/// The parameters flattened and concatenated into one vector (PyTorch:
/// `torch.nn.utils.parameters_to_vector`); gradients flow back to each parameter.
public func parametersToVector(_ parameters: [Tensor]) -> Tensor {
  check(!parameters.isEmpty, "parameters_to_vector needs at least one parameter")
  return Tensor.cat(parameters.map { $0.reshape([-1]) }, dim: 0)
}

/// Copies consecutive slices of `vector` into the parameters, in order (PyTorch:
/// `torch.nn.utils.vector_to_parameters`); outside autograd, as PyTorch's `.data` assignment.
public func vectorToParameters(_ vector: Tensor, _ parameters: [Tensor]) {
  check(vector.rank == 1, "expected vec to be a 1-D tensor, but got \(vector.rank)-D")
  let total = parameters.reduce(0) { $0 + $1.count }
  check(vector.count == total, "vector has \(vector.count) elements, the parameters \(total)")
  var offset = 0
  withNoGrad {
    for p in parameters {
      p.copy(from: vector.narrow(dim: 0, start: offset, length: p.count).reshape(p.shape))
      offset += p.count
    }
  }
}
