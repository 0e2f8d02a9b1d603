// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealState

/// How far a training run has got through one pass over the data, enough to continue it from
/// a checkpoint written within an epoch: the generator state the pass began with (restoring
/// it, starting the pass and skipping ``batch`` batches gives the rest of the epoch's
/// batches), the batches drawn, and the sum of the losses of those that updated the model
/// (the metric an epoch-stepped `ReduceLROnPlateau` receives).
public struct EpochPosition: Sendable, Equatable {
  /// The generator's state before the pass drew its permutation.
  public var start: GeneratorState
  /// Batches drawn so far in this pass.
  public var batch: Int
  /// Batches that updated the model (skipped non-finite batches do not).
  public var steps: Int
  /// The sum of those batches' losses.
  public var lossSum: Double

  /// A position at the start of a pass that begins with the generator in state `start`.
  public init(start: GeneratorState, batch: Int = 0, steps: Int = 0, lossSum: Double = 0) {
    self.start = start
    self.batch = batch
    self.steps = steps
    self.lossSum = lossSum
  }

  /// The mean loss of the pass's steps so far (0 before the first).
  public var meanLoss: Double { lossSum / Double(max(steps, 1)) }

  /// Whether the position can lie in a pass of `batchesPerPass` batches.
  public func fits(batchesPerPass: Int) -> Bool {
    (0...max(batchesPerPass, 0)).contains(batch) && (0...batch).contains(steps)
  }

  /// Reads a position saved by ``state``; `nil` if it is malformed.
  init?(start: GeneratorState, state: StateDict) {
    guard let batch = state["batch"]?.intValue, let steps = state["steps"]?.intValue,
      let lossSum = state["lossSum"]?.doubleValue, batch >= 0, (0...batch).contains(steps)
    else { return nil }
    self.init(start: start, batch: batch, steps: steps, lossSum: lossSum)
  }

  /// The position without its generator state, as saved in a checkpoint.
  var state: StateDict { ["batch": .int(batch), "steps": .int(steps), "lossSum": .double(lossSum)] }
}
