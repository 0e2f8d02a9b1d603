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
  let x = input.contiguous().detach()
  let wt = weight.contiguous().detach().reshape([o, cg * kh * kw])
  let out = Tensor.empty([n, o, outH, outW])
  let needs = (input.requiresGrad, weight.requiresGrad, bias?.requiresGrad ?? false)
  Kernels.convolution2d(input: x, weight: wt, bias: bias?.detach().contiguous(), geometry, groups: groups, output: out)
  let inputs = [input, weight] + (bias.map { [$0] } ?? [])
  let (inputShape, weightShape) = (input.shape, weight.shape)
  return Tensor.record("ConvolutionBackward0", inputs: inputs, output: out, saving: [input, weight]) { g in
    let grad = g.contiguous()
    let dx = needs.0 ? Tensor.empty(inputShape) : nil
    let gradWeight = needs.1 ? Tensor.zeros([o, cg * kh * kw]) : nil
    Kernels.convolution2dBackward(
      gradOutput: grad, input: x, weight: wt, geometry, groups: groups, gradInput: dx, gradWeight: gradWeight)
    let dw = gradWeight?.reshape(weightShape)
    var grads: [Tensor?] = [dx, dw]
    if bias != nil {
      let gradBias = needs.2 ? Tensor.empty([o]) : nil
      if let gradBias { Kernels.channelSums(grad.reshape([n, o, outH * outW]), into: gradBias) }
      grads.append(gradBias)
    }
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

/// A 1-D convolution of `input` (`[N, C, L]`, or `[C, L]` unbatched) with `weight`
/// (`[O, C / groups, k]`) and an optional `bias` (`[O]`) (PyTorch:
/// `torch.nn.functional.conv1d`): ``conv2d(_:weight:bias:stride:padding:dilation:groups:)``
/// over a height of one.
///
/// - Parameters:
///   - padding: An integer (`.explicit(p, p)`), `.same` or `.valid`.
///   - input: `[N, C, L]`, or `[C, L]` unbatched.
///   - weight: `[O, C / groups, k]`.
///   - bias: `[O]`, or `nil`.
///   - stride: The step between windows. The default is `1`.
///   - dilation: The spacing of the kernel's taps. The default is `1`.
///   - groups: Blocked connections from input to output channels. The default is `1`.
public func conv1d(
  _ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: ConvolutionPadding = 0,
  dilation: Int = 1, groups: Int = 1
) -> Tensor {
  check(
    input.rank == 2 || input.rank == 3,
    "Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: \(input.shape)")
  check(weight.rank == 3, "conv1d expects a 3-D weight [out, in / groups, k], got \(weight.shape)")
  let planar: ConvolutionPadding
  switch padding {
  case .explicit(let a, let b):
    check(a == b, "conv1d takes one padding value, got .explicit(\(a), \(b))")
    planar = .explicit(0, a)
  case .same, .valid: planar = padding
  }
  let spatial = input.rank - 1
  return conv2d(
    input.unsqueeze(spatial), weight: weight.unsqueeze(2), bias: bias, stride: (1, stride), padding: planar,
    dilation: (1, dilation), groups: groups
  ).squeeze(spatial)
}

/// The transposed 2-D convolution of `input` (`[N, C, H, W]`, or `[C, H, W]`) with `weight`
/// (`[C, O / groups, kH, kW]`) and an optional `bias` (`[O]`) (PyTorch:
/// `torch.nn.functional.conv_transpose2d`), sometimes called a deconvolution: the gradient of
/// ``conv2d(_:weight:bias:stride:padding:dilation:groups:)`` with respect to its input.
///
/// The output's height is `(H − 1)·stride − 2·padding + dilation·(kH − 1) + outputPadding + 1`
/// (likewise the width). Computed as PyTorch's `slow_conv_transpose2d`: one matrix product per
/// sample and group, then col2im.
///
/// - Parameters:
///   - outputPadding: Extra rows and columns at the end, smaller than the stride or the
///     dilation.
///   - input: `[N, C, H, W]`, or `[C, H, W]` unbatched.
///   - weight: `[C, O / groups, kH, kW]`.
///   - bias: `[O]`, or `nil`.
///   - stride: The step between the input's positions in the output. The default is `(1, 1)`.
///   - padding: Rows and columns removed from each border of the full output. The default is `(0, 0)`.
///   - groups: Blocked connections from input to output channels. The default is `1`.
///   - dilation: The spacing of the kernel's taps. The default is `(1, 1)`.
public func convTranspose2d(
  _ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
  outputPadding: (Int, Int) = (0, 0), groups: Int = 1, dilation: (Int, Int) = (1, 1)
) -> Tensor {
  check(
    input.rank == 3 || input.rank == 4,
    "Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of size: \(input.shape)")
  guard input.rank == 4 else {
    return convTranspose2d(
      input.unsqueeze(0), weight: weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding,
      groups: groups, dilation: dilation
    ).squeeze(0)
  }
  check(weight.rank == 4, "conv_transpose2d expects a 4-D weight [in, out / groups, kH, kW], got \(weight.shape)")
  check(groups > 0, "non-positive groups is not supported")
  check(stride.0 > 0 && stride.1 > 0, "non-positive stride is not supported")
  check(dilation.0 > 0 && dilation.1 > 0, "dilation should be greater than zero")
  check(padding.0 >= 0 && padding.1 >= 0, "negative padding is not supported")
  check(
    outputPadding.0 >= 0 && outputPadding.1 >= 0
      && (outputPadding.0 < stride.0 || outputPadding.0 < dilation.0)
      && (outputPadding.1 < stride.1 || outputPadding.1 < dilation.1),
    "output padding must be smaller than either stride or dilation, but got output_padding: "
      + "\(outputPadding), stride: \(stride), dilation: \(dilation)")
  let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
  let (cw, og, kh, kw) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3])
  check(
    c == cw && c % groups == 0,
    "Given transposed=1, weight of size \(weight.shape), expected input\(input.shape) to have \(cw) channels, but got \(c) channels instead"
  )
  let (cg, o) = (c / groups, og * groups)
  if let bias {
    check(
      bias.shape == [o],
      "Given transposed=1, weight of size \(weight.shape), expected bias to be 1-dimensional with \(o) elements, but got bias of size \(bias.shape) instead"
    )
  }
  let outH = (h - 1) * stride.0 - 2 * padding.0 + dilation.0 * (kh - 1) + outputPadding.0 + 1
  let outW = (w - 1) * stride.1 - 2 * padding.1 + dilation.1 * (kw - 1) + outputPadding.1 + 1
  check(
    outH > 0 && outW > 0,
    "Given input size per channel: (\(h) x \(w)). Calculated output size: (\(outH) x \(outW)). Output size is too small"
  )
  // The output plane is the convolution's input, the input plane its output.
  let geometry = ConvolutionGeometry(
    channels: og, height: outH, width: outW, kernel: (kh, kw), stride: stride, padding: padding, dilation: dilation,
    outputHeight: h, outputWidth: w)
  let x = input.contiguous().detach()
  let wt = weight.contiguous().detach().reshape([c, og * kh * kw])
  let out = Tensor.zeros([n, o, outH, outW])
  let columns = Tensor.empty([geometry.columnRows, geometry.columnCount])
  for sample in 0..<n {
    for group in 0..<groups {
      Kernels.sgemm(
        transA: true, transB: false, m: geometry.columnRows, n: geometry.columnCount, k: cg, alpha: 1,
        a: wt.narrow(dim: 0, start: group * cg, length: cg), lda: geometry.columnRows,
        b: x.select(dim: 0, index: sample).narrow(dim: 0, start: group * cg, length: cg), ldb: geometry.columnCount,
        beta: 0, c: columns, ldc: geometry.columnCount)
      Kernels.col2im(
        columns, geometry, into: out.select(dim: 0, index: sample).narrow(dim: 0, start: group * og, length: og))
    }
  }
  if let bias { out.addInPlace(bias.detach().reshape([o, 1, 1])) }
  let needs = (input.requiresGrad, weight.requiresGrad, bias?.requiresGrad ?? false)
  let inputs = [input, weight] + (bias.map { [$0] } ?? [])
  let weightShape = weight.shape
  return Tensor.record("ConvolutionBackward0", inputs: inputs, output: out, saving: [input, weight]) { g in
    let grad = g.contiguous()
    let columns = Tensor.empty([geometry.columnRows, geometry.columnCount])
    let dx = needs.0 ? Tensor.empty([n, c, h, w]) : nil
    let dw = needs.1 ? Tensor.zeros([c, og * kh * kw]) : nil
    for sample in 0..<n {
      for group in 0..<groups {
        Kernels.im2col(
          grad.select(dim: 0, index: sample).narrow(dim: 0, start: group * og, length: og), geometry, into: columns)
        let xg = x.select(dim: 0, index: sample).narrow(dim: 0, start: group * cg, length: cg)
        if let dx {
          Kernels.sgemm(
            transA: false, transB: false, m: cg, n: geometry.columnCount, k: geometry.columnRows, alpha: 1,
            a: wt.narrow(dim: 0, start: group * cg, length: cg), lda: geometry.columnRows, b: columns,
            ldb: geometry.columnCount, beta: 0,
            c: dx.select(dim: 0, index: sample).narrow(dim: 0, start: group * cg, length: cg),
            ldc: geometry.columnCount)
        }
        if let dw {
          Kernels.sgemm(
            transA: false, transB: true, m: cg, n: geometry.columnRows, k: geometry.columnCount, alpha: 1, a: xg,
            lda: geometry.columnCount, b: columns, ldb: geometry.columnCount, beta: 1,
            c: dw.narrow(dim: 0, start: group * cg, length: cg), ldc: geometry.columnRows)
        }
      }
    }
    var grads: [Tensor?] = [dx, dw?.reshape(weightShape)]
    if bias != nil {
      let gradBias = needs.2 ? Tensor.empty([o]) : nil
      if let gradBias { Kernels.channelSums(grad.reshape([n, o, outH * outW]), into: gradBias) }
      grads.append(gradBias)
    }
    return grads
  }
}
