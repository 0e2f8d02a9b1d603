// Copyright © 2026 the Anneal authors.

import Anneal

/// The maximum over windows of `[N, C, H, W]` or `[C, H, W]` inputs (PyTorch:
/// `torch.nn.MaxPool2d`); padding counts as −∞.
public final class MaxPool2d: Module, Layer {
  /// The window (PyTorch: `kernel_size`).
  public let kernelSize: (Int, Int)
  /// The step between windows; the kernel size by default (PyTorch: `stride=None`).
  public let stride: (Int, Int)
  /// Implicit −∞ on each side, at most half the kernel (PyTorch: `padding`).
  public let padding: (Int, Int)
  /// The spacing of the window's taps (PyTorch: `dilation`).
  public let dilation: (Int, Int)
  /// Whether the output size rounds up (PyTorch: `ceil_mode`).
  public let ceilMode: Bool

  /// Creates the layer.
  public init(
    kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1),
    ceilMode: Bool = false
  ) {
    self.kernelSize = kernelSize
    self.stride = stride ?? kernelSize
    self.padding = padding
    self.dilation = dilation
    self.ceilMode = ceilMode
    super.init()
  }

  /// Creates the layer with a square window (PyTorch: `MaxPool2d(2)`).
  public convenience init(
    _ kernelSize: Int, stride: Int? = nil, padding: Int = 0, dilation: Int = 1, ceilMode: Bool = false
  ) {
    self.init(
      kernelSize: (kernelSize, kernelSize), stride: stride.map { ($0, $0) }, padding: (padding, padding),
      dilation: (dilation, dilation), ceilMode: ceilMode)
  }

  public func forward(_ input: Tensor) -> Tensor { forwardWithIndices(input).values }

  /// The pooled values and the flat index of each maximum in its plane (PyTorch:
  /// `return_indices=True`).
  public func forwardWithIndices(_ input: Tensor) -> (values: Tensor, indices: Tensor) {
    maxPool2dWithIndices(
      input, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
  }
}

/// The mean over windows (PyTorch: `torch.nn.AvgPool2d`).
public final class AvgPool2d: Module, Layer {
  /// The window (PyTorch: `kernel_size`).
  public let kernelSize: (Int, Int)
  /// The step between windows; the kernel size by default.
  public let stride: (Int, Int)
  /// Implicit zeros on each side, at most half the kernel.
  public let padding: (Int, Int)
  /// Whether the output size rounds up (PyTorch: `ceil_mode`).
  public let ceilMode: Bool
  /// Whether the padding counts in the divisor (PyTorch: `count_include_pad`, default `true`).
  public let countIncludePad: Bool
  /// A fixed divisor (PyTorch: `divisor_override`).
  public let divisorOverride: Int?

  /// Creates the layer; each default is PyTorch's.
  public init(
    kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0), ceilMode: Bool = false,
    countIncludePad: Bool = true, divisorOverride: Int? = nil
  ) {
    self.kernelSize = kernelSize
    self.stride = stride ?? kernelSize
    self.padding = padding
    self.ceilMode = ceilMode
    self.countIncludePad = countIncludePad
    self.divisorOverride = divisorOverride
    super.init()
  }

  /// Creates the layer with a square window (PyTorch: `AvgPool2d(2)`).
  public convenience init(_ kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
    self.init(kernelSize: (kernelSize, kernelSize), stride: stride.map { ($0, $0) }, padding: (padding, padding))
  }

  public func forward(_ input: Tensor) -> Tensor {
    avgPool2d(
      input, kernelSize: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode,
      countIncludePad: countIncludePad, divisorOverride: divisorOverride)
  }
}

/// The mean over windows that divide the input into a fixed output size (PyTorch:
/// `torch.nn.AdaptiveAvgPool2d`); `AdaptiveAvgPool2d(1)` is global average pooling.
public final class AdaptiveAvgPool2d: Module, Layer {
  /// The output's height and width (PyTorch: `output_size`).
  public let outputSize: (Int, Int)

  /// Creates the layer.
  public init(_ outputSize: (Int, Int)) {
    self.outputSize = outputSize
    super.init()
  }

  /// Creates the layer with a square output (PyTorch: `AdaptiveAvgPool2d(n)`).
  public convenience init(_ size: Int) { self.init((size, size)) }

  public func forward(_ input: Tensor) -> Tensor { adaptiveAvgPool2d(input, outputSize: outputSize) }
}
