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

  /// The mean negative log-likelihood of class `targets` under log-probabilities of shape
  /// `[batch, classes]` (PyTorch: `nll_loss` with mean reduction).
  public func nllLoss(targets: [Int]) -> Tensor { nllLoss(targets: Tensor.labels(targets)) }

  /// The negative log-likelihood of int64 class `targets` (`[batch]`) under log-probabilities
  /// of shape `[batch, classes]` (PyTorch: `nll_loss(input, target, reduction=…)`).
  ///
  /// - Parameter reduction: `.mean` (the default, as in PyTorch), `.sum`, or `.none` for one
  ///   loss per sample.
  public func nllLoss(targets: Tensor, reduction: Reduction = .mean) -> Tensor {
    let batch = checkClassification(targets)
    let picked = gather(dim: 1, index: targets.unsqueeze(1)).squeeze(1)
    switch reduction {
    case .none: return -picked
    case .sum: return -picked.sum()
    case .mean: return -(picked.sum() / Float(batch))
    }
  }

  /// Checks a `[batch, classes]` input against int64 class targets; returns the batch size.
  package func checkClassification(_ targets: Tensor) -> Int {
    check(rank == 2, "Expected input of shape [batch, classes], got \(shape)")
    check(targets.dtype == .int64, "expected scalar type Long but found \(targets.dtype)")
    let (batch, classes) = (shape[0], shape[1])
    check(
      targets.shape == [batch],
      "Expected input batch_size (\(batch)) to match target batch_size (\(targets.shape.first ?? 0)).")
    check(batch > 0, "A loss needs at least one sample")
    if let bad = targets.toArray(of: Int64.self).first(where: { $0 < 0 || $0 >= classes }) {
      checkFailed("Target \(bad) is out of bounds.")
    }
    return batch
  }

  /// Class indices as an int64 tensor (PyTorch: `torch.tensor(labels)`).
  package static func labels(_ values: [Int]) -> Tensor { Tensor(elements: values.map(Int64.init)) }
}

/// The mean cross-entropy of raw scores `logits` (`[batch, classes]`) against class
/// `targets` (PyTorch: `torch.nn.functional.cross_entropy`).
public func crossEntropy(_ logits: Tensor, targets: [Int]) -> Tensor {
  crossEntropy(logits, targets: Tensor.labels(targets))
}

/// The mean cross-entropy of raw scores `logits` (`[batch, classes]`) against int64 class
/// `targets` (`[batch]`) (PyTorch: `torch.nn.functional.cross_entropy`).
///
/// Log-softmax and negative log-likelihood are fused: the forward pass subtracts each row's
/// maximum before exponentiating, and the backward pass is `(softmax − onehot) / batch`.
public func crossEntropy(_ logits: Tensor, targets: Tensor) -> Tensor {
  let batch = logits.checkClassification(targets)
  let x = logits.contiguous()
  let probabilities = Tensor.empty(x.shape)
  let loss = Tensor.empty([])
  Kernels.crossEntropy(x, targets: targets, probabilities: probabilities, loss: loss)
  let t = targets.contiguous().detach()
  return Tensor.record("CrossEntropyBackward0", inputs: [x], output: loss) { g in
    let grad = Tensor.empty(probabilities.shape)
    Kernels.crossEntropyBackward(probabilities, targets: t, scale: g.item() / Float(batch), into: grad)
    return [grad]
  }
}
