// Copyright © 2026 the Anneal authors.

extension SchedulerSpec {
  /// The schedulers a spec can name, with their PyTorch parameter names in PyTorch's order.
  static let builders:
    [String: (
      parameters: [String],
      make: @Sendable (SpecArguments, any SchedulableOptimizer) throws(SpecError) -> any LRScheduler
    )] = [
      "StepLR": (
        ["step_size", "gamma", "last_epoch"],
        { (args, optimizer) throws(SpecError) in
          let stepSize = try args.int("step_size")
          let gamma = try args.double("gamma", default: 0.1)
          let lastEpoch = try args.int("last_epoch", default: -1)
          return try build(args.scheduler) { () throws(LRSchedulerError) in
            try StepLR(optimizer, stepSize: stepSize, gamma: gamma, lastEpoch: lastEpoch)
          }
        }
      )
    ]

  /// PyTorch scheduler names that this version does not build yet.
  static let pending: Set<String> = [
    "LambdaLR", "MultiplicativeLR", "MultiStepLR", "ConstantLR", "LinearLR", "ExponentialLR",
    "PolynomialLR", "CosineAnnealingLR", "CosineAnnealingWarmRestarts", "CyclicLR", "OneCycleLR",
    "ReduceLROnPlateau", "SequentialLR", "ChainedScheduler", "SWALR",
  ]

  /// The names ``makeScheduler(_:)`` accepts.
  public static var supportedNames: [String] { builders.keys.sorted() }

  /// Builds the scheduler this spec describes on `optimizer`; like the PyTorch constructor,
  /// this takes the scheduler's first step and so sets the optimizer's learning rates.
  ///
  /// - Throws: ``SpecError`` for an unknown scheduler or argument, a missing or ill-typed
  ///   argument, or a value the constructor rejects.
  public func makeScheduler(_ optimizer: any SchedulableOptimizer) throws(SpecError) -> any LRScheduler {
    let bareName = name.split(separator: ".").last.map(String.init) ?? name
    guard let builder = Self.builders[bareName] else {
      if Self.pending.contains(bareName) { throw .unsupportedScheduler(bareName) }
      throw .unknownScheduler(
        name, suggestion: EditDistance.suggestion(for: bareName, in: Self.builders.keys.sorted() + Self.pending))
    }
    var named = self
    named.name = bareName
    let arguments = try SpecArguments(named, parameters: builder.parameters)
    return try builder.make(arguments, optimizer)
  }

  /// Checks names, arguments and values by building the scheduler on a throwaway optimizer
  /// with one group, so that a command-line tool can reject a bad spec before slow work.
  public func validate() throws(SpecError) {
    _ = try makeScheduler(ValidationOptimizer())
  }

  private final class ValidationOptimizer: SchedulableOptimizer {
    var schedulableGroups = [SchedulableGroup(lr: 0.1, momentum: 0.9)]
  }

  private static func build(
    _ scheduler: String, _ body: () throws(LRSchedulerError) -> any LRScheduler
  ) throws(SpecError) -> any LRScheduler {
    do {
      return try body()
    } catch {
      throw .rejected(scheduler: scheduler, error)
    }
  }
}
