// Copyright © 2026 the Anneal authors.

import Anneal

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
    check(groups > 0, "groups must be a positive integer")
    check(inChannels % groups == 0, "in_channels must be divisible by groups")
    check(outChannels % groups == 0, "out_channels must be divisible by groups")
    check(kernelSize.0 > 0 && kernelSize.1 > 0, "kernel_size must be positive, got \(kernelSize)")
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
    Init.kaimingUniform(weight, a: 5.0.squareRoot(), generator: generator)
    if let b = self.bias {
      let fanIn = Init.fans(weight).fanIn
      let bound = fanIn > 0 ? 1 / Double(fanIn).squareRoot() : 0
      Init.uniform(b, low: -bound, high: bound, generator: generator)
    }
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
