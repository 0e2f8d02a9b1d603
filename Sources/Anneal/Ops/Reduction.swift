// Copyright © 2026 the Anneal authors.

/// How a loss combines the per-sample values (PyTorch: `reduction='none' | 'mean' | 'sum'`).
public enum Reduction: String, Sendable, CaseIterable {
  /// One value per sample.
  case none
  /// The mean over the samples (PyTorch's default).
  case mean
  /// The sum over the samples.
  case sum
}
