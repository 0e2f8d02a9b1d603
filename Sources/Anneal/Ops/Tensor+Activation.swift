// Copyright © 2026 the Anneal authors.

/// Activations beyond ReLU (PyTorch: `torch.nn.functional.gelu`, `leaky_relu`, `elu`, `silu`,
/// `mish`, `softplus`, `hardswish`), each its CPU kernel's formula and its derivative.
extension Tensor {
  /// Which GELU (PyTorch: `approximate='none' | 'tanh'`).
  public enum GELUApproximation: String, Sendable { case none, tanh }

  /// x·Φ(x) (PyTorch: `gelu(x, approximate=…)`).
  public func gelu(approximate: GELUApproximation = .none) -> Tensor {
    switch approximate {
    case .none:
      return pointwise(.gelu, "GeluBackward0", savesInput: true) { g, x, _ in
        // cdf + x · pdf, pdf = e^(−x²/2) / √(2π)
        let cdf = ((x * 0.70710678).erf() + 1) * 0.5
        let pdf = (x * x * -0.5).exp() * 0.39894228
        return g * (cdf + x * pdf)
      }
    case .tanh:
      return pointwise(.geluTanh, "GeluBackward0", savesInput: true) { g, x, _ in
        let k: Float = 0.79788456
        let inner = (x + x * x * x * 0.044715) * k
        let t = inner.tanh()
        let dInner = (x * x * (3 * 0.044715) + 1) * k
        return g * ((t + 1) * 0.5 + x * 0.5 * (1 - t * t) * dInner)
      }
    }
  }

  /// The error function (PyTorch: `torch.erf`).
  public func erf() -> Tensor {
    pointwise(.erf, "ErfBackward0", savesInput: true) { g, x, _ in g * (x * x * -1).exp() * 1.12837917 }
  }

  /// eˣ − 1, accurate near 0 (PyTorch: `torch.expm1`).
  public func expm1() -> Tensor {
    pointwise(.expm1, "Expm1Backward0", savesOutput: true) { g, _, y in g * (y + 1) }
  }

  /// x for x > 0, `negativeSlope`·x otherwise (PyTorch: `leaky_relu`, default slope 0.01).
  public func leakyRelu(negativeSlope: Float = 0.01) -> Tensor {
    pointwise(.leakyRelu(negativeSlope), "LeakyReluBackward0", savesInput: true) { g, x, _ in
      Tensor.where(x.gt(0), g, g * negativeSlope)
    }
  }

  /// x for x > 0, α·(eˣ − 1) otherwise (PyTorch: `elu`, default α 1).
  public func elu(alpha: Float = 1) -> Tensor {
    pointwise(.elu(alpha), "EluBackward0", savesInput: true) { g, x, _ in
      Tensor.where(x.gt(0), g, g * x.exp() * alpha)
    }
  }

  /// x·σ(x) (PyTorch: `silu`).
  public func silu() -> Tensor {
    pointwise(.silu, "SiluBackward0", savesInput: true) { g, x, _ in
      let s = x.sigmoid()
      return g * s * (x * (1 - s) + 1)
    }
  }

  /// x·tanh(softplus(x)) (PyTorch: `mish`).
  public func mish() -> Tensor {
    pointwise(.mish, "MishBackward0", savesInput: true) { g, x, _ in
      let t = x.softplus().tanh()
      return g * (t + x * x.sigmoid() * (1 - t * t))
    }
  }

  /// log(1 + e^(β·x))/β, or x where β·x > `threshold` (PyTorch: `softplus`, defaults 1 and 20).
  public func softplus(beta: Float = 1, threshold: Float = 20) -> Tensor {
    pointwise(.softplus(beta, threshold), "SoftplusBackward0", savesInput: true) { g, x, _ in
      let z = (x * beta).exp()
      return Tensor.where((x * beta).gt(threshold), g, g * z / (z + 1))
    }
  }

  /// x·relu6(x + 3)/6 (PyTorch: `hardswish`).
  public func hardswish() -> Tensor {
    pointwise(.hardswish, "HardswishBackward0", savesInput: true) { g, x, _ in
      Tensor.where(x.lt(-3), g.zerosLike(), Tensor.where(x.le(3), g * (x / 3 + 0.5), g))
    }
  }

  /// log σ(x), computed stably as min(x, 0) − log1p(e^(−|x|)) (PyTorch: `logsigmoid`).
  public func logSigmoid() -> Tensor {
    pointwise(.logSigmoid, "LogSigmoidBackward0", savesInput: true) { g, x, _ in
      // PyTorch's log_sigmoid_backward: z = e^(−|x|); 1 − z/(1+z) for x < 0, z/(1+z) otherwise.
      let z = (-x.abs()).exp()
      let q = z / (z + 1)
      return g * Tensor.where(x.lt(0), 1 - q, q)
    }
  }
}
