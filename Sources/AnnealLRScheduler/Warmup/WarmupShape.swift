// Copyright © 2026 the Anneal authors.

/// How ``WarmupLR`` ramps from `warmupLRInit` to the base learning rate over `warmupT` steps.
public enum WarmupShape: String, Sendable, CaseIterable {
  /// `init + t · (base − init) / warmupT`, timm's warmup.
  case linear
  /// `init + (base − init) · ½ (1 − cos(π t / warmupT))`: starts and ends gently.
  case cosine
  /// `init` throughout the warmup, then the wrapped schedule (a "constant warmup").
  case constant
}
