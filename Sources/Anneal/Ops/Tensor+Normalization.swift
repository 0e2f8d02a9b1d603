// Copyright © 2026 the Anneal authors.

/// Batch normalisation over the channel dimension 1 of `[N, C, …]` inputs (PyTorch:
/// `torch.nn.functional.batch_norm`).
///
/// With `training` the batch's statistics normalise (biased variance) and, when given, the
/// running statistics are updated in place as PyTorch does: `running = (1 − momentum) · running +
/// momentum · batch`, with the unbiased variance. Otherwise the running statistics normalise.
/// The output is PyTorch's CPU form `x · α + β` with `α = weight / √(var + eps)` and
/// `β = bias − mean · α`; gradients flow through the batch statistics.
public func batchNorm(
  _ input: Tensor, runningMean: Tensor?, runningVar: Tensor?, weight: Tensor? = nil, bias: Tensor? = nil,
  training: Bool = false, momentum: Double = 0.1, eps: Double = 1e-5
) -> Tensor {
  check(input.rank >= 2, "batch_norm: expected an input with at least 2 dimensions, got \(input.shape)")
  let channels = input.shape[1]
  for (name, t) in [("running_mean", runningMean), ("running_var", runningVar), ("weight", weight), ("bias", bias)] {
    if let t { check(t.shape == [channels], "batch_norm: \(name) should contain \(channels) elements not \(t.count)") }
  }
  var statShape = [Int](repeating: 1, count: input.rank)
  statShape[1] = channels
  let dims = [0] + Array(2..<input.rank)
  let mean: Tensor
  let variance: Tensor
  if training {
    let n = input.count / max(channels, 1)
    check(n > 1, "Expected more than 1 value per channel when training, got input size \(input.shape)")
    mean = input.mean(dims: dims, keepDim: true)
    variance = input.variance(dims: dims, correction: 0, keepDim: true)
    withNoGrad {
      let m = Float(momentum)
      if let runningMean {
        runningMean.copy(from: runningMean * (1 - m) + mean.detach().reshape([channels]) * m)
      }
      if let runningVar {
        let unbiased = variance.detach().reshape([channels]) * Float(Double(n) / Double(n - 1))
        runningVar.copy(from: runningVar * (1 - m) + unbiased * m)
      }
    }
  } else {
    guard let runningMean, let runningVar else {
      checkFailed("batch_norm: running_mean and running_var must be defined in evaluation mode")
    }
    mean = runningMean.reshape(statShape)
    variance = runningVar.reshape(statShape)
  }
  let invstd = (variance + Float(eps)).rsqrt()
  let alpha = weight.map { invstd * $0.reshape(statShape) } ?? invstd
  let beta = (bias.map { $0.reshape(statShape) } ?? Tensor.zeros(statShape)) - mean * alpha
  return input * alpha + beta
}
