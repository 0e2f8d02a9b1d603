// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealLRScheduler

/// timm's learning-rate noise drawn exactly as PyTorch draws it: a fresh CPU generator per
/// seed, `torch.randn(1)` and `torch.rand(1)` in `float32`, read back as `Double`.
///
/// ```swift
/// let noise = LRNoise(start: 10, source: TorchNoise())
/// let scheduler = try TimmCosineLR(optimizer, tInitial: 100, noise: noise)
/// ```
public struct TorchNoise: LRNoiseSource {
  public init() {}

  public func normals(seed: UInt64) -> () -> Double {
    let generator = Generator(seed: seed)
    return {
      var value: Float = 0
      withUnsafeMutablePointer(to: &value) {
        generator.fillNormal(UnsafeMutableBufferPointer(start: $0, count: 1), mean: 0, std: 1)
      }
      return Double(value)
    }
  }

  public func uniform(seed: UInt64) -> Double {
    var value: Float = 0
    withUnsafeMutablePointer(to: &value) {
      Generator(seed: seed).fillUniform(UnsafeMutableBufferPointer(start: $0, count: 1), low: 0, high: 1)
    }
    return Double(value)
  }
}
