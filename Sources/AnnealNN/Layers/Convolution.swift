// Copyright © 2026 the Anneal authors.

import Anneal

/// PyTorch's `_ConvNd.reset_parameters`: the weight from `kaiming_uniform_(a: √5)`, the bias
/// from U(−1/√fanIn, 1/√fanIn) with the weight's fan-in (for a transposed convolution, whose
/// weight is `[in, out / groups, …]`, that is `out / groups · kernel`).
func resetConvolutionParameters(_ weight: Tensor, bias: Tensor?, generator: Generator) {
  Init.kaimingUniform(weight, a: 5.0.squareRoot(), generator: generator)
  if let bias {
    let fanIn = Init.fans(weight).fanIn
    let bound = fanIn > 0 ? 1 / Double(fanIn).squareRoot() : 0
    Init.uniform(bias, low: -bound, high: bound, generator: generator)
  }
}

/// Checks the channel and kernel arguments every convolution layer shares.
func checkConvolutionArguments(_ inChannels: Int, _ outChannels: Int, groups: Int, kernel: [Int]) {
  check(groups > 0, "groups must be a positive integer")
  check(inChannels % groups == 0, "in_channels must be divisible by groups")
  check(outChannels % groups == 0, "out_channels must be divisible by groups")
  check(kernel.allSatisfy { $0 > 0 }, "kernel_size must be positive, got \(kernel)")
}

/// A 2-D convolution over `[N, C, H, W]` (or `[C, H, W]`) inputs (PyTorch: `torch.nn.Conv2d`)
/// with zero padding (`padding_mode="zeros"`).
///
/// Parameters are initialised as in PyTorch's `reset_parameters`: the weight with
/// `kaiming_uniform_(a: √5)` and the bias from U(−1/√fanIn, 1/√fanIn), where fanIn is
/// `inChannels / groups · kH · kW`.
public final class Conv2d: Module, Layer {
  /// The weight, of shape `[outChannels, inChannels / groups, kH, kW]`.
  public let weight: Tensor
  /// The bias, of shape `[outChannels]`, or `nil`.
  public let bias: Tensor?
  /// The stride (PyTorch: `stride`).
  public let stride: (Int, Int)
  /// The zero padding (PyTorch: `padding`).
  public let padding: ConvolutionPadding
  /// The spacing of the kernel's taps (PyTorch: `dilation`).
  public let dilation: (Int, Int)
  /// The number of blocked connections from input to output channels (PyTorch: `groups`).
  public let groups: Int

  /// Creates the layer.
  ///
  /// - Parameters:
  ///   - inChannels: Channels of the input.
  ///   - outChannels: Channels of the output.
  ///   - kernelSize: Height and width of the kernel.
  ///   - stride: The default is `(1, 1)`.
  ///   - padding: The default is `0`; `.same` keeps the spatial size (stride 1 only).
  ///   - dilation: The default is `(1, 1)`.
  ///   - groups: The default is `1`; both channel counts must be divisible by it.
  ///   - bias: Whether to add a learnable bias. The default is `true`.
  ///   - generator: The random source for initialisation. The default is the global one.
  public init(
    _ inChannels: Int, _ outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1),
    padding: ConvolutionPadding = 0, dilation: (Int, Int) = (1, 1), groups: Int = 1, bias: Bool = true,
    generator: Generator = .default
  ) {
    checkConvolutionArguments(inChannels, outChannels, groups: groups, kernel: [kernelSize.0, kernelSize.1])
    if padding == .same {
      check(stride == (1, 1), "padding='same' is not supported for strided convolutions")
    }
    weight = Tensor.zeros([outChannels, inChannels / groups, kernelSize.0, kernelSize.1], requiresGrad: true)
    self.bias = bias ? Tensor.zeros([outChannels], requiresGrad: true) : nil
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
    self.groups = groups
    super.init()
    resetConvolutionParameters(weight, bias: self.bias, generator: generator)
  }

  /// Creates the layer with a square kernel (PyTorch: `kernel_size=k`).
  public convenience init(
    _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: ConvolutionPadding = 0,
    dilation: Int = 1, groups: Int = 1, bias: Bool = true, generator: Generator = .default
  ) {
    self.init(
      inChannels, outChannels, kernelSize: (kernelSize, kernelSize), stride: (stride, stride), padding: padding,
      dilation: (dilation, dilation), groups: groups, bias: bias, generator: generator)
  }

  public func forward(_ input: Tensor) -> Tensor {
    conv2d(input, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
  }
}

/// A 1-D convolution over `[N, C, L]` (or `[C, L]`) inputs (PyTorch: `torch.nn.Conv1d`) with
/// zero padding, initialised as ``Conv2d``.
public final class Conv1d: Module, Layer {
  /// The weight, of shape `[outChannels, inChannels / groups, kernelSize]`.
  public let weight: Tensor
  /// The bias, of shape `[outChannels]`, or `nil`.
  public let bias: Tensor?
  /// The stride (PyTorch: `stride`).
  public let stride: Int
  /// The zero padding (PyTorch: `padding`): an integer, `.same` or `.valid`.
  public let padding: ConvolutionPadding
  /// The spacing of the kernel's taps (PyTorch: `dilation`).
  public let dilation: Int
  /// The number of blocked connections from input to output channels (PyTorch: `groups`).
  public let groups: Int

  /// Creates the layer with PyTorch's defaults.
  public init(
    _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: ConvolutionPadding = 0,
    dilation: Int = 1, groups: Int = 1, bias: Bool = true, generator: Generator = .default
  ) {
    checkConvolutionArguments(inChannels, outChannels, groups: groups, kernel: [kernelSize])
    if padding == .same { check(stride == 1, "padding='same' is not supported for strided convolutions") }
    weight = Tensor.zeros([outChannels, inChannels / groups, kernelSize], requiresGrad: true)
    self.bias = bias ? Tensor.zeros([outChannels], requiresGrad: true) : nil
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
    self.groups = groups
    super.init()
    resetConvolutionParameters(weight, bias: self.bias, generator: generator)
  }

  public func forward(_ input: Tensor) -> Tensor {
    conv1d(input, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
  }
}

/// A transposed 2-D convolution (PyTorch: `torch.nn.ConvTranspose2d`), the gradient of a
/// convolution with respect to its input; it upsamples by `stride`.
///
/// The weight is `[inChannels, outChannels / groups, kH, kW]`, initialised as PyTorch does
/// (``Conv2d``'s rule with this weight's fan-in).
public final class ConvTranspose2d: Module, Layer {
  /// The weight, of shape `[inChannels, outChannels / groups, kH, kW]`.
  public let weight: Tensor
  /// The bias, of shape `[outChannels]`, or `nil`.
  public let bias: Tensor?
  /// The stride (PyTorch: `stride`).
  public let stride: (Int, Int)
  /// The implicit zero padding removed from each side of the output (PyTorch: `padding`).
  public let padding: (Int, Int)
  /// Extra size at the end of each output dimension (PyTorch: `output_padding`).
  public let outputPadding: (Int, Int)
  /// The number of blocked connections from input to output channels (PyTorch: `groups`).
  public let groups: Int
  /// The spacing of the kernel's taps (PyTorch: `dilation`).
  public let dilation: (Int, Int)

  /// Creates the layer with PyTorch's defaults.
  public init(
    _ inChannels: Int, _ outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1),
    padding: (Int, Int) = (0, 0), outputPadding: (Int, Int) = (0, 0), groups: Int = 1, bias: Bool = true,
    dilation: (Int, Int) = (1, 1), generator: Generator = .default
  ) {
    checkConvolutionArguments(inChannels, outChannels, groups: groups, kernel: [kernelSize.0, kernelSize.1])
    weight = Tensor.zeros([inChannels, outChannels / groups, kernelSize.0, kernelSize.1], requiresGrad: true)
    self.bias = bias ? Tensor.zeros([outChannels], requiresGrad: true) : nil
    self.stride = stride
    self.padding = padding
    self.outputPadding = outputPadding
    self.groups = groups
    self.dilation = dilation
    super.init()
    resetConvolutionParameters(weight, bias: self.bias, generator: generator)
  }

  /// Creates the layer with a square kernel and equal strides and paddings.
  public convenience init(
    _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
    outputPadding: Int = 0, groups: Int = 1, bias: Bool = true, dilation: Int = 1, generator: Generator = .default
  ) {
    self.init(
      inChannels, outChannels, kernelSize: (kernelSize, kernelSize), stride: (stride, stride),
      padding: (padding, padding), outputPadding: (outputPadding, outputPadding), groups: groups, bias: bias,
      dilation: (dilation, dilation), generator: generator)
  }

  public func forward(_ input: Tensor) -> Tensor {
    convTranspose2d(
      input, weight: weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding,
      groups: groups, dilation: dilation)
  }
}
