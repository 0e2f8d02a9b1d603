// Copyright © 2026 the Anneal authors.

extension Tensor {
  /// log(softmax(x)) along `dim`, computed stably by subtracting the maximum
  /// (PyTorch: `log_softmax(dim)`).
  public func logSoftmax(dim: Int) -> Tensor {
    let d = normalizedDim(dim)
    let x = contiguous().to(.float32)
    let out = Tensor.empty(shape)
    Kernels.logSoftmax(x, dim: d, into: out)
    let y = out.detach()
    return Tensor.record("LogSoftmaxBackward0", inputs: [x], output: out, saving: [out]) { g in
      // dx = g - softmax · Σ g
      [g - y.exp() * g.sum(dim: d, keepDim: true)]
    }
  }

  /// softmax(x) along `dim` (PyTorch: `softmax(dim)`).
  public func softmax(dim: Int) -> Tensor { logSoftmax(dim: dim).exp() }
}
