// Copyright © 2026 the Anneal authors.

extension Tensor {
  /// Fills the tensor with 1 with probability `p` and 0 otherwise, from PyTorch's CPU stream
  /// (PyTorch: `bernoulli_(p)`: one 53-bit uniform double per element, in order).
  public func bernoulli_(_ p: Double, generator: Generator = .default) {
    check(p >= 0 && p <= 1, "bernoulli_ expects p to be in [0, 1], but got p=\(p)")
    check(dtype == .float32, "bernoulli_ fills float32 tensors, got \(dtype)")
    withUnsafeMutableScalars { generator.fillBernoulli($0, p: p) }
  }
}

/// Zeroes each element with probability `p` and scales the others by `1 / (1 − p)` while
/// `training` (PyTorch: `torch.nn.functional.dropout`); the input itself otherwise.
///
/// The mask is PyTorch's: `bernoulli_(1 − p)` on a tensor like the input, drawn from
/// `generator` (the default generator, as PyTorch's), divided by `1 − p` in float32, so the same
/// seed drops the same elements as PyTorch on the CPU.
public func dropout(_ input: Tensor, p: Double = 0.5, training: Bool = true, generator: Generator = .default) -> Tensor
{
  dropoutNoise(input, p: p, training: training, noiseShape: input.shape, generator: generator)
}

/// Zeroes whole channels of `[N, C, H, W]` (or `[C, H, W]`) inputs with probability `p` while
/// `training` (PyTorch: `torch.nn.functional.dropout2d`); one draw per (sample, channel).
public func dropout2d(_ input: Tensor, p: Double = 0.5, training: Bool = true, generator: Generator = .default)
  -> Tensor
{
  check(
    input.rank == 3 || input.rank == 4,
    "dropout2d: Received a \(input.rank)-D input to dropout2d, which is deprecated and will result in an error in a future release."
  )
  let spatial = input.rank - 2
  let noiseShape = Array(input.shape.prefix(input.rank - spatial)) + [Int](repeating: 1, count: spatial)
  return dropoutNoise(input, p: p, training: training, noiseShape: noiseShape, generator: generator)
}

private func dropoutNoise(_ input: Tensor, p: Double, training: Bool, noiseShape: [Int], generator: Generator)
  -> Tensor
{
  check(p >= 0 && p <= 1, "dropout probability has to be between 0 and 1, but got \(p)")
  if p == 0 || !training || input.count == 0 { return input }
  if p == 1 { return input * Tensor.zeros([]) }
  let noise = Tensor.empty(noiseShape)
  noise.bernoulli_(1 - p, generator: generator)
  return input * withNoGrad { noise / Float(1 - p) }
}
