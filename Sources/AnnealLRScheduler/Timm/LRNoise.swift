// Copyright © 2026 the Anneal authors.

/// timm's learning-rate noise: within a range of steps, every rate is multiplied by
/// `1 + noise`, a fresh noise per step drawn from a generator seeded with `seed + t`
/// (timm: the `noise_*` arguments of its `Scheduler` base class).
///
/// `normal` noise is `randn · std`, redrawn until `|noise| < pct`; `uniform` noise is
/// `2 (rand − ½) · pct`.
public struct LRNoise: Sendable {
  /// The kind of noise (timm: `noise_type`).
  public enum Kind: String, Sendable, CaseIterable {
    case normal, uniform
  }

  /// The first noisy step (timm: `noise_range_t`, or its first element).
  public var start: Int
  /// The first step after the noise, or `nil` for noise to the end (the second element).
  public var end: Int?
  /// The bound of the noise (timm: `noise_pct`). The default value is `0.67`.
  public var pct: Double
  /// The scale of normal noise (timm: `noise_std`). The default value is `1`.
  public var std: Double
  /// The kind of noise. The default is ``Kind/normal``.
  public var kind: Kind
  /// The base seed (timm: `noise_seed`). The default value is `42`.
  public var seed: Int
  /// Where the random numbers come from.
  public var source: any LRNoiseSource

  /// Creates the noise; every default is timm's.
  public init(
    start: Int, end: Int? = nil, pct: Double = 0.67, std: Double = 1, kind: Kind = .normal, seed: Int = 42,
    source: any LRNoiseSource
  ) {
    self.start = start
    self.end = end
    self.pct = pct
    self.std = std
    self.kind = kind
    self.seed = seed
    self.source = source
  }

  /// Whether step `t` is noisy (timm: `_is_apply_noise`).
  public func applies(at t: Int) -> Bool {
    if let end { return start <= t && t < end }
    return t >= start
  }

  /// The noise of step `t` (timm: `_calculate_noise`).
  public func noise(at t: Int) -> Double {
    let seed = UInt64(truncatingIfNeeded: self.seed + t)
    switch kind {
    case .normal:
      let draw = source.normals(seed: seed)
      while true {
        let noise = draw() * std
        if abs(noise) < pct { return noise }
      }
    case .uniform:
      return 2 * (source.uniform(seed: seed) - 0.5) * pct
    }
  }

  /// `lrs` with the noise of step `t`, if it applies (timm: `_add_noise`).
  public func apply(_ lrs: [Double], at t: Int) -> [Double] {
    guard applies(at: t) else { return lrs }
    let noise = noise(at: t)
    return lrs.map { $0 + $0 * noise }
  }
}
