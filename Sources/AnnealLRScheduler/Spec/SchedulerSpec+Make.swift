// Copyright © 2026 the Anneal authors.

extension SchedulerSpec {
  typealias Builder = @Sendable (SpecArguments, any SchedulableOptimizer) throws(SpecError) -> any LRScheduler

  /// The schedulers a spec can name, with their PyTorch parameter names in PyTorch's order.
  static let builders: [String: (parameters: [String], make: Builder)] = [
    "LambdaLR": (["lr_lambda", "last_epoch"], makeLambdaLR),
    "MultiplicativeLR": (["lr_lambda", "last_epoch"], makeMultiplicativeLR),
    "StepLR": (["step_size", "gamma", "last_epoch"], makeStepLR),
    "MultiStepLR": (["milestones", "gamma", "last_epoch"], makeMultiStepLR),
    "ConstantLR": (["factor", "total_iters", "last_epoch"], makeConstantLR),
    "LinearLR": (["start_factor", "end_factor", "total_iters", "last_epoch"], makeLinearLR),
    "ExponentialLR": (["gamma", "last_epoch"], makeExponentialLR),
    "PolynomialLR": (["total_iters", "power", "last_epoch"], makePolynomialLR),
    "CosineAnnealingLR": (["T_max", "eta_min", "last_epoch"], makeCosineAnnealingLR),
    "CosineAnnealingWarmRestarts": (["T_0", "T_mult", "eta_min", "last_epoch"], makeWarmRestarts),
    "CyclicLR": (
      [
        "base_lr", "max_lr", "step_size_up", "step_size_down", "mode", "gamma", "scale_fn", "scale_mode",
        "cycle_momentum", "base_momentum", "max_momentum", "last_epoch",
      ], makeCyclicLR
    ),
    "OneCycleLR": (
      [
        "max_lr", "total_steps", "epochs", "steps_per_epoch", "pct_start", "anneal_strategy", "cycle_momentum",
        "base_momentum", "max_momentum", "div_factor", "final_div_factor", "three_phase", "last_epoch",
      ], makeOneCycleLR
    ),
    "ReduceLROnPlateau": (
      ["mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "min_lr", "eps"], makePlateau
    ),
    "SequentialLR": (["schedulers", "milestones", "last_epoch"], makeSequentialLR),
    "ChainedScheduler": (["schedulers", "optimizer"], makeChainedScheduler),
    "SWALR": (["swa_lr", "anneal_epochs", "anneal_strategy", "last_epoch"], makeSWALR),
    "CosineLRScheduler": (
      [
        "t_initial", "lr_min", "cycle_mul", "cycle_decay", "cycle_limit", "warmup_t", "warmup_lr_init",
        "warmup_prefix", "t_in_epochs", "noise_range_t", "noise_pct", "noise_std", "noise_seed", "k_decay",
      ], makeTimmCosine
    ),
    "WarmupLR": (["scheduler", "warmup_t", "warmup_lr_init", "warmup_prefix", "warmup_type"], makeWarmupLR),
    "PolynomialDecay": (["decay_steps", "end_learning_rate", "power", "cycle"], makeKerasPolynomialDecay),
    "get_scheduler": (
      [
        "name", "num_warmup_steps", "num_training_steps", "num_cycles", "lr_end", "power", "timescale", "min_lr",
        "min_lr_rate", "num_stable_steps", "num_decay_steps", "warmup_type", "decay_type", "min_lr_ratio",
        "last_epoch",
      ], makeTransformersSchedule
    ),
  ]

  /// The names `makeScheduler(_:)` accepts.
  public static var supportedNames: [String] { builders.keys.sorted() }

  /// Builds the scheduler this spec describes on `optimizer`; like the PyTorch constructor,
  /// this takes the scheduler's first step and so sets the optimizer's learning rates.
  /// Nested schedulers (`SequentialLR(schedulers=[…])`) are built first, in order, on the same
  /// optimizer, as a Python script builds them.
  ///
  /// - Parameters:
  ///   - noiseSource: The random numbers of timm's learning-rate noise
  ///     (`noise_range_t`); `AnnealOptim`'s `TorchNoise()` draws them as PyTorch does. Only specs
  ///     with noise need one.
  ///   - optimizer: The optimizer whose groups the scheduler drives.
  /// - Throws: ``SpecError`` for an unknown scheduler or argument, a missing or ill-typed
  ///   argument, or a value the constructor rejects.
  public func makeScheduler(
    _ optimizer: any SchedulableOptimizer, noiseSource: (any LRNoiseSource)? = nil
  ) throws(SpecError) -> any LRScheduler {
    let bareName = name.split(separator: ".").last.map(String.init) ?? name
    guard let builder = Self.builders[bareName] else {
      throw .unknownScheduler(name, suggestion: EditDistance.suggestion(for: bareName, in: Self.supportedNames))
    }
    var named = self
    named.name = bareName
    var arguments = try SpecArguments(named, parameters: builder.parameters)
    arguments.noiseSource = noiseSource
    return try builder.make(arguments, optimizer)
  }

  /// Checks names, arguments and values by building the scheduler on a throwaway optimizer
  /// with `groups` groups, so that a command-line tool can reject a bad spec before slow work.
  public func validate(groups: Int = 1) throws(SpecError) {
    _ = try makeScheduler(ValidationOptimizer(groups: groups), noiseSource: ValidationNoise())
  }

  private struct ValidationNoise: LRNoiseSource {
    func normals(seed: UInt64) -> () -> Double { { 0 } }
    func uniform(seed: UInt64) -> Double { 0.5 }
  }

  private final class ValidationOptimizer: SchedulableOptimizer {
    var schedulableGroups: [SchedulableGroup]
    init(groups: Int) { schedulableGroups = Array(repeating: SchedulableGroup(lr: 0.1, momentum: 0.9), count: groups) }
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

  private static func choice<T: RawRepresentable<String>>(
    _ text: String, _ type: T.Type, _ args: SpecArguments, _ message: String
  ) throws(SpecError) -> T {
    guard let value = T(rawValue: text) else { throw .rejected(scheduler: args.scheduler, .invalidArgument(message)) }
    return value
  }

  // MARK: - Builders

  /// The `lr_lambda` functions, one per group; an expression that raises where Python would
  /// fails the step that evaluates it with `lr_lambda '…' raised ZeroDivisionError: …`.
  private static func lambdas(
    _ args: SpecArguments, _ optimizer: any SchedulableOptimizer
  ) throws(SpecError) -> [(Int) throws(LRSchedulerError) -> Double] {
    guard let expressions = try args.expressions("lr_lambda", variable: "epoch") else {
      throw .missingArgument(scheduler: args.scheduler, argument: "lr_lambda")
    }
    let functions = expressions.map(lambda)
    if case .list = args.raw("lr_lambda") { return functions }
    return Array(repeating: functions[0], count: optimizer.schedulableGroups.count)
  }

  private static func lambda(_ expression: PythonExpression) -> (Int) throws(LRSchedulerError) -> Double {
    { (epoch: Int) throws(LRSchedulerError) -> Double in try value(of: expression, at: epoch) }
  }

  private static func value(of expression: PythonExpression, at epoch: Int) throws(LRSchedulerError) -> Double {
    let result: Result<Double, PythonExpression.EvaluationError> = Result {
      () throws(PythonExpression.EvaluationError) in
      try expression(epoch)
    }
    switch result {
    case .success(let value): return value
    case .failure(let error): throw .invalidArgument("lr_lambda \(error)")
    }
  }

  private static let makeLambdaLR: Builder = { (args, optimizer) throws(SpecError) in
    let functions = try lambdas(args, optimizer)
    let lastEpoch = try args.int("last_epoch", default: -1)
    return try build(args.scheduler) { () throws(LRSchedulerError) in
      try LambdaLR(optimizer, throwingLRLambdas: functions, lastEpoch: lastEpoch)
    }
  }

  private static let makeMultiplicativeLR: Builder = { (args, optimizer) throws(SpecError) in
    let functions = try lambdas(args, optimizer)
    let lastEpoch = try args.int("last_epoch", default: -1)
    return try build(args.scheduler) { () throws(LRSchedulerError) in
      try MultiplicativeLR(optimizer, throwingLRLambdas: functions, lastEpoch: lastEpoch)
    }
  }

  private static let makeStepLR: Builder = { (args, optimizer) throws(SpecError) in
    let (stepSize, gamma) = (try args.int("step_size"), try args.double("gamma", default: 0.1))
    let lastEpoch = try args.int("last_epoch", default: -1)
    return try build(args.scheduler) { () throws(LRSchedulerError) in
      try StepLR(optimizer, stepSize: stepSize, gamma: gamma, lastEpoch: lastEpoch)
    }
  }

  private static let makeMultiStepLR: Builder = { (args, optimizer) throws(SpecError) in
    let (milestones, gamma) = (try args.ints("milestones"), try args.double("gamma", default: 0.1))
    let lastEpoch = try args.int("last_epoch", default: -1)
    return try build(args.scheduler) { () throws(LRSchedulerError) in
      try MultiStepLR(optimizer, milestones: milestones, gamma: gamma, lastEpoch: lastEpoch)
    }
  }

  private static let makeConstantLR: Builder = { (args, optimizer) throws(SpecError) in
    let (factor, totalIters) = (try args.double("factor", default: 1.0 / 3), try args.int("total_iters", default: 5))
    let lastEpoch = try args.int("last_epoch", default: -1)
    return try build(args.scheduler) { () throws(LRSchedulerError) in
      try ConstantLR(optimizer, factor: factor, totalIters: totalIters, lastEpoch: lastEpoch)
    }
  }

  private static let makeLinearLR: Builder = { (args, optimizer) throws(SpecError) in
    let start = try args.double("start_factor", default: 1.0 / 3)
    let end = try args.double("end_factor", default: 1.0)
    let totalIters = try args.int("total_iters", default: 5)
    let lastEpoch = try args.int("last_epoch", default: -1)
    return try build(args.scheduler) { () throws(LRSchedulerError) in
      try LinearLR(optimizer, startFactor: start, endFactor: end, totalIters: totalIters, lastEpoch: lastEpoch)
    }
  }

  private static let makeExponentialLR: Builder = { (args, optimizer) throws(SpecError) in
    let (gamma, lastEpoch) = (try args.double("gamma"), try args.int("last_epoch", default: -1))
    return try build(args.scheduler) { () throws(LRSchedulerError) in
      try ExponentialLR(optimizer, gamma: gamma, lastEpoch: lastEpoch)
    }
  }

  private static let makePolynomialLR: Builder = { (args, optimizer) throws(SpecError) in
    let (totalIters, power) = (try args.int("total_iters", default: 5), try args.double("power", default: 1.0))
    let lastEpoch = try args.int("last_epoch", default: -1)
    return try build(args.scheduler) { () throws(LRSchedulerError) in
      try PolynomialLR(optimizer, totalIters: totalIters, power: power, lastEpoch: lastEpoch)
    }
  }

  private static let makeCosineAnnealingLR: Builder = { (args, optimizer) throws(SpecError) in
    let (tMax, etaMin) = (try args.double("T_max"), try args.double("eta_min", default: 0))
    let lastEpoch = try args.int("last_epoch", default: -1)
    return try build(args.scheduler) { () throws(LRSchedulerError) in
      try CosineAnnealingLR(optimizer, tMax: tMax, etaMin: etaMin, lastEpoch: lastEpoch)
    }
  }

  private static let makeWarmRestarts: Builder = { (args, optimizer) throws(SpecError) in
    guard case .number(let value, true)? = args.raw("T_0"), value > 0, let t0 = Int(exactly: value) else {
      if args.raw("T_0") == nil { throw .missingArgument(scheduler: args.scheduler, argument: "T_0") }
      throw .rejected(
        scheduler: args.scheduler,
        .invalidArgument("Expected positive integer T_0, but got \(args.raw("T_0") ?? .none)"))
    }
    if let tMult = args.raw("T_mult"), !(tMult.isInteger && (tMult.number ?? 0) >= 1) {
      throw .rejected(scheduler: args.scheduler, .invalidArgument("Expected integer T_mult >= 1, but got \(tMult)"))
    }
    let tMult = try args.int("T_mult", default: 1)
    let etaMin = try args.double("eta_min", default: 0)
    let lastEpoch = try args.int("last_epoch", default: -1)
    return try build(args.scheduler) { () throws(LRSchedulerError) in
      try CosineAnnealingWarmRestarts(optimizer, t0: t0, tMult: tMult, etaMin: etaMin, lastEpoch: lastEpoch)
    }
  }

  private static let makeCyclicLR: Builder = { (args, optimizer) throws(SpecError) in
    let baseLR = try args.groupValues("base_lr")
    let maxLR = try args.groupValues("max_lr")
    let up = try args.double("step_size_up", default: 2000)
    let down = args.has("step_size_down") ? try args.double("step_size_down") : nil
    let scaleFunction = try args.expressions("scale_fn", variable: "x")?.first
    let modeText = try args.string("mode", default: "triangular")
    guard let mode = CyclicLR.Mode(rawValue: modeText) ?? (scaleFunction != nil ? .triangular : nil) else {
      throw .rejected(scheduler: args.scheduler, .invalidArgument("mode is invalid and scale_fn is None"))
    }
    let gamma = try args.double("gamma", default: 1.0)
    let scaleMode = try choice(
      try args.string("scale_mode", default: "cycle"), CyclicLR.ScaleMode.self, args,
      "scale_mode must be 'cycle' or 'iterations'")
    let cycleMomentum = try args.bool("cycle_momentum", default: true)
    let baseMomentum = try args.groupValues("base_momentum", default: 0.8)
    let maxMomentum = try args.groupValues("max_momentum", default: 0.9)
    let lastEpoch = try args.int("last_epoch", default: -1)
    return try build(args.scheduler) { () throws(LRSchedulerError) in
      try CyclicLR(
        optimizer, baseLR: baseLR, maxLR: maxLR, stepSizeUp: up, stepSizeDown: down, mode: mode, gamma: gamma,
        scaleFunction: scaleFunction.map { f in { (try? f($0)) ?? .nan } }, scaleMode: scaleMode,
        cycleMomentum: cycleMomentum,
        baseMomentum: baseMomentum, maxMomentum: maxMomentum, lastEpoch: lastEpoch)
    }
  }

  private static let makeOneCycleLR: Builder = { (args, optimizer) throws(SpecError) in
    let maxLR = try args.groupValues("max_lr")
    for name in ["total_steps", "epochs", "steps_per_epoch"] where args.has(name) {
      guard case .number(_, true)? = args.raw(name) else {
        throw .rejected(
          scheduler: args.scheduler,
          .invalidArgument("Expected positive integer \(name), but got \(args.raw(name) ?? .none)"))
      }
    }
    let totalSteps = try args.optionalInt("total_steps")
    let epochs = try args.optionalInt("epochs")
    let stepsPerEpoch = try args.optionalInt("steps_per_epoch")
    let pctStart = try args.strictFloat("pct_start", default: 0.3) {
      "Expected float between 0 and 1 pct_start, but got \($0)"
    }
    let strategyText = try args.string("anneal_strategy", default: "cos")
    let cycleMomentum = try args.bool("cycle_momentum", default: true)
    let baseMomentum = try args.groupValues("base_momentum", default: 0.85)
    let maxMomentum = try args.groupValues("max_momentum", default: 0.95)
    let divFactor = try args.double("div_factor", default: 25.0)
    let finalDivFactor = try args.double("final_div_factor", default: 1e4)
    let threePhase = try args.bool("three_phase", default: false)
    let lastEpoch = try args.int("last_epoch", default: -1)
    if totalSteps == nil && (epochs == nil || stepsPerEpoch == nil) {
      throw .rejected(
        scheduler: args.scheduler,
        .invalidArgument("You must define either total_steps OR (epochs AND steps_per_epoch)"))
    }
    let strategy = try choice(
      strategyText, OneCycleLR.AnnealStrategy.self, args,
      "anneal_strategy must be one of 'cos' or 'linear', instead got \(strategyText)")
    return try build(args.scheduler) { () throws(LRSchedulerError) in
      try OneCycleLR(
        optimizer, maxLR: maxLR, totalSteps: totalSteps, epochs: epochs, stepsPerEpoch: stepsPerEpoch,
        pctStart: pctStart, annealStrategy: strategy, cycleMomentum: cycleMomentum, baseMomentum: baseMomentum,
        maxMomentum: maxMomentum, divFactor: divFactor, finalDivFactor: finalDivFactor, threePhase: threePhase,
        lastEpoch: lastEpoch)
    }
  }

  private static let makePlateau: Builder = { (args, optimizer) throws(SpecError) in
    let modeText = try args.string("mode", default: "min")
    let factor = try args.double("factor", default: 0.1)
    let patience = try args.int("patience", default: 10)
    let threshold = try args.double("threshold", default: 1e-4)
    let thresholdText = try args.string("threshold_mode", default: "rel")
    let cooldown = try args.int("cooldown", default: 0)
    let minLR = try args.groupValues("min_lr", default: 0)
    let eps = try args.double("eps", default: 1e-8)
    if factor >= 1 { throw .rejected(scheduler: args.scheduler, .invalidArgument("Factor should be < 1.0.")) }
    let mode = try choice(modeText, ReduceLROnPlateau.Mode.self, args, "mode \(modeText) is unknown!")
    let thresholdMode = try choice(
      thresholdText, ReduceLROnPlateau.ThresholdMode.self, args, "threshold mode \(thresholdText) is unknown!")
    return try build(args.scheduler) { () throws(LRSchedulerError) in
      try ReduceLROnPlateau(
        optimizer, mode: mode, factor: factor, patience: patience, threshold: threshold,
        thresholdMode: thresholdMode, cooldown: cooldown, minLR: minLR, eps: eps)
    }
  }

  private static let makeSequentialLR: Builder = { (args, optimizer) throws(SpecError) in
    let specs = try args.specs("schedulers")
    let milestones = try args.ints("milestones")
    let lastEpoch = try args.int("last_epoch", default: -1)
    var children: [any LRScheduler] = []
    for spec in specs { children.append(try spec.makeScheduler(optimizer, noiseSource: args.noiseSource)) }
    let built = children
    return try build(args.scheduler) { () throws(LRSchedulerError) in
      try SequentialLR(optimizer, schedulers: built, milestones: milestones, lastEpoch: lastEpoch)
    }
  }

  private static let makeChainedScheduler: Builder = { (args, optimizer) throws(SpecError) in
    let specs = try args.specs("schedulers")
    var children: [any LRScheduler] = []
    for spec in specs { children.append(try spec.makeScheduler(optimizer, noiseSource: args.noiseSource)) }
    let built = children
    return try build(args.scheduler) { () throws(LRSchedulerError) in try ChainedScheduler(built, optimizer: optimizer)
    }
  }

  private static let makeSWALR: Builder = { (args, optimizer) throws(SpecError) in
    let swaLR = try args.groupValues("swa_lr")
    let annealEpochs = try args.int("anneal_epochs", default: 10)
    let strategyText = try args.string("anneal_strategy", default: "cos")
    let lastEpoch = try args.int("last_epoch", default: -1)
    let strategy = try choice(
      strategyText, SWALR.AnnealStrategy.self, args,
      "anneal_strategy must be one of 'cos' or 'linear', instead got \(strategyText)")
    return try build(args.scheduler) { () throws(LRSchedulerError) in
      try SWALR(optimizer, swaLR: swaLR, annealEpochs: annealEpochs, annealStrategy: strategy, lastEpoch: lastEpoch)
    }
  }
}

extension SchedulerSpec {
  /// `get_scheduler(name='cosine', num_warmup_steps=…, num_training_steps=…, <scheduler_specific_kwargs>)`,
  /// `transformers`' factory with its schedule-specific arguments given flat.
  private static let makeTransformersSchedule: Builder = { (args, optimizer) throws(SpecError) in
    let nameText = try args.string("name", default: "")
    guard let schedule = TransformersSchedule(rawValue: nameText) else {
      throw .invalidValue(
        scheduler: args.scheduler, argument: "name",
        message:
          "must be one of \(TransformersSchedule.allCases.map(\.rawValue).joined(separator: ", ")), got '\(nameText)'")
    }
    var options = TransformersScheduleOptions()
    if args.has("num_cycles") { options.numCycles = try args.double("num_cycles") }
    options.lrEnd = try args.double("lr_end", default: 1e-7)
    options.power = try args.double("power", default: 1.0)
    options.timescale = try args.optionalInt("timescale")
    if args.has("min_lr") { options.minLR = try args.double("min_lr") }
    if args.has("min_lr_rate") { options.minLRRate = try args.double("min_lr_rate") }
    options.numStableSteps = try args.optionalInt("num_stable_steps")
    options.numDecaySteps = try args.optionalInt("num_decay_steps")
    for (key, keyPath) in [("warmup_type", \TransformersScheduleOptions.warmupType), ("decay_type", \.decayType)] {
      let text = try args.string(key, default: options[keyPath: keyPath].rawValue)
      guard let shape = WSDPhaseShape(rawValue: text) else {
        throw .invalidValue(scheduler: args.scheduler, argument: key, message: "must be 'linear', 'cosine' or '1-sqrt'")
      }
      options[keyPath: keyPath] = shape
    }
    options.minLRRatio = try args.double("min_lr_ratio", default: 0)
    let warmup = try args.optionalInt("num_warmup_steps")
    let total = try args.optionalInt("num_training_steps")
    let lastEpoch = try args.int("last_epoch", default: -1)
    let settings = options
    return try build(args.scheduler) { () throws(LRSchedulerError) in
      try getScheduler(
        schedule, optimizer: optimizer, warmupSteps: warmup, totalSteps: total, options: settings, lastEpoch: lastEpoch)
    }
  }
}

extension SchedulerSpec {
  /// timm's `CosineLRScheduler(t_initial=…, …)`.
  private static let makeTimmCosine: Builder = { (args, optimizer) throws(SpecError) in
    let tInitial = try args.int("t_initial")
    let lrMin = try args.double("lr_min", default: 0)
    let cycleMul = try args.double("cycle_mul", default: 1)
    let cycleDecay = try args.double("cycle_decay", default: 1)
    let cycleLimit = try args.int("cycle_limit", default: 1)
    let warmupT = try args.int("warmup_t", default: 0)
    let warmupLRInit = try args.double("warmup_lr_init", default: 0)
    let warmupPrefix = try args.bool("warmup_prefix", default: false)
    _ = try args.bool("t_in_epochs", default: true)
    let kDecay = try args.double("k_decay", default: 1)
    let noise = try timmNoise(args)
    return try build(args.scheduler) { () throws(LRSchedulerError) in
      try TimmCosineLR(
        optimizer, tInitial: tInitial, lrMin: lrMin, cycleMul: cycleMul, cycleDecay: cycleDecay, cycleLimit: cycleLimit,
        warmupT: warmupT, warmupLRInit: warmupLRInit, warmupPrefix: warmupPrefix, kDecay: kDecay, noise: noise)
    }
  }
}

extension SchedulerSpec {
  /// Keras's `PolynomialDecay(decay_steps=…, …)`; the initial rate is the optimizer's.
  private static let makeKerasPolynomialDecay: Builder = { (args, optimizer) throws(SpecError) in
    let decaySteps = try args.int("decay_steps")
    let end = try args.double("end_learning_rate", default: 0.0001)
    let power = try args.double("power", default: 1)
    let cycle = try args.bool("cycle", default: false)
    return try build(args.scheduler) { () throws(LRSchedulerError) in
      try PolynomialDecay(optimizer, decaySteps: decaySteps, endLearningRate: end, power: power, cycle: cycle)
    }
  }
}

extension SchedulerSpec {
  /// `WarmupLR(scheduler=CosineAnnealingLR(T_max=95), warmup_t=5, …)`: the wrapped scheduler is
  /// built first, as in a script.
  private static let makeWarmupLR: Builder = { (args, optimizer) throws(SpecError) in
    let inner = try args.spec("scheduler").makeScheduler(optimizer, noiseSource: args.noiseSource)
    let warmupT = try args.int("warmup_t")
    let warmupLRInit = try args.double("warmup_lr_init", default: 0)
    let warmupPrefix = try args.bool("warmup_prefix", default: false)
    let shape = try choice(
      try args.string("warmup_type", default: "linear"), WarmupShape.self, args,
      "warmup_type must be 'linear', 'cosine' or 'constant'")
    return try build(args.scheduler) { () throws(LRSchedulerError) in
      try WarmupLR(
        optimizer, scheduler: inner, warmupT: warmupT, warmupLRInit: warmupLRInit, warmupPrefix: warmupPrefix,
        shape: shape)
    }
  }
}

extension SchedulerSpec {
  /// timm's `noise_range_t` (a step, or `[start, end]`) and the other `noise_*` arguments.
  fileprivate static func timmNoise(_ args: SpecArguments) throws(SpecError) -> LRNoise? {
    guard args.has("noise_range_t") else { return nil }
    let range: [Int]
    if case .list? = args.raw("noise_range_t") {
      range = try args.ints("noise_range_t")
    } else {
      range = [try args.int("noise_range_t")]
    }
    guard range.count == 1 || range.count == 2 else {
      throw args.invalid("noise_range_t", "must be a step or a list of two steps")
    }
    guard let source = args.noiseSource else {
      throw args.invalid("noise_range_t", "needs a random source: pass noiseSource: TorchNoise() to makeScheduler")
    }
    return LRNoise(
      start: range[0], end: range.count == 2 ? range[1] : nil, pct: try args.double("noise_pct", default: 0.67),
      std: try args.double("noise_std", default: 1), seed: try args.int("noise_seed", default: 42), source: source)
  }
}

extension SpecValue {
  fileprivate var isInteger: Bool {
    if case .number(_, true) = self { return true }
    return false
  }

  fileprivate var number: Double? {
    if case .number(let x, _) = self { return x }
    return nil
  }
}
