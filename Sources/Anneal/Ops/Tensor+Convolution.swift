// Copyright © 2026 the Anneal authors.

/// The padding of a convolution (PyTorch: `padding=`): explicit zeros per side of each spatial
/// dimension, `"same"` (the output has the input's size; an odd total puts the extra zero after,
/// as PyTorch does) or `"valid"` (none).
public enum ConvolutionPadding: Sendable, Equatable, ExpressibleByIntegerLiteral {
  /// `padding=(h, w)`.
  case explicit(Int, Int)
  /// `padding="same"`; needs stride 1.
  case same
  /// `padding="valid"`, the same as `0`.
  case valid

  /// `padding=n` for every spatial dimension.
  public init(integerLiteral value: Int) { self = .explicit(value, value) }
}

/// A 2-D convolution of `input` (`[N, C, H, W]`, or `[C, H, W]` unbatched) with `weight`
/// (`[O, C / groups, kH, kW]`) and an optional `bias` (`[O]`) (PyTorch:
/// `torch.nn.functional.conv2d`), with zero padding.
///
/// Computed as PyTorch's `slow_conv2d` does, by im2col and one matrix product per sample and
/// group; the backward pass recomputes the columns.
public func conv2d(
  _ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: (Int, Int) = (1, 1),
  padding: ConvolutionPadding = 0, dilation: (Int, Int) = (1, 1), groups: Int = 1
) -> Tensor {
  check(
    input.rank == 3 || input.rank == 4,
    "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: \(input.shape)")
  guard input.rank == 4 else {
    return conv2d(
      input.unsqueeze(0), weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation,
      groups: groups
    ).squeeze(0)
  }
  check(weight.rank == 4, "conv2d expects a 4-D weight [out, in / groups, kH, kW], got \(weight.shape)")
  check(groups > 0, "non-positive groups is not supported")
  check(stride.0 > 0 && stride.1 > 0, "non-positive stride is not supported")
  check(dilation.0 > 0 && dilation.1 > 0, "dilation should be greater than zero")
  let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
  let (o, cg, kh, kw) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3])
  check(
    c == cg * groups,
    "Given groups=\(groups), weight of size \(weight.shape), expected input\(input.shape) to have \(cg * groups) channels, but got \(c) channels instead"
  )
  check(
    o % groups == 0,
    "Given groups=\(groups), expected weight to be divisible by \(groups) at dimension 0, but got weight of size \(weight.shape) instead"
  )
  if let bias {
    check(
      bias.shape == [o],
      "Given weight of size \(weight.shape), expected bias to be 1-dimensional with \(o) elements, but got bias of size \(bias.shape) instead"
    )
  }
  let (pad, outH, outW) = convolutionPadding(
    padding, size: (h, w), kernel: (kh, kw), stride: stride, dilation: dilation)
  check(
    outH > 0 && outW > 0,
    "Calculated padded input size per channel: (\(h + 2 * pad.0) x \(w + 2 * pad.1)). Kernel size: (\((kh - 1) * dilation.0 + 1) x \((kw - 1) * dilation.1 + 1)). Kernel size can't be greater than actual input size"
  )
  let geometry = ConvolutionGeometry(
    channels: cg, height: h, width: w, kernel: (kh, kw), stride: stride, padding: pad, dilation: dilation,
    outputHeight: outH, outputWidth: outW)
  let og = o / groups
  let x = input.contiguous().detach()
  let wt = weight.contiguous().detach().reshape([o, cg * kh * kw])
  let out = Tensor.empty([n, o, outH, outW])
  if let bias { out.copyElements(from: bias.detach().reshape([o, 1, 1])) }
  let columns = Tensor.empty([geometry.columnRows, geometry.columnCount])
  for sample in 0..<n {
    for group in 0..<groups {
      Kernels.im2col(
        x.select(dim: 0, index: sample).narrow(dim: 0, start: group * cg, length: cg), geometry, into: columns)
      Kernels.sgemm(
        transA: false, transB: false, m: og, n: geometry.columnCount, k: geometry.columnRows, alpha: 1,
        a: wt.narrow(dim: 0, start: group * og, length: og), lda: geometry.columnRows, b: columns,
        ldb: geometry.columnCount, beta: bias == nil ? 0 : 1,
        c: out.select(dim: 0, index: sample).narrow(dim: 0, start: group * og, length: og),
        ldc: geometry.columnCount)
    }
  }
  let needs = (input.requiresGrad, weight.requiresGrad, bias?.requiresGrad ?? false)
  let inputs = [input, weight] + (bias.map { [$0] } ?? [])
  let (inputShape, weightShape) = (input.shape, weight.shape)
  return Tensor.record("ConvolutionBackward0", inputs: inputs, output: out, saving: [input, weight]) { g in
    let grad = g.contiguous()
    let columns = Tensor.empty([geometry.columnRows, geometry.columnCount])
    let dx = needs.0 ? Tensor.zeros(inputShape) : nil
    let dw = needs.1 ? Tensor.zeros([o, cg * kh * kw]) : nil
    for sample in 0..<n {
      for group in 0..<groups {
        let gOut = grad.select(dim: 0, index: sample).narrow(dim: 0, start: group * og, length: og)
        if let dw {
          Kernels.im2col(
            x.select(dim: 0, index: sample).narrow(dim: 0, start: group * cg, length: cg), geometry, into: columns)
          Kernels.sgemm(
            transA: false, transB: true, m: og, n: geometry.columnRows, k: geometry.columnCount, alpha: 1, a: gOut,
            lda: geometry.columnCount, b: columns, ldb: geometry.columnCount, beta: 1,
            c: dw.narrow(dim: 0, start: group * og, length: og), ldc: geometry.columnRows)
        }
        if let dx {
          Kernels.sgemm(
            transA: true, transB: false, m: geometry.columnRows, n: geometry.columnCount, k: og, alpha: 1,
            a: wt.narrow(dim: 0, start: group * og, length: og), lda: geometry.columnRows, b: gOut,
            ldb: geometry.columnCount, beta: 0, c: columns, ldc: geometry.columnCount)
          Kernels.col2im(
            columns, geometry, into: dx.select(dim: 0, index: sample).narrow(dim: 0, start: group * cg, length: cg))
        }
      }
    }
    var grads: [Tensor?] = [dx, dw?.reshape(weightShape)]
    if bias != nil { grads.append(needs.2 ? grad.sum(dims: [0, 2, 3]) : nil) }
    return grads
  }
}

/// The zeros before each spatial dimension and the output size (PyTorch's
/// `conv_output_size`; `"same"` needs stride 1).
package func convolutionPadding(
  _ padding: ConvolutionPadding, size: (Int, Int), kernel: (Int, Int), stride: (Int, Int), dilation: (Int, Int)
) -> (padding: (Int, Int), height: Int, width: Int) {
  func output(_ n: Int, _ k: Int, _ s: Int, _ d: Int, _ before: Int, _ after: Int) -> Int {
    let span = n + before + after - d * (k - 1) - 1
    return span < 0 ? 0 : span / s + 1
  }
  switch padding {
  case .explicit(let ph, let pw):
    check(ph >= 0 && pw >= 0, "negative padding is not supported")
    return (
      (ph, pw), output(size.0, kernel.0, stride.0, dilation.0, ph, ph),
      output(size.1, kernel.1, stride.1, dilation.1, pw, pw)
    )
  case .valid:
    return (
      (0, 0), output(size.0, kernel.0, stride.0, dilation.0, 0, 0), output(size.1, kernel.1, stride.1, dilation.1, 0, 0)
    )
  case .same:
    check(stride == (1, 1), "padding='same' is not supported for strided convolutions")
    // PyTorch: total = d·(k−1), the smaller half before.
    return ((dilation.0 * (kernel.0 - 1) / 2, dilation.1 * (kernel.1 - 1) / 2), size.0, size.1)
  }
}
