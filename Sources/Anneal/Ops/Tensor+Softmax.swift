// Copyright © 2026 the Anneal authors.

import RealModule

extension Tensor {
  /// log(softmax(x)) along `dim`, computed stably by subtracting the maximum
  /// (PyTorch: `log_softmax(dim)`).
  public func logSoftmax(dim: Int) -> Tensor {
    let d = normalizedDim(dim)
    let (outer, extent, inner) = split(at: d)
    let out = Storage(uninitializedCount: count)
    let (src, dst) = (storage.base, out.base)
    for o in 0..<outer {
      for i in 0..<inner {
        let base = o * extent * inner + i
        var maximum = -Float.infinity
        for r in 0..<extent { maximum = max(maximum, src[base + r * inner]) }
        var total: Float = 0
        for r in 0..<extent { total += Float.exp(src[base + r * inner] - maximum) }
        let logTotal = Float.log(total)
        for r in 0..<extent { dst[base + r * inner] = (src[base + r * inner] - maximum) - logTotal }
      }
    }
    let output = Tensor(storage: out, shape: shape)
    return Tensor.result(out, shape: shape, name: "LogSoftmaxBackward", inputs: [self]) { g in
      // dx = g - softmax · Σ g
      let total = g.sum(dim: d, keepDim: true).expanded(to: g.shape)
      let softmax = output.detach().exp()
      return [g - softmax * total]
    }
  }

  /// softmax(x) along `dim` (PyTorch: `softmax(dim)`).
  public func softmax(dim: Int) -> Tensor { logSoftmax(dim: dim).exp() }

  /// The mean negative log-likelihood of `targets` under log-probabilities of shape
  /// `[batch, classes]` (PyTorch: `nll_loss` with mean reduction).
  public func nllLoss(targets: [Int]) -> Tensor {
    let (batch, classes) = checkClassification(targets)
    var total: Float = 0
    let src = storage.base
    for (row, target) in targets.enumerated() { total -= src[row * classes + target] }
    let shape = self.shape
    return Tensor.result(
      Storage(repeating: total / Float(batch), count: 1), shape: [], name: "NllLossBackward",
      inputs: [self]
    ) { g in
      let grad = Tensor.zeros(shape)
      let scale = -g.item() / Float(batch)
      for (row, target) in targets.enumerated() { grad.storage.base[row * classes + target] = scale }
      return [grad]
    }
  }

  /// Checks a `[batch, classes]` input against integer class targets.
  package func checkClassification(_ targets: [Int]) -> (batch: Int, classes: Int) {
    precondition(rank == 2, "Expected input of shape [batch, classes], got \(shape)")
    let (batch, classes) = (shape[0], shape[1])
    precondition(targets.count == batch, "Expected \(batch) targets, got \(targets.count)")
    precondition(batch > 0, "A loss needs at least one sample")
    for target in targets {
      precondition(target >= 0 && target < classes, "Target \(target) is out of bounds for \(classes) classes")
    }
    return (batch, classes)
  }
}

/// The mean cross-entropy of raw scores `logits` (`[batch, classes]`) against class
/// `targets` (PyTorch: `torch.nn.functional.cross_entropy`).
///
/// Log-softmax and negative log-likelihood are fused: the forward pass subtracts each row's
/// maximum before exponentiating, and the backward pass is `(softmax − onehot) / batch`.
public func crossEntropy(_ logits: Tensor, targets: [Int]) -> Tensor {
  let (batch, classes) = logits.checkClassification(targets)
  let probabilities = Storage(uninitializedCount: logits.count)
  let src = logits.storage.base
  var loss: Float = 0
  for row in 0..<batch {
    let x = src + row * classes
    let p = probabilities.base + row * classes
    var maximum = -Float.infinity
    for j in 0..<classes { maximum = max(maximum, x[j]) }
    var total: Float = 0
    for j in 0..<classes {
      p[j] = Float.exp(x[j] - maximum)
      total += p[j]
    }
    let logTotal = Float.log(total)
    loss += logTotal - (x[targets[row]] - maximum)
    let inverse = 1 / total
    for j in 0..<classes { p[j] *= inverse }
  }
  return Tensor.result(
    Storage(repeating: loss / Float(batch), count: 1), shape: [], name: "CrossEntropyBackward",
    inputs: [logits]
  ) { g in
    let grad = Storage(uninitializedCount: batch * classes)
    let scale = g.item() / Float(batch)
    let prob = probabilities.base
    for i in 0..<(batch * classes) { grad.base[i] = prob[i] * scale }
    for (row, target) in targets.enumerated() { grad.base[row * classes + target] -= scale }
    return [Tensor(storage: grad, shape: [batch, classes])]
  }
}
