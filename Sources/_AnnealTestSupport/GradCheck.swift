// Copyright © 2026 the Anneal authors.

import Anneal

/// ``gradcheck(_:eps:rtol:atol:_:)`` as descriptions of the mismatches, for `#expect`.
public func gradCheck(
  _ inputs: [Tensor], eps: Float = 1e-2, rtol: Double = 2e-2, atol: Double = 2e-3,
  _ f: ([Tensor]) -> Tensor
) -> [String] {
  do {
    return try gradcheck(inputs, eps: eps, rtol: rtol, atol: atol, f).map(\.description)
  } catch {
    return ["backward failed: \(error)"]
  }
}
