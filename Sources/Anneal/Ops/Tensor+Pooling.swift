// Copyright © 2026 the Anneal authors.

/// The output size of a pooling window along one dimension (PyTorch's `pooling_output_shape`):
/// with `ceilMode` the last window may start in the input but not in the right padding.
package func poolingOutputSize(_ size: Int, kernel: Int, stride: Int, padding: Int, dilation: Int, ceilMode: Bool)
  -> Int
{
  let span = size + 2 * padding - dilation * (kernel - 1) - 1
  var out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1
  if ceilMode && (out - 1) * stride >= size + padding { out -= 1 }
  return span < 0 ? 0 : out
}

/// The maximum over `kernelSize` windows of `input` (`[N, C, H, W]` or `[C, H, W]`) and the flat
/// index of each maximum within its `H·W` plane (PyTorch:
/// `torch.nn.functional.max_pool2d(…, return_indices=True)`); the gradient goes to those
/// indices. `stride` defaults to the kernel size; padding (at most half the kernel) counts as
/// −∞.
public func maxPool2dWithIndices(
  _ input: Tensor, kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0),
  dilation: (Int, Int) = (1, 1), ceilMode: Bool = false
) -> (values: Tensor, indices: Tensor) {
  check(
    input.rank == 3 || input.rank == 4,
    "max_pool2d: Expected 3D or 4D (batch mode) tensor for input, got size \(input.shape)")
  let stride = stride ?? kernelSize
  check(kernelSize.0 > 0 && kernelSize.1 > 0, "max_pool2d: kernel_size must be greater than zero")
  check(stride.0 > 0 && stride.1 > 0, "max_pool2d: stride must be greater than zero")
  check(dilation.0 > 0 && dilation.1 > 0, "max_pool2d: dilation must be greater than zero")
  check(
    padding.0 >= 0 && padding.1 >= 0 && padding.0 <= kernelSize.0 / 2 && padding.1 <= kernelSize.1 / 2,
    "pad should be at most half of effective kernel size, but got pad=\(padding.0), kernel_size=\(kernelSize.0) and dilation=\(dilation.0)"
  )
  let (h, w) = (input.shape[input.rank - 2], input.shape[input.rank - 1])
  let outH = poolingOutputSize(
    h, kernel: kernelSize.0, stride: stride.0, padding: padding.0, dilation: dilation.0, ceilMode: ceilMode)
  let outW = poolingOutputSize(
    w, kernel: kernelSize.1, stride: stride.1, padding: padding.1, dilation: dilation.1, ceilMode: ceilMode)
  check(
    outH > 0 && outW > 0,
    "Given input size: (\(input.shape.dropLast(2).last ?? 1)x\(h)x\(w)). Calculated output size: (\(input.shape.dropLast(2).last ?? 1)x\(outH)x\(outW)). Output size is too small"
  )
  let geometry = ConvolutionGeometry(
    channels: 1, height: h, width: w, kernel: kernelSize, stride: stride, padding: padding, dilation: dilation,
    outputHeight: outH, outputWidth: outW)
  let planes = input.shape.dropLast(2).reduce(1, *)
  let x = input.contiguous().to(.float32).detach()
  let outShape = Array(input.shape.dropLast(2)) + [outH, outW]
  let values = Tensor.empty(outShape)
  let indices = Tensor.empty(outShape, dtype: .int64)
  Kernels.maxPool2d(x, geometry, planes: planes, values: values, indices: indices)
  let inputShape = input.shape
  let savedIndices = indices.detach()
  Tensor.record("MaxPool2DWithIndicesBackward0", inputs: [input], output: values, saving: [input]) { g in
    // PyTorch's max_pool2d_with_indices_backward: each output's gradient added at its index.
    let grad = Tensor.empty(inputShape)
    Kernels.maxPool2dBackward(
      g.contiguous(), indices: savedIndices, planes: planes, inputArea: h * w, outputArea: outH * outW, into: grad)
    return [grad]
  }
  return (values, indices)
}

/// The maximum over `kernelSize` windows (PyTorch: `torch.nn.functional.max_pool2d`); see
/// ``maxPool2dWithIndices(_:kernelSize:stride:padding:dilation:ceilMode:)``.
public func maxPool2d(
  _ input: Tensor, kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0),
  dilation: (Int, Int) = (1, 1), ceilMode: Bool = false
) -> Tensor {
  maxPool2dWithIndices(
    input, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode
  ).values
}

/// `maxPool2d` with a square window (PyTorch: `F.max_pool2d(x, 2)`).
public func maxPool2d(_ input: Tensor, _ kernelSize: Int, stride: Int? = nil, padding: Int = 0) -> Tensor {
  maxPool2d(
    input, kernelSize: (kernelSize, kernelSize), stride: stride.map { ($0, $0) }, padding: (padding, padding))
}

/// The mean over `kernelSize` windows of `input` (`[N, C, H, W]` or `[C, H, W]`) (PyTorch:
/// `torch.nn.functional.avg_pool2d`). `stride` defaults to the kernel size; with
/// `countIncludePad` (the default) the zero padding counts in the divisor; `divisorOverride`
/// replaces the divisor.
public func avgPool2d(
  _ input: Tensor, kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0),
  ceilMode: Bool = false, countIncludePad: Bool = true, divisorOverride: Int? = nil
) -> Tensor {
  check(
    input.rank == 3 || input.rank == 4,
    "avg_pool2d: Expected 3D or 4D (batch mode) tensor for input, got \(input.shape)")
  let stride = stride ?? kernelSize
  check(
    kernelSize.0 > 0 && kernelSize.1 > 0 && stride.0 > 0 && stride.1 > 0,
    "avg_pool2d: kernel_size and stride must be positive")
  check(
    padding.0 >= 0 && padding.1 >= 0 && padding.0 <= kernelSize.0 / 2 && padding.1 <= kernelSize.1 / 2,
    "pad should be at most half of effective kernel size, but got pad=\(padding.0), kernel_size=\(kernelSize.0)")
  check(divisorOverride.map { $0 != 0 } ?? true, "divisor must be not zero")
  let (h, w) = (input.shape[input.rank - 2], input.shape[input.rank - 1])
  let outH = poolingOutputSize(
    h, kernel: kernelSize.0, stride: stride.0, padding: padding.0, dilation: 1, ceilMode: ceilMode)
  let outW = poolingOutputSize(
    w, kernel: kernelSize.1, stride: stride.1, padding: padding.1, dilation: 1, ceilMode: ceilMode)
  check(outH > 0 && outW > 0, "avg_pool2d: Given input size \(input.shape), the output size is too small")
  func ranges(_ out: Int, _ size: Int, _ k: Int, _ s: Int, _ p: Int) -> [(start: Int, end: Int, extent: Int)] {
    (0..<out).map { o in
      let start = o * s - p
      let end = min(start + k, size + p)
      return (max(start, 0), min(end, size), end - start)
    }
  }
  let windows = AveragePoolWindows(
    rows: ranges(outH, h, kernelSize.0, stride.0, padding.0),
    columns: ranges(outW, w, kernelSize.1, stride.1, padding.1),
    countIncludePad: countIncludePad, divisorOverride: divisorOverride)
  return averagePool(input, windows, name: "AvgPool2DBackward0")
}

/// The mean over windows that divide `input`'s last two dimensions into `outputSize` (PyTorch:
/// `torch.nn.functional.adaptive_avg_pool2d`): window `i` of `n` spans `⌊i·H/n⌋ ..< ⌈(i+1)·H/n⌉`.
public func adaptiveAvgPool2d(_ input: Tensor, outputSize: (Int, Int)) -> Tensor {
  check(
    input.rank == 3 || input.rank == 4,
    "adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got \(input.shape)")
  check(outputSize.0 > 0 && outputSize.1 > 0, "adaptive_avg_pool2d: output_size must be positive, got \(outputSize)")
  let (h, w) = (input.shape[input.rank - 2], input.shape[input.rank - 1])
  func ranges(_ out: Int, _ size: Int) -> [(start: Int, end: Int, extent: Int)] {
    (0..<out).map { o in
      let start = o * size / out
      let end = ((o + 1) * size + out - 1) / out
      return (start, end, end - start)
    }
  }
  let windows = AveragePoolWindows(
    rows: ranges(outputSize.0, h), columns: ranges(outputSize.1, w), countIncludePad: false, divisorOverride: nil)
  return averagePool(input, windows, name: "AdaptiveAvgPool2DBackward0")
}

private func averagePool(_ input: Tensor, _ windows: AveragePoolWindows, name: String) -> Tensor {
  let (h, w) = (input.shape[input.rank - 2], input.shape[input.rank - 1])
  let planes = input.shape.dropLast(2).reduce(1, *)
  let x = input.contiguous().to(.float32).detach()
  let out = Tensor.empty(Array(input.shape.dropLast(2)) + [windows.rows.count, windows.columns.count])
  Kernels.averagePool(x, height: h, width: w, windows, planes: planes, into: out)
  let inputShape = input.shape
  return Tensor.record(name, inputs: [input], output: out) { g in
    let dx = Tensor.zeros(inputShape)
    Kernels.averagePoolBackward(g.contiguous(), height: h, width: w, windows, planes: planes, into: dx)
    return [dx]
  }
}
