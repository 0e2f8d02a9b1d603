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

/// Layer normalisation over the last dimensions `normalizedShape` (PyTorch:
/// `torch.nn.functional.layer_norm(input, normalized_shape, weight, bias, eps=1e-5)`): each
/// sample's mean and biased variance over those dimensions, then `x·rstd − mean·rstd` as
/// PyTorch's CPU kernel, scaled by `weight` and shifted by `bias` (both `normalizedShape`).
public func layerNorm(
  _ input: Tensor, normalizedShape: [Int], weight: Tensor? = nil, bias: Tensor? = nil, eps: Double = 1e-5
) -> Tensor {
  let k = normalizedShape.count
  check(
    k > 0 && input.rank >= k && Array(input.shape.suffix(k)) == normalizedShape,
    "Given normalized_shape=\(normalizedShape), expected input with shape [*, \(normalizedShape.map(String.init).joined(separator: ", "))], but got input of size\(input.shape)"
  )
  for (name, t) in [("weight", weight), ("bias", bias)] {
    if let t {
      check(
        t.shape == normalizedShape,
        "Expected \(name) to be of same shape as normalized_shape, but got \(name) of shape \(t.shape) and normalized_shape = \(normalizedShape)"
      )
    }
  }
  let dims = Array((input.rank - k)..<input.rank)
  let mean = input.mean(dims: dims, keepDim: true)
  let rstd = (input.variance(dims: dims, correction: 0, keepDim: true) + Float(eps)).rsqrt()
  var out = input * rstd - mean * rstd
  if let weight { out = out * weight }
  if let bias { out = out + bias }
  return out
}

/// Group normalisation of `[N, C, …]` inputs (PyTorch: `torch.nn.functional.group_norm(input,
/// num_groups, weight, bias, eps=1e-5)`): the channels are split into `numGroups` groups, each
/// sample's group normalised by its mean and biased variance, then scaled and shifted per
/// channel by `weight` and `bias` (`[C]`).
public func groupNorm(
  _ input: Tensor, numGroups: Int, weight: Tensor? = nil, bias: Tensor? = nil, eps: Double = 1e-5
) -> Tensor {
  check(input.rank >= 2, "Expected at least 2 dimensions for input tensor but received \(input.rank)")
  let (n, c) = (input.shape[0], input.shape[1])
  check(
    numGroups > 0 && c % numGroups == 0,
    "Expected number of channels in input to be divisible by num_groups, but got input of shape \(input.shape) and num_groups=\(numGroups)"
  )
  for (name, t) in [("weight", weight), ("bias", bias)] {
    if let t {
      check(
        t.shape == [c],
        "Expected \(name) to be a vector of size equal to the number of channels in input, but got \(name) of shape \(t.shape) and input of shape \(input.shape)"
      )
    }
  }
  let grouped = input.reshape([n, numGroups, -1])
  let mean = grouped.mean(dims: [2], keepDim: true)
  let rstd = (grouped.variance(dims: [2], correction: 0, keepDim: true) + Float(eps)).rsqrt()
  var out = (grouped * rstd - mean * rstd).reshape(input.shape)
  var channelShape = [Int](repeating: 1, count: input.rank)
  channelShape[1] = c
  if let weight { out = out * weight.reshape(channelShape) }
  if let bias { out = out + bias.reshape(channelShape) }
  return out
}
