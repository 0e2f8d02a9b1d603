// Copyright © 2026 the Anneal authors.

#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Builds a Hugging Face `transformers` schedule (PyTorch side: `transformers.get_scheduler`)
/// as a ``LambdaLR`` with the same factor, computed with the same Python float operations.
///
/// Where `transformers` reads `optimizer.defaults["lr"]` (`polynomial`, `cosine_with_min_lr`
/// with `minLR`), the first group's initial learning rate is used.
///
/// - Throws: ``LRSchedulerError/invalidArgument(_:)`` with `transformers`' messages when a
///   required number of steps or option is missing.
public func getScheduler(
  _ schedule: TransformersSchedule, optimizer: any SchedulableOptimizer, warmupSteps: Int? = nil,
  totalSteps: Int? = nil, options: TransformersScheduleOptions = TransformersScheduleOptions(), lastEpoch: Int = -1
) throws(LRSchedulerError) -> LambdaLR {
  func lambda(_ factor: @escaping (Int) -> Double) throws(LRSchedulerError) -> LambdaLR {
    try LambdaLR(optimizer, lastEpoch: lastEpoch, lrLambda: factor)
  }
  if schedule == .constant { return try lambda { _ in 1 } }
  guard let warmup = warmupSteps else {
    throw .invalidArgument("\(schedule.rawValue) requires `num_warmup_steps`, please provide that argument.")
  }
  let w = Double(warmup)
  func warmupFactor(_ step: Int) -> Double { Double(step) / Double(max(1, warmup)) }
  switch schedule {
  case .constantWithWarmup:
    return try lambda { step in step < warmup ? Double(step) / max(1.0, w) : 1.0 }
  case .inverseSqrt:
    let timescale = options.timescale ?? (warmup != 0 ? warmup : 10_000)
    let shift = timescale - warmup
    return try lambda { step in
      step < warmup ? warmupFactor(step) : 1.0 / (Double(step + shift) / Double(timescale)).squareRoot()
    }
  case .warmupStableDecay:
    guard let decaySteps = options.numDecaySteps else {
      throw .invalidArgument("warmup_stable_decay requires num_decay_steps")
    }
    guard totalSteps != nil || options.numStableSteps != nil else {
      throw .invalidArgument("Either num_training_steps or num_stable_steps must be specified.")
    }
    let stable = options.numStableSteps ?? ((totalSteps ?? 0) - warmup - decaySteps)
    let (ratio, cycles) = (options.minLRRatio, options.numCycles ?? 0.5)
    let (warmupType, decayType) = (options.warmupType, options.decayType)
    return try lambda { step in
      if step < warmup {
        let progress = warmupFactor(step)
        let factor: Double
        switch warmupType {
        case .linear: factor = progress
        case .cosine: factor = 0.5 * (1.0 - cos(Double.pi * progress))
        case .oneMinusSqrt: factor = 1.0 - (1.0 - progress).squareRoot()
        }
        return max(0.0, factor * (1.0 - ratio) + ratio)
      }
      if step < warmup + stable { return 1.0 }
      if step < warmup + stable + decaySteps {
        let progress = Double(step - warmup - stable) / Double(max(1, decaySteps))
        let factor: Double
        switch decayType {
        case .linear: factor = 1.0 - progress
        case .cosine: factor = 0.5 * (1.0 + cos(Double.pi * cycles * 2.0 * progress))
        case .oneMinusSqrt: factor = 1.0 - progress.squareRoot()
        }
        return max(0.0, factor * (1.0 - ratio) + ratio)
      }
      return ratio
    }
  default:
    break
  }
  guard let total = totalSteps else {
    throw .invalidArgument("\(schedule.rawValue) requires `num_training_steps`, please provide that argument.")
  }
  func progress(_ step: Int) -> Double { Double(step - warmup) / Double(max(1, total - warmup)) }
  switch schedule {
  case .linear:
    return try lambda { step in
      step < warmup ? warmupFactor(step) : max(0.0, Double(total - step) / Double(max(1, total - warmup)))
    }
  case .cosine:
    let cycles = options.numCycles ?? 0.5
    return try lambda { step in
      step < warmup ? warmupFactor(step) : max(0.0, 0.5 * (1.0 + cos(Double.pi * cycles * 2.0 * progress(step))))
    }
  case .cosineWithRestarts:
    let cycles = options.numCycles ?? 1
    return try lambda { step in
      if step < warmup { return warmupFactor(step) }
      let p = progress(step)
      if p >= 1.0 { return 0.0 }
      return max(0.0, 0.5 * (1.0 + cos(Double.pi * PythonMath.mod(cycles * p, 1.0))))
    }
  case .polynomial:
    let initial = optimizer.schedulableGroups.first.map { $0.initialLR ?? $0.lr } ?? 0
    let (end, power) = (options.lrEnd, options.power)
    guard initial > end else { throw .invalidArgument("lr_end (\(end)) must be smaller than initial lr (\(initial))") }
    return try lambda { step in
      if step < warmup { return warmupFactor(step) }
      if step > total { return end / initial }
      let pctRemaining = 1 - Double(step - warmup) / Double(total - warmup)
      return ((initial - end) * pow(pctRemaining, power) + end) / initial
    }
  case .cosineWithMinLR:
    let initial = optimizer.schedulableGroups.first.map { $0.initialLR ?? $0.lr } ?? 0
    let rate: Double
    switch (options.minLR, options.minLRRate) {
    case (.some, .some): throw .invalidArgument("Only one of min_lr or min_lr_rate should be set")
    case (let minLR?, nil): rate = minLR / initial
    case (nil, let minLRRate?): rate = minLRRate
    case (nil, nil):
      throw .invalidArgument("One of min_lr or min_lr_rate should be set through the `lr_scheduler_kwargs`")
    }
    let cycles = options.numCycles ?? 0.5
    return try lambda { step in
      if step < warmup { return warmupFactor(step) }
      let factor = 0.5 * (1.0 + cos(Double.pi * cycles * 2.0 * progress(step)))
      return max(0, factor * (1 - rate) + rate)
    }
  default:
    preconditionFailure("unreachable schedule \(schedule)")
  }
}
