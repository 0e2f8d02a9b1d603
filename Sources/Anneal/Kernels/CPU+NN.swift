// Copyright © 2026 the Anneal authors.

import RealModule

/// Fused kernels of the network layers.
extension CPU {
  /// log-softmax of contiguous `x` along `dim` into contiguous `out`.
  package static func logSoftmax(_ x: Tensor, dim: Int, into out: Tensor) {
    let outer = x.shape[..<dim].reduce(1, *)
    let extent = x.shape[dim]
    let inner = x.shape[(dim + 1)...].reduce(1, *)
    let (src, dst) = (base(x, Float.self), base(out, Float.self))
    for o in 0..<outer {
      for i in 0..<inner {
        let start = o * extent * inner + i
        var maximum = -Float.infinity
        for r in 0..<extent { maximum = Swift.max(maximum, src[start + r * inner]) }
        var total: Float = 0
        for r in 0..<extent { total += Float.exp(src[start + r * inner] - maximum) }
        let logTotal = Float.log(total)
        for r in 0..<extent { dst[start + r * inner] = (src[start + r * inner] - maximum) - logTotal }
      }
    }
  }

  /// The mean cross-entropy of contiguous `[batch, classes]` logits into the 0-D `loss`, and
  /// the softmax probabilities for the backward pass.
  package static func crossEntropy(_ logits: Tensor, targets: Tensor, probabilities: Tensor, loss: Tensor) {
    let (batch, classes) = (logits.shape[0], logits.shape[1])
    let src = base(logits, Float.self)
    let prob = base(probabilities, Float.self)
    let labels = targets.contiguous()
    let t = base(labels, Int64.self)
    var total: Float = 0
    for row in 0..<batch {
      let x = src + row * classes
      let p = prob + row * classes
      var maximum = -Float.infinity
      for j in 0..<classes { maximum = Swift.max(maximum, x[j]) }
      var sum: Float = 0
      for j in 0..<classes {
        p[j] = Float.exp(x[j] - maximum)
        sum += p[j]
      }
      let logTotal = Float.log(sum)
      total += logTotal - (x[Int(t[row])] - maximum)
      let inverse = 1 / sum
      for j in 0..<classes { p[j] *= inverse }
    }
    base(loss, Float.self).pointee = total / Float(batch)
  }

  /// `(softmax − onehot) · scale` for the cross-entropy backward pass.
  package static func crossEntropyBackward(_ probabilities: Tensor, targets: Tensor, scale: Float, into grad: Tensor) {
    let (batch, classes) = (probabilities.shape[0], probabilities.shape[1])
    let (prob, g) = (base(probabilities, Float.self), base(grad, Float.self))
    let t = base(targets, Int64.self)
    for i in 0..<(batch * classes) { g[i] = prob[i] * scale }
    for row in 0..<batch { g[row * classes + Int(t[row])] -= scale }
  }
}
