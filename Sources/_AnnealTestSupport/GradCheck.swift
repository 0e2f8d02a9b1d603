// Copyright © 2026 the Anneal authors.

import Anneal

/// Compares the gradients `backward()` computes for `f` at `inputs` with central finite
/// differences (PyTorch: `torch.autograd.gradcheck`, in Float32).
///
/// A non-scalar output is reduced with fixed pseudo-random weights, so every output element
/// contributes. Returns a description of each mismatch; an empty array means success.
public func gradCheck(
  _ inputs: [Tensor], eps: Float = 1e-2, rtol: Double = 2e-2, atol: Double = 2e-3,
  _ f: ([Tensor]) -> Tensor
) -> [String] {
  let probe = f(inputs)
  let weights = Tensor((0..<probe.count).map { Float(($0 * 7919) % 17) / 17 - 0.4 }, shape: probe.shape)
  func objective() -> Tensor { (f(inputs) * weights).sum() }

  for input in inputs { input.grad = nil }
  objective().backward()
  var failures: [String] = []
  for (n, input) in inputs.enumerated() where input.requiresGrad {
    let analytic = input.grad?.scalars ?? [Float](repeating: 0, count: input.count)
    for i in 0..<input.count {
      let original = input.scalars[i]
      func evaluate(at value: Float) -> Double {
        withNoGrad { input.withUnsafeMutableScalars { $0[i] = value } }
        return Double(withNoGrad { objective().item() })
      }
      let numeric = (evaluate(at: original + eps) - evaluate(at: original - eps)) / Double(2 * eps)
      withNoGrad { input.withUnsafeMutableScalars { $0[i] = original } }
      let a = Double(analytic[i])
      if abs(a - numeric) > atol + rtol * abs(numeric) {
        failures.append("input \(n) element \(i): analytic \(a), numeric \(numeric)")
      }
    }
  }
  return failures
}
