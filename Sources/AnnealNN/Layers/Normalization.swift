// Copyright © 2026 the Anneal authors.

import Anneal

/// Batch normalisation over the channels of `[N, C]`/`[N, C, L]` (``BatchNorm1d``) or
/// `[N, C, H, W]` (``BatchNorm2d``) inputs (PyTorch: `torch.nn.BatchNorm1d`, `BatchNorm2d`).
///
/// The running statistics are buffers — `running_mean`, `running_var` and the int64
/// `num_batches_tracked` — so they are in ``Module/stateDict()`` under PyTorch's keys and load
/// into PyTorch with `strict=True`. In training mode the batch's statistics normalise and the
/// running ones are updated with `momentum` (`nil`: a cumulative average, `1 / batches`); in
/// evaluation mode the running ones normalise. With `trackRunningStats: false` the batch's
/// statistics are used in both modes and there are no buffers.
open class BatchNorm: Module, Layer {
  /// The number of channels (PyTorch: `num_features`).
  public let numFeatures: Int
  /// Added to the variance (PyTorch: `eps`).
  public let eps: Double
  /// The weight of the new batch in the running statistics; `nil` for a cumulative average.
  public let momentum: Double?
  /// The scale `γ`, or `nil` without `affine`.
  public let weight: Tensor?
  /// The shift `β`, or `nil` without `affine`.
  public let bias: Tensor?
  /// Whether running statistics are kept (PyTorch: `track_running_stats`).
  public let trackRunningStats: Bool
  private let expectedRanks: Set<Int>

  init(
    _ numFeatures: Int, eps: Double, momentum: Double?, affine: Bool, trackRunningStats: Bool, ranks: Set<Int>
  ) {
    check(numFeatures > 0, "num_features must be positive, got \(numFeatures)")
    self.numFeatures = numFeatures
    self.eps = eps
    self.momentum = momentum
    self.trackRunningStats = trackRunningStats
    self.expectedRanks = ranks
    weight = affine ? Tensor.ones([numFeatures], requiresGrad: true) : nil
    bias = affine ? Tensor.zeros([numFeatures], requiresGrad: true) : nil
    super.init()
    if trackRunningStats {
      registerBuffer("running_mean", Tensor.zeros([numFeatures]))
      registerBuffer("running_var", Tensor.ones([numFeatures]))
      registerBuffer("num_batches_tracked", Tensor.zeros([], dtype: .int64))
    }
  }

  /// The running mean (PyTorch: `running_mean`).
  public var runningMean: Tensor? { buffer("running_mean") }
  /// The running variance (PyTorch: `running_var`).
  public var runningVar: Tensor? { buffer("running_var") }
  /// How many training batches updated the statistics (PyTorch: `num_batches_tracked`, int64).
  public var numBatchesTracked: Tensor? { buffer("num_batches_tracked") }

  public func forward(_ input: Tensor) -> Tensor {
    check(
      expectedRanks.contains(input.rank),
      "expected \(expectedRanks.sorted().map { "\($0)D" }.joined(separator: " or ")) input (got \(input.rank)D input)")
    var factor = momentum ?? 0
    if isTraining, trackRunningStats, let tracked = numBatchesTracked {
      withNoGrad { tracked.add(Tensor(scalar: Int64(1))) }
      if momentum == nil { factor = 1 / Double(tracked.item(as: Int64.self)) }
    }
    return batchNorm(
      input, runningMean: runningMean, runningVar: runningVar, weight: weight, bias: bias,
      training: isTraining || !trackRunningStats, momentum: factor, eps: eps)
  }
}

/// Batch normalisation of `[N, C]` or `[N, C, L]` inputs (PyTorch: `torch.nn.BatchNorm1d`).
public final class BatchNorm1d: BatchNorm {
  /// Creates the layer; each default is PyTorch's.
  public init(
    _ numFeatures: Int, eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true,
    trackRunningStats: Bool = true
  ) {
    super.init(
      numFeatures, eps: eps, momentum: momentum, affine: affine, trackRunningStats: trackRunningStats, ranks: [2, 3])
  }
}

/// Batch normalisation of `[N, C, H, W]` inputs (PyTorch: `torch.nn.BatchNorm2d`).
public final class BatchNorm2d: BatchNorm {
  /// Creates the layer; each default is PyTorch's.
  public init(
    _ numFeatures: Int, eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true,
    trackRunningStats: Bool = true
  ) {
    super.init(
      numFeatures, eps: eps, momentum: momentum, affine: affine, trackRunningStats: trackRunningStats, ranks: [4])
  }
}

/// Layer normalisation over the last dimensions (PyTorch: `torch.nn.LayerNorm(normalized_shape,
/// eps=1e-5, elementwise_affine=True, bias=True)`); see
/// `layerNorm(_:normalizedShape:weight:bias:eps:)`. The weight starts at 1, the bias at 0.
public final class LayerNorm: Module, Layer {
  /// The trailing dimensions normalised (PyTorch: `normalized_shape`).
  public let normalizedShape: [Int]
  /// Added to the variance (PyTorch: `eps`).
  public let eps: Double
  /// The elementwise scale, or `nil` without `elementwiseAffine`.
  public let weight: Tensor?
  /// The elementwise shift, or `nil` without `elementwiseAffine` or `bias`.
  public let bias: Tensor?

  /// Creates the layer; each default is PyTorch's.
  public init(_ normalizedShape: [Int], eps: Double = 1e-5, elementwiseAffine: Bool = true, bias: Bool = true) {
    check(
      !normalizedShape.isEmpty && normalizedShape.allSatisfy { $0 > 0 },
      "normalized_shape must be non-empty and positive, got \(normalizedShape)")
    self.normalizedShape = normalizedShape
    self.eps = eps
    weight = elementwiseAffine ? Tensor.ones(normalizedShape, requiresGrad: true) : nil
    self.bias = elementwiseAffine && bias ? Tensor.zeros(normalizedShape, requiresGrad: true) : nil
    super.init()
  }

  /// Creates the layer over the last dimension (PyTorch: `LayerNorm(features)`).
  public convenience init(_ features: Int, eps: Double = 1e-5, elementwiseAffine: Bool = true, bias: Bool = true) {
    self.init([features], eps: eps, elementwiseAffine: elementwiseAffine, bias: bias)
  }

  public func forward(_ input: Tensor) -> Tensor {
    layerNorm(input, normalizedShape: normalizedShape, weight: weight, bias: bias, eps: eps)
  }
}

/// Group normalisation (PyTorch: `torch.nn.GroupNorm(num_groups, num_channels, eps=1e-5,
/// affine=True)`); see `groupNorm(_:numGroups:weight:bias:eps:)`. The same in training
/// and evaluation; no running statistics.
public final class GroupNorm: Module, Layer {
  /// How many groups the channels are split into (PyTorch: `num_groups`).
  public let numGroups: Int
  /// The number of channels (PyTorch: `num_channels`).
  public let numChannels: Int
  /// Added to the variance (PyTorch: `eps`).
  public let eps: Double
  /// The per-channel scale, or `nil` without `affine`.
  public let weight: Tensor?
  /// The per-channel shift, or `nil` without `affine`.
  public let bias: Tensor?

  /// Creates the layer; each default is PyTorch's.
  public init(_ numGroups: Int, _ numChannels: Int, eps: Double = 1e-5, affine: Bool = true) {
    check(numGroups > 0, "num_groups must be positive, got \(numGroups)")
    check(numChannels % numGroups == 0, "num_channels must be divisible by num_groups")
    self.numGroups = numGroups
    self.numChannels = numChannels
    self.eps = eps
    weight = affine ? Tensor.ones([numChannels], requiresGrad: true) : nil
    bias = affine ? Tensor.zeros([numChannels], requiresGrad: true) : nil
    super.init()
  }

  public func forward(_ input: Tensor) -> Tensor {
    groupNorm(input, numGroups: numGroups, weight: weight, bias: bias, eps: eps)
  }
}
