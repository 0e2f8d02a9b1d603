// Copyright © 2026 the Anneal authors.

/// The Hugging Face `transformers` schedules by their `SchedulerType` names, as
/// `transformers.get_scheduler` builds them: ``LambdaLR``s whose factor combines a warmup
/// with a decay.
///
/// ```swift
/// let scheduler = try getScheduler(.cosine, optimizer: optimizer, warmupSteps: 100, totalSteps: 1000)
/// ```
public enum TransformersSchedule: String, Sendable, CaseIterable {
  /// Linear warmup, then linear decay to 0 at `totalSteps`.
  case linear
  /// Linear warmup, then a half cosine (`numCycles` 0.5) to 0.
  case cosine
  /// Linear warmup, then `numCycles` cosine cycles with hard restarts.
  case cosineWithRestarts = "cosine_with_restarts"
  /// Linear warmup, then polynomial decay (`power`) to `lrEnd`.
  case polynomial
  /// A constant factor 1.
  case constant
  /// Linear warmup, then constant.
  case constantWithWarmup = "constant_with_warmup"
  /// Linear warmup, then `1 / √((step + shift) / timescale)`.
  case inverseSqrt = "inverse_sqrt"
  /// Linear warmup, then cosine down to `minLR` (or `minLRRate` × the base rate).
  case cosineWithMinLR = "cosine_with_min_lr"
  /// Warmup, a stable phase, then a decay to `minLRRatio` (WSD).
  case warmupStableDecay = "warmup_stable_decay"
}

/// The shapes of the warmup and decay phases of ``TransformersSchedule/warmupStableDecay``.
public enum WSDPhaseShape: String, Sendable, CaseIterable {
  case linear, cosine
  case oneMinusSqrt = "1-sqrt"
}

/// Schedule-specific settings of ``getScheduler(_:optimizer:warmupSteps:totalSteps:options:lastEpoch:)``,
/// with `transformers`' defaults (PyTorch side: `scheduler_specific_kwargs`).
public struct TransformersScheduleOptions: Sendable {
  /// Cosine cycles: 0.5 for `cosine`/`cosine_with_min_lr`/WSD, 1 for `cosine_with_restarts`.
  public var numCycles: Double?
  /// The final learning rate of `polynomial`. The default is `1e-7`.
  public var lrEnd = 1e-7
  /// The power of `polynomial`. The default is `1`.
  public var power = 1.0
  /// The timescale of `inverse_sqrt`; the default is the warmup steps, or 10 000.
  public var timescale: Int?
  /// The floor of `cosine_with_min_lr`, absolute …
  public var minLR: Double?
  /// … or relative to the base learning rate.
  public var minLRRate: Double?
  /// WSD: the stable steps; the default is `totalSteps − warmup − decay`.
  public var numStableSteps: Int?
  /// WSD: the decay steps (required for WSD).
  public var numDecaySteps: Int?
  /// WSD: the warmup shape. The default is ``WSDPhaseShape/linear``.
  public var warmupType = WSDPhaseShape.linear
  /// WSD: the decay shape. The default is ``WSDPhaseShape/cosine``.
  public var decayType = WSDPhaseShape.cosine
  /// WSD: the floor, relative to the base rate. The default is `0`.
  public var minLRRatio = 0.0

  /// Creates options with `transformers`' defaults.
  public init() {}
}
