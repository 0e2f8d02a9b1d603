// Copyright © 2026 the Anneal authors.

import AnnealTraining

/// The run's output in the order of the iterations while an evaluation runs on another thread
/// (`BackgroundEvaluation`): lines and metric records that come after it wait until its
/// accuracy is known, so that standard output and the JSON Lines log read exactly as if the
/// evaluation had run in place.
final class OrderedOutput {
  /// The monitor that prints and records; use it directly only after ``drain()``.
  var monitor: TrainingMonitor
  private var pending: (evaluation: BackgroundEvaluation<Float>, event: (inout TrainingMonitor, Float) throws -> Void)?
  private var waiting: [(inout TrainingMonitor) throws -> Void] = []

  init(_ monitor: TrainingMonitor) {
    self.monitor = monitor
  }

  /// Prints or records now, or after the pending evaluation.
  func emit(_ event: @escaping (inout TrainingMonitor) throws -> Void) throws {
    try poll()
    if pending == nil {
      try event(&monitor)
    } else {
      waiting.append(event)
    }
  }

  /// Makes the evaluation `start` begins the pending one; `event` shows its accuracy, in its
  /// place in the output. An earlier evaluation is waited for first, so that at most one runs
  /// (evaluations more frequent than they are fast would otherwise pile up).
  func evaluate(
    _ start: () -> BackgroundEvaluation<Float>, then event: @escaping (inout TrainingMonitor, Float) throws -> Void
  ) throws {
    try drain()
    pending = (start(), event)
  }

  /// Shows what waits if the pending evaluation has finished.
  func poll() throws {
    if let pending, pending.evaluation.isFinished { try resolve() }
  }

  /// Waits for the pending evaluation, shows everything that waits and writes out the metric
  /// lines held in memory.
  func drain() throws {
    if pending != nil { try resolve() }
    try monitor.flush()
  }

  private func resolve() throws {
    guard let (evaluation, event) = pending else { return }
    pending = nil
    let events = waiting
    waiting = []
    try event(&monitor, evaluation.result())
    for next in events { try next(&monitor) }
  }
}
