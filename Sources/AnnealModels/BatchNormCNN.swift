// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealNN

/// A small all-convolutional MNIST classifier with batch normalisation: three blocks of 3×3
/// convolution (padding 1, no bias) → `BatchNorm2d` → `GELU`, the first
/// two followed by 2×2 max pooling, then `AdaptiveAvgPool2d` to 1×1, a flatten and
/// one linear layer (16, 32 and 64 channels by default: 24 000 parameters).
///
/// It returns raw scores (train it with `CrossEntropyLoss`). The same network in
/// PyTorch, with the same state-dict keys (`0.weight`, `1.running_mean`, …), so that weights and
/// batch-norm buffers move between the two in safetensors files:
///
/// ```python
/// def block(i, o): return [nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.GELU()]
/// net = nn.Sequential(*block(1, 16), nn.MaxPool2d(2), *block(16, 32), nn.MaxPool2d(2),
///                     *block(32, 64), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))
/// ```
///
/// - Parameters:
///   - channels: The widths of the three blocks.
///   - classes: The number of outputs.
///   - generator: The random source for initialisation, drawn in PyTorch's order.
public func batchNormCNN(
  channels: (Int, Int, Int) = (16, 32, 64), classes: Int = 10, generator: Generator = .default
) -> Sequential {
  func block(_ input: Int, _ output: Int) -> [any Layer] {
    [Conv2d(input, output, kernelSize: 3, padding: 1, bias: false, generator: generator), BatchNorm2d(output), GELU()]
  }
  var layers = block(1, channels.0) + [MaxPool2d(2) as any Layer]
  layers += block(channels.0, channels.1) + [MaxPool2d(2) as any Layer]
  layers += block(channels.1, channels.2)
  layers += [AdaptiveAvgPool2d(1), Flatten(), Linear(channels.2, classes, generator: generator)] as [any Layer]
  return Sequential(layers)
}
