// Copyright © 2026 the Anneal authors.

/// Keras's polynomial decay, with its `cycle` option that PyTorch's ``PolynomialLR`` lacks
/// (Keras: `keras.optimizers.schedules.PolynomialDecay`).
///
/// Stateless in the step `t` like every Keras schedule (Keras calls it with
/// `optimizer.iterations`): construction sets `t = 0`, each ``step()`` adds one. With `base`
/// the group's initial learning rate (Keras: `initial_learning_rate`),
///
/// ```
/// cycle:     decaySteps · max(1, ⌈t / decaySteps⌉) replaces decaySteps    (restarts, each longer)
/// otherwise: t is clamped to decaySteps                                    (stays at the end rate)
/// lr = (base − endLearningRate) · (1 − t / decaySteps)^power + endLearningRate
/// ```
///
/// Values are computed in `Double`; Keras computes in its `floatx` (`float32` by default), so
/// they match Keras run with `keras.config.set_floatx("float64")`.
public final class PolynomialDecay: EpochLRScheduler {
  public let optimizer: any SchedulableOptimizer
  /// The steps of one decay (Keras: `decay_steps`).
  public let decaySteps: Int
  /// The rate at the end of a decay (Keras: `end_learning_rate`). The default value is `0.0001`.
  public let endLearningRate: Double
  /// The polynomial's power (Keras: `power`). The default value is `1`.
  public let power: Double
  /// Whether to restart after `decaySteps`, with a longer decay each time (Keras: `cycle`).
  /// The default value is `false`.
  public let cycle: Bool
  public var progress: LRSchedulerProgress

  /// Creates the schedule; every default is Keras's.
  ///
  /// - Throws: ``LRSchedulerError/invalidArgument(_:)`` unless `decaySteps` is positive.
  public init(
    _ optimizer: any SchedulableOptimizer, decaySteps: Int, endLearningRate: Double = 0.0001, power: Double = 1,
    cycle: Bool = false
  ) throws(LRSchedulerError) {
    guard decaySteps > 0 else { throw .invalidArgument("decay_steps must be positive, got \(decaySteps)") }
    self.optimizer = optimizer
    self.decaySteps = decaySteps
    self.endLearningRate = endLearningRate
    self.power = power
    self.cycle = cycle
    progress = try Self.prepareAtStepZero(optimizer)
    apply(values(at: 0))
  }

  public func chainableLR() -> [Double] { values(at: lastEpoch) }

  public func closedFormLR() -> [Double]? { values(at: lastEpoch) }

  /// The rates at step `t`, in Keras's order of operations.
  public func values(at t: Int) -> [Double] {
    var step = Double(t)
    var steps = Double(decaySteps)
    if cycle {
      steps = steps * (step == 0 ? 1 : PythonMath.ceil(step / Double(decaySteps)))
    } else {
      step = min(step, steps)
    }
    let p = step / steps
    return progress.baseLRs.map { base in (base - endLearningRate) * PythonMath.pow(1 - p, power) + endLearningRate }
  }

  public var hyperparameterState: StateDict {
    [
      "decay_steps": .int(decaySteps), "end_learning_rate": .double(endLearningRate), "power": .double(power),
      "cycle": .bool(cycle),
    ]
  }

  public func restoreHyperparameters(from state: StateDict) throws(LRSchedulerError) {
    guard try restored(state.int("decay_steps")) == decaySteps, try restored(state.bool("cycle")) == cycle else {
      throw .stateMismatch("a different decay_steps or cycle")
    }
  }
}
