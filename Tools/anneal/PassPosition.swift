// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealLRScheduler

/// How far a training run has got through one pass over the data, enough to continue it
/// from a checkpoint: the generator state the pass began with, the batches drawn, and the sum
/// of their losses (the metric an epoch-stepped ReduceLROnPlateau receives).
struct PassPosition {
  /// The generator's state before the pass drew its permutation.
  var start: GeneratorState
  /// Batches drawn so far in this pass.
  var batch = 0
  /// Batches that updated the model (NaN batches skipped with `--on-nan skip` do not).
  var steps = 0
  /// The sum of those batches' losses.
  var lossSum = 0.0

  init(start: GeneratorState) {
    self.start = start
  }

  /// Reads a position saved as ``loop``; `nil` if it is malformed or lies outside a pass of
  /// `batchesPerPass` batches.
  init?(start: GeneratorState, loop: StateDict, batchesPerPass: Int) {
    guard let batch = loop["batch"]?.intValue, let steps = loop["steps"]?.intValue,
      let lossSum = loop["lossSum"]?.doubleValue,
      (0...batchesPerPass).contains(batch), (0...batch).contains(steps)
    else { return nil }
    self.start = start
    self.batch = batch
    self.steps = steps
    self.lossSum = lossSum
  }

  /// The position as training-loop state for a checkpoint.
  var loop: StateDict {
    ["batch": .int(batch), "steps": .int(steps), "lossSum": .double(lossSum)]
  }
}
