// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealNN

/// pytorch/examples' MNIST network (`mnist/main.py`'s `Net`): two 3×3 convolutions (32 and 64
/// channels) with ReLU, 2×2 max pooling, dropout 0.25, a 9216→128 layer with ReLU, dropout
/// 0.5 and a 128→10 layer, returning log-probabilities (train it with `Tensor/nllLoss(targets:weight:ignoreIndex:reduction:)`).
///
/// Its parameters and their initial values after `manualSeed(s)` are PyTorch's `Net()` after
/// `torch.manual_seed(s)`, under the same state-dict keys; its dropout masks are PyTorch's.
/// The example feeds it images normalised with mean 0.1307 and standard deviation 0.3081
/// (``normalize(_:)``).
public final class ExamplesMNISTNet: Module, Layer {
  /// The first convolution, 1→32 channels.
  public let conv1: Conv2d
  /// The second convolution, 32→64 channels.
  public let conv2: Conv2d
  /// Dropout 0.25 after pooling.
  public let dropout1 = Dropout(0.25)
  /// Dropout 0.5 before the last layer.
  public let dropout2 = Dropout(0.5)
  /// 9216→128.
  public let fc1: Linear
  /// 128→10.
  public let fc2: Linear

  /// Creates the network, drawing its initial weights from `generator` in PyTorch's order.
  public init(generator: Generator = .default) {
    conv1 = Conv2d(1, 32, kernelSize: 3, stride: 1, generator: generator)
    conv2 = Conv2d(32, 64, kernelSize: 3, stride: 1, generator: generator)
    fc1 = Linear(9216, 128, generator: generator)
    fc2 = Linear(128, 10, generator: generator)
    super.init()
  }

  /// Log-probabilities `[N, 10]` of `[N, 1, 28, 28]` images.
  public func forward(_ input: Tensor) -> Tensor {
    let x = maxPool2d(conv2(conv1(input).relu()).relu(), 2)
    let hidden = fc1(dropout1(x).flatten(startDim: 1)).relu()
    return fc2(dropout2(hidden)).logSoftmax(dim: 1)
  }

  /// The example's `transforms.Normalize((0.1307,), (0.3081,))` of images in [0, 1].
  public static func normalize(_ images: Tensor) -> Tensor { (images - 0.1307) / 0.3081 }
}
