// Copyright © 2026 the Anneal authors.

/// The random numbers timm's learning-rate noise draws, from a generator seeded afresh for
/// every step. The scheduler layer has no random generator of its own; `AnnealOptim`'s
/// `TorchNoise` gives PyTorch's streams bit for bit.
public protocol LRNoiseSource: Sendable {
  /// The values of `torch.randn(1, generator=g).item()`, one per call, after
  /// `g = torch.Generator(); g.manual_seed(seed)`.
  func normals(seed: UInt64) -> () -> Double
  /// `torch.rand(1, generator=g).item()` after `g.manual_seed(seed)`.
  func uniform(seed: UInt64) -> Double
}
