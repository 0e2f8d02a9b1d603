// Copyright © 2026 the Anneal authors.

/// One run of a comparison: a configuration (a schedule, an optimizer) trained with one seed,
/// as the curves it produced.
///
/// PyTorch has no counterpart: it is what a user collects by hand from several training
/// scripts' logs to decide which schedule to keep.
public struct ComparisonRun: Sendable, Hashable, Codable {
  /// An iteration's training loss and the learning rate its step used.
  public struct Step: Sendable, Hashable, Codable {
    /// The iteration, counted from 1.
    public var iteration: Int
    /// The batch's loss.
    public var loss: Double
    /// The first param group's learning rate in that step.
    public var learningRate: Double

    /// A step's record.
    public init(iteration: Int, loss: Double, learningRate: Double) {
      self.iteration = iteration
      self.loss = loss
      self.learningRate = learningRate
    }
  }

  /// An evaluation's accuracy, in percent.
  public struct Evaluation: Sendable, Hashable, Codable {
    /// The iteration after which it ran.
    public var iteration: Int
    /// The accuracy in percent.
    public var accuracy: Double

    /// An evaluation's record.
    public init(iteration: Int, accuracy: Double) {
      self.iteration = iteration
      self.accuracy = accuracy
    }
  }

  /// The configuration's name, as the comparison shows it.
  public var configuration: String
  /// The seed (PyTorch: `torch.manual_seed`).
  public var seed: UInt64
  /// Every iteration that stepped, in order.
  public var steps: [Step]
  /// Every evaluation, in order.
  public var evaluations: [Evaluation]
  /// The run's wall-clock time in seconds, from start to exit.
  public var wallTime: Double

  /// A run's record.
  public init(configuration: String, seed: UInt64, steps: [Step], evaluations: [Evaluation], wallTime: Double) {
    self.configuration = configuration
    self.seed = seed
    self.steps = steps
    self.evaluations = evaluations
    self.wallTime = wallTime
  }

  /// The last evaluation's accuracy.
  public var finalAccuracy: Double? { evaluations.last?.accuracy }

  /// The evaluation with the highest accuracy (the earliest of equals).
  public var bestEvaluation: Evaluation? {
    evaluations.reduce(nil) { best, next in
      guard let best else { return next }
      return next.accuracy > best.accuracy ? next : best
    }
  }

  /// The last iteration's loss.
  public var finalLoss: Double? { steps.last?.loss }

  /// The lowest and highest learning rate the steps used.
  public var learningRateRange: ClosedRange<Double>? {
    let rates = steps.map(\.learningRate).filter(\.isFinite)
    guard let low = rates.min(), let high = rates.max() else { return nil }
    return low...high
  }
}
