// Copyright © 2026 the Anneal authors.

// The losses of `torch.nn.functional`, each PyTorch's formula in PyTorch's order of operations.
// Their gradients follow from the ops they are built of, except where PyTorch's own derivative
// differs at the edges (binary cross-entropy at 0 and 1).

extension Tensor {
  /// The mean negative log-likelihood of class `targets` under log-probabilities of shape
  /// `[batch, classes]` (PyTorch: `nll_loss` with mean reduction).
  public func nllLoss(targets: [Int]) -> Tensor { nllLoss(targets: Tensor.labels(targets)) }

  /// The negative log-likelihood of int64 class `targets` under log-probabilities (PyTorch:
  /// `torch.nn.functional.nll_loss(input, target, weight, ignore_index=-100, reduction='mean')`).
  ///
  /// The input is `[batch, classes]` with targets `[batch]`, `[batch, classes, d₁, …]` with
  /// targets `[batch, d₁, …]`, or unbatched `[classes]` with a 0-D target.
  ///
  /// - Parameters:
  ///   - weight: One weight per class (`[classes]`), or `nil` for 1.
  ///   - ignoreIndex: A target value that contributes neither loss nor weight.
  ///   - reduction: `.mean` (the default: the weighted mean, divided by the sum of the targets'
  ///     weights, as PyTorch), `.sum`, or `.none` for one loss per target.
  ///   - targets: Class indices (int64), one per sample or position.
  public func nllLoss(
    targets: Tensor, weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: Reduction = .mean
  ) -> Tensor {
    if weight == nil, rank == 2, targets.rank == 1, !targets.contains(Int64(ignoreIndex)) {
      let batch = checkClassification(targets)
      let picked = gather(dim: 1, index: targets.unsqueeze(1)).squeeze(1)
      switch reduction {
      case .none: return -picked
      case .sum: return -picked.sum()
      case .mean: return -(picked.sum() / Float(batch))
      }
    }
    let (rows, flat, restore) = ClassRows(self, targets, weight: weight, ignoreIndex: ignoreIndex).split()
    let picked = rows.gather(dim: 1, index: flat.safeTargets.unsqueeze(1)).squeeze(1)
    let losses = -picked * flat.weights
    switch reduction {
    case .none: return restore(losses)
    case .sum: return losses.sum()
    case .mean: return losses.sum() / flat.weights.sum()
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

  fileprivate func contains(_ value: Int64) -> Bool {
    dtype == .int64 && toArray(of: Int64.self).contains(value)
  }
}

/// Class-index targets laid out as rows: the input moved to `[rows, classes]`, the targets to
/// `[rows]`, with each row's class weight (0 where the target is ignored).
private struct ClassRows {
  let input: Tensor
  let targets: Tensor
  let weight: Tensor?
  let ignoreIndex: Int

  init(_ input: Tensor, _ targets: Tensor, weight: Tensor?, ignoreIndex: Int) {
    self.input = input
    self.targets = targets
    self.weight = weight
    self.ignoreIndex = ignoreIndex
  }

  struct Flat {
    /// The targets with ignored entries replaced by class 0, int64 `[rows]`.
    let safeTargets: Tensor
    /// The class weight of every row, 0 where ignored, float32 `[rows]`.
    let weights: Tensor
    /// Where the target is not ignored, bool `[rows]`.
    let valid: Tensor
  }

  /// `(rows, flat targets, restore)`, where `restore` gives a `[rows]` result the targets' shape.
  func split() -> (Tensor, Flat, (Tensor) -> Tensor) {
    check(input.rank >= 1, "Expected an input with a class dimension, got a 0-D tensor")
    check(targets.dtype == .int64, "expected scalar type Long but found \(targets.dtype)")
    let classDim = input.rank == 1 ? 0 : 1
    let classes = input.shape[classDim]
    var expected = input.shape
    expected.remove(at: classDim)
    check(
      targets.shape == expected,
      input.rank <= 2
        ? "Expected input batch_size (\(input.rank == 1 ? 1 : input.shape[0])) to match target batch_size "
          + "(\(targets.shape.first ?? 1))."
        : "Expected target size \(expected), got \(targets.shape)")
    if let weight {
      check(
        weight.shape == [classes],
        "weight tensor should be defined either for all \(classes) classes or no classes but got weight tensor "
          + "of shape: \(weight.shape)")
    }
    let rows: Tensor
    switch input.rank {
    case 1: rows = input.unsqueeze(0)
    case 2: rows = input
    default: rows = input.permute([0] + Array(2..<input.rank) + [1]).reshape([-1, classes])
    }
    let flat = targets.reshape([-1])
    let valid = flat.ne(Float(ignoreIndex))
    if let bad = zip(flat.toArray(of: Int64.self), valid.toArray(of: Bool.self)).first(where: {
      $1 && ($0 < 0 || $0 >= classes)
    }) {
      checkFailed("Target \(bad.0) is out of bounds.")
    }
    let safe = Tensor.where(valid, flat, Tensor.zeros([], dtype: .int64))
    let perRow = weight.map { $0.indexSelect(dim: 0, index: safe) } ?? Tensor.ones(flat.shape)
    let weights = Tensor.where(valid, perRow, Tensor.zeros([]))
    let shape = targets.shape
    return (rows, Flat(safeTargets: safe, weights: weights, valid: valid), { $0.reshape(shape) })
  }
}

/// The cross-entropy of raw scores `logits` against `targets` (PyTorch:
/// `torch.nn.functional.cross_entropy(input, target, weight, ignore_index=-100,
/// reduction='mean', label_smoothing=0.0)`).
///
/// `targets` are int64 class indices (`[batch]` for `[batch, classes]` logits, `[batch, d₁, …]`
/// for `[batch, classes, d₁, …]`, 0-D for unbatched `[classes]`), or float32 class probabilities
/// of the logits' shape — PyTorch tells them apart by dtype, and so does this function.
///
/// With the defaults and index targets, log-softmax and negative log-likelihood are fused: the
/// forward pass subtracts each row's maximum before exponentiating, and the backward pass is
/// `(softmax − onehot) / batch`.
///
/// - Parameters:
///   - weight: One weight per class (`[classes]`).
///   - ignoreIndex: An index target that contributes neither loss nor weight.
///   - reduction: `.mean` (the default; index targets divide by the sum of their weights,
///     probability targets by the number of samples, as PyTorch), `.sum` or `.none`.
///   - labelSmoothing: ε in [0, 1]: the targets become `(1 − ε)·target + ε/classes`.
///   - logits: Unnormalised scores, `[batch, classes]`, `[batch, classes, d₁, …]` or `[classes]`.
///   - targets: Class indices (int64), or class probabilities of the logits' shape.
public func crossEntropy(
  _ logits: Tensor, targets: Tensor, weight: Tensor? = nil, ignoreIndex: Int = -100,
  reduction: Reduction = .mean, labelSmoothing: Double = 0
) -> Tensor {
  check(
    (0...1).contains(labelSmoothing), "label_smoothing must be between 0.0 and 1.0. Got: \(labelSmoothing)")
  if targets.dtype == .float32 {
    return crossEntropy(logits, probabilities: targets, weight, reduction, labelSmoothing)
  }
  if weight == nil, reduction == .mean, labelSmoothing == 0, logits.rank == 2, targets.rank == 1,
    !targets.contains(Int64(ignoreIndex))
  {
    return fusedCrossEntropy(logits, targets: targets)
  }
  let logp = logits.logSoftmax(dim: logits.rank == 1 ? 0 : 1)
  let nll = logp.nllLoss(targets: targets, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
  guard labelSmoothing > 0 else { return nll }
  // PyTorch's cross_entropy_loss_label_smoothing: the smoothing term −Σ_c w_c·log p_c / classes.
  let (rows, flat, restore) = ClassRows(logits, targets, weight: weight, ignoreIndex: ignoreIndex).split()
  let logRows = rows.logSoftmax(dim: 1)
  let weighted = weight.map { logRows * $0.reshape([1, -1]) } ?? logRows
  let smooth = (-weighted.sum(dim: 1)).maskedFill(~flat.valid, 0)
  let term: Tensor
  switch reduction {
  case .none: term = restore(smooth)
  case .sum: term = smooth.sum()
  case .mean: term = smooth.sum() / flat.weights.sum()
  }
  let classes = Double(rows.shape[1])
  return nll * Float(1 - labelSmoothing) + term * Float(labelSmoothing / classes)
}

/// The mean cross-entropy of raw scores `logits` (`[batch, classes]`) against class
/// `targets` (PyTorch: `torch.nn.functional.cross_entropy`).
public func crossEntropy(_ logits: Tensor, targets: [Int]) -> Tensor {
  crossEntropy(logits, targets: Tensor.labels(targets))
}

private func fusedCrossEntropy(_ logits: Tensor, targets: Tensor) -> Tensor {
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

/// Cross-entropy against class probabilities, as PyTorch's `cross_entropy_loss_prob_target`.
private func crossEntropy(
  _ logits: Tensor, probabilities targets: Tensor, _ weight: Tensor?, _ reduction: Reduction, _ smoothing: Double
) -> Tensor {
  check(
    targets.shape == logits.shape,
    "Expected target size \(logits.shape), got \(targets.shape) (probability targets have the input's shape)")
  let classDim = logits.rank == 1 ? 0 : 1
  let classes = logits.shape[classDim]
  var weightShape = [Int](repeating: 1, count: logits.rank)
  weightShape[classDim] = classes
  if let weight {
    check(weight.shape == [classes], "weight tensor should be defined for all \(classes) classes")
  }
  let t = smoothing > 0 ? targets * Float(1 - smoothing) + Float(smoothing / Double(classes)) : targets
  let logp = logits.logSoftmax(dim: classDim)
  let product = weight.map { logp * t * $0.reshape(weightShape) } ?? logp * t
  switch reduction {
  case .none: return -product.sum(dim: classDim)
  case .sum: return -product.sum()
  case .mean: return -product.sum() / Float(logits.count / Swift.max(classes, 1))
  }
}

/// Applies a reduction to elementwise losses.
private func reduced(_ losses: Tensor, _ reduction: Reduction) -> Tensor {
  switch reduction {
  case .none: losses
  case .sum: losses.sum()
  case .mean: losses.mean()
  }
}

private func checkSameShape(_ input: Tensor, _ target: Tensor, _ loss: String) {
  check(
    input.shape == target.shape,
    "\(loss): target size \(target.shape) differs from input size \(input.shape) (Anneal does not broadcast "
      + "a loss's target; PyTorch warns and broadcasts)")
}

/// The squared error (PyTorch: `torch.nn.functional.mse_loss(input, target, reduction='mean')`).
public func mseLoss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
  checkSameShape(input, target, "mse_loss")
  let d = input - target
  return reduced(d * d, reduction)
}

/// The absolute error (PyTorch: `torch.nn.functional.l1_loss(input, target, reduction='mean')`).
public func l1Loss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
  checkSameShape(input, target, "l1_loss")
  return reduced((input - target).abs(), reduction)
}

/// 0.5·d²/β where |d| < β, |d| − 0.5·β elsewhere (PyTorch:
/// `torch.nn.functional.smooth_l1_loss(input, target, reduction='mean', beta=1.0)`); β = 0 is
/// the L1 loss.
public func smoothL1Loss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean, beta: Double = 1) -> Tensor {
  checkSameShape(input, target, "smooth_l1_loss")
  check(beta >= 0, "smooth_l1_loss does not support negative values for beta.")
  if beta == 0 { return l1Loss(input, target, reduction: reduction) }
  let d = input - target
  let z = d.abs()
  let b = Float(beta)
  return reduced(Tensor.where(z.lt(b), d * d * 0.5 / b, z - 0.5 * b), reduction)
}

/// 0.5·d² where |d| < δ, δ·(|d| − 0.5·δ) elsewhere (PyTorch:
/// `torch.nn.functional.huber_loss(input, target, reduction='mean', delta=1.0)`).
public func huberLoss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean, delta: Double = 1) -> Tensor {
  checkSameShape(input, target, "huber_loss")
  check(delta > 0, "huber_loss does not support non-positive values for delta.")
  let d = input - target
  let z = d.abs()
  let k = Float(delta)
  return reduced(Tensor.where(z.lt(k), d * d * 0.5, (z - 0.5 * k) * k), reduction)
}

/// The binary cross-entropy of probabilities `input` (in [0, 1]) against `target` (PyTorch:
/// `torch.nn.functional.binary_cross_entropy(input, target, weight, reduction='mean')`).
///
/// Each log is clamped at −100 as in PyTorch, and the gradient is PyTorch's
/// `(x − y) / max(x·(1 − x), 1e-12)`, finite at 0 and 1.
///
/// - Parameters:
///   - weight: A rescaling weight broadcast to the input's shape.
///   - input: Probabilities in [0, 1].
///   - target: Targets of the input's shape.
///   - reduction: `.mean` (the default), `.sum` or `.none`.
public func binaryCrossEntropy(
  _ input: Tensor, _ target: Tensor, weight: Tensor? = nil, reduction: Reduction = .mean
) -> Tensor {
  check(
    input.shape == target.shape,
    "Using a target size (\(target.shape)) that is different to the input size (\(input.shape)) is deprecated. "
      + "Please ensure they have the same size.")
  let (x, y, targetNeedsGrad) = (input.detach(), target.detach(), target.requiresGrad)
  check(
    !x.toArray(of: Float.self).contains { !($0 >= 0 && $0 <= 1) },
    "all elements of input should be between 0 and 1")
  let values = withNoGrad { (y - 1) * (-x).log1p().clamp(min: -100) - y * x.log().clamp(min: -100) }
  let losses = Tensor.record("BinaryCrossEntropyBackward0", inputs: [input, target], output: values) { g in
    [
      g * (x - y) / ((1 - x) * x).clamp(min: 1e-12),
      targetNeedsGrad ? g * ((-x).log1p().clamp(min: -100) - x.log().clamp(min: -100)) : nil,
    ]
  }
  return reduced(weight.map { losses * $0 } ?? losses, reduction)
}

/// The binary cross-entropy of raw scores `input` against `target`, through a stable
/// log-sigmoid (PyTorch: `torch.nn.functional.binary_cross_entropy_with_logits(input, target,
/// weight, reduction='mean', pos_weight)`): `(1 − y)·x − w_pos·log σ(x)` with
/// `w_pos = (posWeight − 1)·y + 1`.
///
/// - Parameters:
///   - weight: A rescaling weight broadcast to the input's shape.
///   - posWeight: The weight of positive targets, broadcast along the last dimension (one per
///     class).
///   - input: Raw scores (logits).
///   - target: Targets of the input's shape.
///   - reduction: `.mean` (the default), `.sum` or `.none`.
public func binaryCrossEntropyWithLogits(
  _ input: Tensor, _ target: Tensor, weight: Tensor? = nil, posWeight: Tensor? = nil, reduction: Reduction = .mean
) -> Tensor {
  check(
    input.shape == target.shape,
    "Target size (\(target.shape)) must be the same as input size (\(input.shape))")
  var logSigmoid = input.logSigmoid()
  if let posWeight { logSigmoid = logSigmoid * ((posWeight - 1) * target + 1) }
  let losses = (1 - target) * input - logSigmoid
  return reduced(weight.map { losses * $0 } ?? losses, reduction)
}

/// How ``klDiv(_:_:reduction:logTarget:)`` combines the pointwise terms (PyTorch:
/// `reduction='none' | 'batchmean' | 'sum' | 'mean'`).
public enum KLDivReduction: String, Sendable, CaseIterable {
  /// One value per element.
  case none
  /// The sum divided by the batch size (the first dimension): the true KL divergence.
  case batchMean
  /// The sum.
  case sum
  /// The mean over all elements (PyTorch's default, which PyTorch warns about).
  case mean
}

/// The Kullback–Leibler divergence of `target` from the log-probabilities `input` (PyTorch:
/// `torch.nn.functional.kl_div(input, target, reduction='mean', log_target=False)`):
/// `target·(log target − input)`, 0 where the target is 0; with `logTarget`, the target is a
/// log-probability and the term is `e^target·(target − input)`.
public func klDiv(
  _ input: Tensor, _ target: Tensor, reduction: KLDivReduction = .mean, logTarget: Bool = false
) -> Tensor {
  check(
    input.shape == target.shape,
    "kl_div: target size \(target.shape) differs from input size \(input.shape) (Anneal does not broadcast)")
  let terms: Tensor
  if logTarget {
    terms = target.exp() * (target - input)
  } else {
    // xlogy(t, t) − t·input, with log taken of 1 where t = 0 so the gradient stays finite.
    let zero = target.eq(0)
    terms = target * Tensor.where(zero, target.onesLike(), target).log() - target * input
  }
  switch reduction {
  case .none: return terms
  case .sum: return terms.sum()
  case .mean: return terms.mean()
  case .batchMean: return terms.sum() / Float(input.rank == 0 ? 1 : input.shape[0])
  }
}
