// Copyright © 2026 the Anneal authors.

import Anneal

/// A change applied to one image tensor `[C, H, W]` (PyTorch: a `torchvision.transforms`
/// transform on tensors).
///
/// Random transforms draw from their generator exactly as torchvision's draw from PyTorch's
/// (`torch.rand(1)`, `torch.randint`), one sample after another, so a seed gives torchvision's
/// crops and flips. Their generator defaults to `Generator.default`, as torchvision's;
/// give them their own when a ``DataLoader`` gathers batches on a worker thread
/// (`numWorkers > 0`), so that the draws do not interleave with the training's.
public protocol Transform: Sendable {
  /// The transformed image.
  func callAsFunction(_ image: Tensor) -> Tensor
}

/// Transforms applied one after another (PyTorch: `transforms.Compose`).
public struct Compose: Transform {
  /// The transforms, in order.
  public let transforms: [any Transform]
  /// Creates the composition.
  public init(_ transforms: [any Transform]) { self.transforms = transforms }
  public func callAsFunction(_ image: Tensor) -> Tensor { transforms.reduce(image) { $1($0) } }
}

/// `(image − mean[c]) / std[c]` per channel (PyTorch: `transforms.Normalize(mean, std)`).
public struct Normalize: Transform {
  /// One mean per channel.
  public let mean: [Float]
  /// One standard deviation per channel.
  public let std: [Float]

  /// Creates the transform; `std` must not contain 0.
  public init(mean: [Float], std: [Float]) {
    check(mean.count == std.count && !mean.isEmpty, "Normalize needs as many means as standard deviations")
    check(!std.contains(0), "std evaluated to zero after conversion to float32, leading to division by zero.")
    self.mean = mean
    self.std = std
  }

  public func callAsFunction(_ image: Tensor) -> Tensor {
    check(
      image.rank >= 3 && (mean.count == 1 || mean.count == image.shape[image.rank - 3]),
      "Normalize: expected a [C, H, W] image with \(mean.count) channels, got \(image.shape)")
    var shape = [Int](repeating: 1, count: image.rank)
    shape[image.rank - 3] = mean.count
    return (image - Tensor(mean, shape: shape)) / Tensor(std, shape: shape)
  }
}

/// Flips the image left to right with probability `p` (PyTorch:
/// `transforms.RandomHorizontalFlip(p=0.5)`: one `torch.rand(1)` per image).
public struct RandomHorizontalFlip: Transform {
  /// The probability of a flip.
  public let p: Double
  /// The random source.
  public let generator: Generator

  /// Creates the transform.
  public init(p: Double = 0.5, generator: Generator = .default) {
    self.p = p
    self.generator = generator
  }

  public func callAsFunction(_ image: Tensor) -> Tensor {
    guard Double(Tensor.rand([1], generator: generator).item()) < p else { return image }
    let width = image.shape[image.rank - 1]
    let reversed = Tensor(elements: (0..<width).reversed().map(Int64.init))
    return image.indexSelect(dim: image.rank - 1, index: reversed)
  }
}

/// Crops a random `size` window, after padding each side with `fill` (PyTorch:
/// `transforms.RandomCrop(size, padding, fill=0)`: the top row from `torch.randint(0, h − th + 1)`,
/// then the left column likewise).
public struct RandomCrop: Transform {
  /// The output's height and width.
  public let size: (Int, Int)
  /// Zeros (or `fill`) added to the left, top, right and bottom first.
  public let padding: (left: Int, top: Int, right: Int, bottom: Int)
  /// The value of the padding.
  public let fill: Float
  /// The random source.
  public let generator: Generator

  /// Creates the transform with the same padding on every side.
  public init(_ size: Int, padding: Int = 0, fill: Float = 0, generator: Generator = .default) {
    self.init((size, size), padding: (padding, padding, padding, padding), fill: fill, generator: generator)
  }

  /// Creates the transform.
  public init(
    _ size: (Int, Int), padding: (left: Int, top: Int, right: Int, bottom: Int) = (0, 0, 0, 0), fill: Float = 0,
    generator: Generator = .default
  ) {
    check(size.0 > 0 && size.1 > 0, "RandomCrop: the size must be positive, got \(size)")
    check(
      padding.left >= 0 && padding.top >= 0 && padding.right >= 0 && padding.bottom >= 0,
      "RandomCrop: padding must not be negative")
    self.size = size
    self.padding = padding
    self.fill = fill
    self.generator = generator
  }

  public func callAsFunction(_ image: Tensor) -> Tensor {
    check(image.rank >= 2, "RandomCrop: expected an image [..., H, W], got \(image.shape)")
    let (hd, wd) = (image.rank - 2, image.rank - 1)
    var padded = image
    if padding != (0, 0, 0, 0) {
      var shape = image.shape
      shape[hd] += padding.top + padding.bottom
      shape[wd] += padding.left + padding.right
      padded = Tensor.full(shape, fill)
      padded.narrow(dim: hd, start: padding.top, length: image.shape[hd])
        .narrow(dim: wd, start: padding.left, length: image.shape[wd]).copyElements(from: image)
    }
    let (h, w) = (padded.shape[hd], padded.shape[wd])
    let (th, tw) = size
    check(
      h >= th && w >= tw,
      "Required crop size (\(th), \(tw)) is larger than input image size (\(h), \(w))")
    if h == th && w == tw { return padded }
    let top = generator.randint(0, h - th + 1)
    let left = generator.randint(0, w - tw + 1)
    return padded.narrow(dim: hd, start: top, length: th).narrow(dim: wd, start: left, length: tw).contiguous()
  }
}

extension Dataset where Batch == LabeledBatch {
  /// A batch with `transform` applied to each image in order, as torchvision applies a
  /// dataset's transform sample by sample.
  public func collate(_ indices: ArraySlice<Int>, transform: any Transform) -> LabeledBatch {
    let batch = collate(indices)
    let images = (0..<batch.count).map { transform(batch.inputs[$0]) }
    return LabeledBatch(inputs: images.isEmpty ? batch.inputs : Tensor.stack(images), labels: batch.labels)
  }
}

/// A labelled image dataset with a transform applied to each image as it is gathered
/// (PyTorch: a torchvision dataset's `transform=`); see ``Dataset/transformed(_:)``.
public struct TransformedDataset<Base: Dataset>: Dataset where Base.Batch == LabeledBatch {
  /// The underlying dataset.
  public let base: Base
  /// The transform of each image.
  public let transform: any Transform

  /// Wraps `base`.
  public init(_ base: Base, transform: any Transform) {
    self.base = base
    self.transform = transform
  }

  public var count: Int { base.count }

  /// The transformed image at `index` and its label.
  public subscript(index: Int) -> (image: Tensor, label: Int) {
    let batch = collate([index][...])
    return (batch.inputs[0], Int(batch.labels[0].item(as: Int64.self)))
  }

  public func collate(_ indices: ArraySlice<Int>) -> LabeledBatch { base.collate(indices, transform: transform) }
}

extension Dataset where Batch == LabeledBatch {
  /// This dataset with `transform` applied to each image as batches are gathered, e.g.
  /// `MNIST(…).transformed(Compose([RandomCrop(28, padding: 2), Normalize(mean: [0.1307], std: [0.3081])]))`.
  public func transformed(_ transform: any Transform) -> TransformedDataset<Self> {
    TransformedDataset(self, transform: transform)
  }
}

extension TransformedDataset: Sendable where Base: Sendable {}
