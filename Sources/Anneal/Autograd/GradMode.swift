// Copyright © 2026 the Anneal authors.

/// Whether operations are recorded for differentiation (PyTorch: `torch.is_grad_enabled()`).
///
/// The mode is task-local, as PyTorch's is thread-local: ``withNoGrad(_:)`` in one task never
/// affects another.
public enum GradMode {
  /// Whether recording is enabled in the current task. The default is `true`.
  @TaskLocal public static var isEnabled = true
}

/// Runs `body` without recording operations for differentiation (PyTorch: `torch.no_grad()`).
///
/// Use it for evaluation and for in-place parameter updates:
///
/// ```swift
/// let logits = withNoGrad { model(images) }
/// ```
public func withNoGrad<R>(_ body: () throws -> R) rethrows -> R {
  try GradMode.$isEnabled.withValue(false, operation: body)
}
