// Copyright © 2026 the Anneal authors.

/// One element whose analytic gradient disagrees with the finite-difference estimate.
public struct GradcheckMismatch: Sendable, Equatable, CustomStringConvertible {
  /// Which input.
  public let input: Int
  /// The element's row-major position in that input.
  public let element: Int
  /// The gradient backward computed.
  public let analytic: Double
  /// The central finite difference.
  public let numeric: Double

  public var description: String { "input \(input) element \(element): analytic \(analytic), numeric \(numeric)" }
}

/// Compares the gradients that backward computes for `f` at `inputs` with central finite
/// differences (PyTorch: `torch.autograd.gradcheck`, here in float32, hence the looser default
/// step and tolerances).
///
/// A non-scalar output is reduced with fixed pseudo-random weights, so that every output
/// element contributes. Inputs may be views of any layout (transposed, expanded …): each element
/// is perturbed in place through a view of it. Inputs that do not require a gradient are left
/// alone.
///
/// - Returns: The mismatches; empty when the gradients agree.
/// - Throws: ``AutogradError`` if the backward pass fails.
public func gradcheck(
  _ inputs: [Tensor], eps: Float = 1e-2, rtol: Double = 2e-2, atol: Double = 2e-3, _ f: ([Tensor]) -> Tensor
) throws(AutogradError) -> [GradcheckMismatch] {
  let probe = f(inputs)
  let weights = Tensor((0..<probe.count).map { Float(($0 * 7919) % 17) / 17 - 0.4 }, shape: probe.shape)
  func objective() -> Tensor { (f(inputs) * weights).sum() }

  let analytic = try grad(of: [objective()], with: inputs.filter(\.requiresGrad), allowUnused: true)
  var failures: [GradcheckMismatch] = []
  for (n, input) in inputs.enumerated().filter({ $0.element.requiresGrad }).enumerated().map({ ($1.offset, $1.element) }
  ) {
    let position = inputs.prefix(n).filter(\.requiresGrad).count
    let gradient = analytic[position]?.scalars ?? [Float](repeating: 0, count: input.count)
    let values = input.scalars
    for i in 0..<input.count {
      let cell = input.element(at: i)
      func evaluate(at value: Float) -> Double {
        withNoGrad { cell.fill(with: value) }
        return Double(withNoGrad { objective().item() })
      }
      let numeric = (evaluate(at: values[i] + eps) - evaluate(at: values[i] - eps)) / Double(2 * eps)
      withNoGrad { cell.fill(with: values[i]) }
      let a = Double(gradient[i])
      if abs(a - numeric) > atol + rtol * abs(numeric) {
        failures.append(GradcheckMismatch(input: n, element: i, analytic: a, numeric: numeric))
      }
    }
  }
  return failures
}

extension Tensor {
  /// A 0-D view of the element at row-major position `index`, outside the graph.
  package func element(at index: Int) -> Tensor {
    var rest = index
    var offset = storageOffset
    for d in stride(from: rank - 1, through: 0, by: -1) {
      offset += (rest % shape[d]) * strides[d]
      rest /= shape[d]
    }
    return Tensor(storage: storage, dtype: dtype, shape: [], storageOffset: offset)
  }
}
