// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealData
import AnnealLRScheduler
import AnnealNN
import AnnealOptim
import AnnealTraining
import ArgumentParser
import Foundation

/// One `anneal mnist` run: the tutorial's loop, plus checkpoints, resuming and weight files.
struct MNISTRun {
  let options: MNISTCommand

  func train() async throws {
    switch options.model {
    case .mlp: try await train(.mlp(hidden: options.hidden))
    case .cnn: try await train(.cnn)
    case .cnnBN: try await train(.cnnBN)
    }
  }

  private func train<Model: Module & Layer>(_ recipe: MNISTRecipe<Model>) async throws {
    // Parse the scheduler before the slow data load, so a typo fails at once.
    let spec = try SchedulerSpec(parsing: options.schedulerSpec)
    try spec.validate()
    let weightDecaySpec = try options.wdScheduler.map { text throws -> SchedulerSpec in
      let parsed = try SchedulerSpec(parsing: text)
      try parsed.validate()
      return parsed
    }
    let checkpoint = try options.resume.map { path throws -> TrainingCheckpoint in
      let checkpoint = try TrainingCheckpoint(contentsOf: path)
      // Checkpoints from before `--model` and `--wd-scheduler` existed hold the tutorial's
      // network and no weight-decay schedule.
      let absent = ["model": "mlp", "wd-scheduler": ""]
      for (key, value) in options.runIdentity where checkpoint.metadata[key] ?? absent[key] != value {
        throw CLIError(
          message:
            "\(path) was written with --\(key) \(Self.shown(checkpoint.metadata[key] ?? absent[key] ?? "?")), "
            + "this run uses \(Self.shown(value))")
      }
      // The checkpoint's optimizer state and generator replace these; a different value given
      // again would be silently ignored.
      for (key, given, _) in options.hyperparameters {
        guard let given, checkpoint.metadata[key] != given else { continue }
        let recorded = checkpoint.metadata[key].map { "was written with --\(key) \($0)" } ?? "does not record --\(key)"
        throw CLIError(
          message:
            "\(path) \(recorded); --resume continues with the checkpoint's optimizer settings and random state, "
            + "so --\(key) \(given) would be ignored: leave it out")
      }
      return checkpoint
    }
    let metadata =
      checkpoint?.metadata
      ?? options.runIdentity.merging(options.hyperparameters.map { ($0.key, $0.used) }) { $1 }
    // Every output is checked before the slow part, so that a typo in a path does not cost a run.
    try checkOutputs()
    if case .mlp = options.model { try checkMemory(hidden: options.hidden) }
    let log = try openLog(appending: checkpoint != nil)

    if case .blas(let blas) = GEMM.Backend.current, let warning = blas.narrowCoreWarning {
      Console.note("Note: \(warning)")
    }
    if case .blas = GEMM.Backend.current {
    } else if let note = SIMDKernel.selection.note {
      Console.note("Note: \(note)")
    }
    let (trainSet, testSet) = try await options.data.load(test: options.evalSplit == .test)
    let evalSet = testSet ?? trainSet

    manualSeed(options.seed ?? 0)
    let model = recipe.make(.default)
    if let path = options.initWeights { try model.load(safetensors: path) }
    let evaluator = BackgroundEvaluator(recipe)
    let parameters = model.parameters()  // reflected once: the model's layers do not change
    let optimizer = try makeOptimizer(parameters)
    // Schedule-free optimizers take gradients at y and are evaluated and saved at the average x:
    // train() now, eval() around each evaluation and before saving the weights.
    let scheduleFree = optimizer as? any ScheduleFreeOptimizer
    scheduleFree?.train()
    let schedules = try Schedules(
      lr: spec.makeScheduler(optimizer, noiseSource: TorchNoise()),
      weightDecay: weightDecaySpec.map { try scheduleWeightDecay(of: optimizer, with: $0) })
    let scheduler = schedules.lr

    // Both loaders shuffle, as in the tutorial, so the random stream matches PyTorch's.
    // Batches are gathered on the training thread (PyTorch's default, num_workers=0): a worker
    // gathering the next batch took a processor from the step's products just as they started,
    // while a large batch is now shared among the kernel threads. With Anneal's kernels on 2
    // processors, --batch-size 1000 took 7.8 s this way and 9.2 s with a worker (seed 1.36 s
    // and 1.49 s, --hidden 1024 8.1 s and 8.5 s).
    let trainLoader = DataLoader(trainSet, batchSize: options.budget.batchSize, shuffle: true, numWorkers: 0)
    let evalLoader = DataLoader(evalSet, batchSize: options.budget.batchSize, shuffle: true)
    let perEpoch = trainLoader.count
    let totalIterations = try options.budget.totalIterations(perEpoch: perEpoch)
    let epochCount = totalIterations / perEpoch + (totalIterations % perEpoch == 0 ? 0 : 1)
    try checkScheduleLength(
      spec, option: "--scheduler", options.schedulerSpec, optimizer, scheduler, totalIterations: totalIterations,
      perEpoch: perEpoch)
    if let (wdScheduler, view) = schedules.weightDecay, let weightDecaySpec, let text = options.wdScheduler {
      try checkScheduleLength(
        weightDecaySpec, option: "--wd-scheduler", text, view, wdScheduler, totalIterations: totalIterations,
        perEpoch: perEpoch)
    }
    if scheduler.requiresMetric {
      Console.note(
        options.stepEvery == .epoch
          ? "Note: \(spec.name) receives the mean training loss of each epoch as its metric"
          : "Note: \(spec.name) receives each iteration's training loss as its metric")
    }

    var iteration = 0
    var startEpoch = 0
    var resumePass: EpochPosition?
    let output = OrderedOutput(TrainingMonitor(outputs: log, totalIterations: totalIterations))
    // On an error, the lines of the iterations before it still come out first.
    defer { try? output.drain() }
    if let checkpoint {
      // A checkpoint written by this command is at `position.batch` of epoch `epoch`; anything
      // else is forged or damaged (and its counts could overflow below).
      if let position = checkpoint.position, !position.fits(batchesPerPass: perEpoch) {
        throw CLIError(message: "\(options.resume ?? "") holds a malformed position within its epoch")
      }
      guard Self.consistent(checkpoint, batchesPerEpoch: perEpoch) else {
        throw CLIError(
          message:
            "\(options.resume ?? "") holds a malformed position: epoch \(checkpoint.epoch) and iteration "
            + "\(checkpoint.iteration) do not fit \(perEpoch) batches per epoch")
      }
      do {
        try checkpoint.restore(
          model: model, optimizer: optimizer, scheduler: scheduler,
          hyperparameterSchedulers: schedules.hyperparameterSchedulers)
      } catch {
        throw CLIError(message: "\(options.resume ?? ""): \(error)")
      }
      iteration = checkpoint.iteration
      startEpoch = checkpoint.epoch
      resumePass = checkpoint.position
    }

    Interruption.install()
    // Training below runs on this thread without suspending, so the mode holds throughout.
    let previousFlushMode = isFlushingDenormals
    setFlushDenormal(options.flushDenormal)
    defer { setFlushDenormal(previousFlushMode) }
    for epoch in startEpoch..<max(epochCount, startEpoch + (resumePass == nil ? 0 : 1)) {
      var pass: EpochPosition
      var batches: DataLoader<MNIST>.Iterator
      if epoch == startEpoch, let resumed = resumePass {
        // Re-create the interrupted pass from the generator state it began with, then go on
        // from the generator state at the interruption.
        let current = Generator.default.getState()
        _ = Generator.default.setState(resumed.start)
        batches = trainLoader.makeIterator()
        batches.skip(resumed.batch)
        _ = Generator.default.setState(current)
        pass = resumed
      } else {
        let line = "Epoch: \(epoch), LR: \(PythonRepr.repr(scheduler.lastLR))"
        try output.emit { try $0.print(line) }
        pass = EpochPosition(start: Generator.default.getState())
        batches = trainLoader.makeIterator()
      }
      model.train()
      while iteration < totalIterations, let batch = batches.next() {
        let images = recipe.prepare(batch.inputs)
        optimizer.zeroGrad()
        let loss = recipe.loss(model(images), batch.labels)
        try loss.backward()
        iteration += 1
        pass.batch += 1
        if let fault = NonFinite.check(loss: loss, parameters: parameters) {
          let lrs = PythonRepr.repr(optimizer.schedulableGroups.map(\.lr))
          guard options.onNan == .skip else {
            try output.drain()
            throw CLIError(
              message:
                "iteration \(iteration): \(fault) at LR \(lrs); stopped without saving (--on-nan skip skips such batches)"
            )
          }
          let line = "Skipped iteration \(iteration): \(fault) at LR \(lrs)"
          try output.emit { try $0.print(line) }
          optimizer.zeroGrad()
        } else {
          optimizer.step()
          pass.lossSum += Double(loss.item())
          pass.steps += 1
          let groups = optimizer.schedulableGroups
          let decays = schedules.weightDecay?.view.values
          if options.stepEvery == .iteration { try schedules.step(metric: Double(loss.item())) }
          let (at, lossValue) = (iteration, Double(loss.item()))
          if iteration % options.evalEvery == 0 {
            // The order is drawn here, where an evaluation in place draws it; the evaluation
            // itself runs on another thread while training goes on.
            let order = evalLoader.sampleOrder()
            try output.evaluate({
              scheduleFree?.eval()
              defer { scheduleFree?.train() }
              return evaluator.evaluate(model, on: evalLoader.dataset, order: order)
            }) {
              monitor, accuracy in
              try monitor.print(
                "Iteration: \(at), Loss: \(Self.fixed(lossValue, digits: 4)), "
                  + "Accuracy: \(Self.fixed(Double(accuracy), digits: 2))%")
              try monitor.record(
                iteration: at, epoch: epoch, loss: lossValue, groups: groups, weightDecays: decays,
                accuracy: Double(accuracy))
            }
          } else {
            try output.emit {
              try $0.record(
                iteration: at, epoch: epoch, loss: lossValue, groups: groups, weightDecays: decays, accuracy: nil)
            }
          }
        }
        guard iteration < totalIterations else { break }
        if let signal = Interruption.received {
          try output.drain()
          let path = try saveInterrupted(
            snapshot(model, optimizer, schedules, epoch: epoch, iteration: iteration, pass: pass, metadata: metadata),
            signal: signal)
          output.monitor.note(
            "\(signal == SIGINT ? "Interrupted" : "Terminated") after iteration \(iteration); "
              + "saved \(path) (continue with --resume \(path))")
          throw ExitCode(128 + signal)
        }
        if let every = options.checkpointEvery, iteration % every == 0, let path = options.saveCheckpoint {
          try snapshot(model, optimizer, schedules, epoch: epoch, iteration: iteration, pass: pass, metadata: metadata)
            .write(to: path)
        }
      }
      if pass.batch < trainLoader.count {
        // The run ends within this epoch: keep the position so that it can be continued.
        if let path = options.saveCheckpoint {
          try snapshot(model, optimizer, schedules, epoch: epoch, iteration: iteration, pass: pass, metadata: metadata)
            .write(to: path)
        }
        break
      }
      if options.stepEvery == .epoch {
        try schedules.step(metric: pass.meanLoss)
      }
      if let path = options.saveCheckpoint {
        try snapshot(model, optimizer, schedules, epoch: epoch + 1, iteration: iteration, pass: nil, metadata: metadata)
          .write(to: path)
      }
    }
    if let path = options.saveModel {
      scheduleFree?.eval()
      try model.save(safetensors: path)
    }
    try output.drain()
    try output.monitor.finish()
    if let path = options.svg { try output.monitor.writeSVG(to: path) }
  }

  /// Whether a checkpoint's counts are those this command writes: `epoch` whole epochs and
  /// `position.batch` batches make `iteration`, without overflow.
  private static func consistent(_ checkpoint: TrainingCheckpoint, batchesPerEpoch: Int) -> Bool {
    let whole = checkpoint.epoch.multipliedReportingOverflow(by: batchesPerEpoch)
    guard !whole.overflow, checkpoint.epoch < Int.max else { return false }
    let total = whole.partialValue.addingReportingOverflow(checkpoint.position?.batch ?? 0)
    return !total.overflow && total.partialValue == checkpoint.iteration
  }

  /// How long metric lines may wait in memory before they are written to `--log`, `--csv` and
  /// `--tensorboard`.
  /// A system call per line, each waking `anneal compare` as it reads its runs' tables, was
  /// more than half of a comparison's time in the kernel (0.59 → 0.26 of ~7 CPU-s for four
  /// seed runs).
  private static let metricsFlushInterval = Duration.milliseconds(100)

  /// Opens `--log` before the run (appending when it continues another).
  private func openLog(appending: Bool) throws(CLIError) -> TrainingMonitor.Outputs {
    do {
      var outputs = TrainingMonitor.Outputs()
      outputs.log = try options.log.map { path throws(FileSystemError) in
        try OutputFile(path: path, appending: appending, flushInterval: Self.metricsFlushInterval)
      }
      if let path = options.csv {
        // A resumed run continues the table; the header is written once, into an empty file.
        let empty = !appending || ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) == 0
        outputs.csv = try OutputFile(path: path, appending: appending, flushInterval: Self.metricsFlushInterval)
        outputs.csvNeedsHeader = empty
      }
      outputs.tensorboard = try options.tensorboard.map { path throws(FileSystemError) in
        try SummaryWriter(logDir: path, flushSecs: Self.metricsFlushInterval / .seconds(1))
      }
      return outputs
    } catch {
      throw CLIError(message: error.description)
    }
  }

  /// Checks that the files the run writes at its end can be written, before it starts.
  private func checkOutputs() throws {
    let outputs = [
      ("--save-model", options.saveModel), ("--save-checkpoint", options.saveCheckpoint), ("--svg", options.svg),
      ("--log", options.log), ("--csv", options.csv),
    ].compactMap { name, path in path.map { (name, $0) } }
    for (index, (name, path)) in outputs.enumerated() {
      if let (other, _) = outputs[..<index].first(where: { $0.1 == path }) {
        throw CLIError(message: "\(other) and \(name) name the same file \(path)")
      }
      // The logs are streams (a pipe or /dev/stdout, say); they are opened, and so checked, next.
      guard name != "--log" && name != "--csv" else { continue }
      do {
        try AtomicFile.checkWritable(path)
      } catch {
        throw CLIError(message: "\(name): \(error)")
      }
    }
  }

  /// Refuses a network whose weights, gradients, optimizer state and evaluation copy cannot
  /// fit in memory, rather than dying in the allocator part-way.
  private func checkMemory(hidden: Int) throws {
    let parameters = Double(28 * 28 + 1 + 10) * Double(hidden) + 10
    let stateBuffers: Double =
      switch options.optimizer {
      case .sgd, .adagrad, .asgd, .sgdScheduleFree: 1
      case .dadaptSGD: 3
      case .rmsprop: 2
      case .adam, .adamw, .adadelta, .adamax, .nadam, .radam, .adamwScheduleFree, .radamScheduleFree: 2
      case .prodigy, .dadaptAdam: 4
      }
    // Weights, gradients, the optimizer's buffers, the evaluation thread's copy, and the
    // activations of a batch (forward, backward) of both threads.
    let batch = Double(min(options.budget.batchSize, 60_000))
    let bytes = 4 * (parameters * (3 + stateBuffers) + 4 * batch * (Double(hidden) + 28 * 28 + 10))
    guard let available = MemoryBudget.bytes, bytes > Double(available) else { return }
    throw CLIError(
      message:
        "--hidden \(hidden) needs about \(MemoryBudget.format(bytes)) (weights, gradients, optimizer state, "
        + "activations); this machine has \(MemoryBudget.format(Double(available)))")
  }

  /// Saves the checkpoint of an interrupted run: to `--save-checkpoint`, or else to the default
  /// name — never over a file the user did not name: `anneal-interrupted-2.ckpt` and so on when
  /// earlier ones exist. Returns the path written.
  private func saveInterrupted(_ checkpoint: TrainingCheckpoint, signal: Int32) throws -> String {
    let what = signal == SIGINT ? "Interrupted" : "Terminated"
    if let path = options.saveCheckpoint {
      if let failure = Self.write(checkpoint, to: path, existing: .replace) {
        throw CLIError(message: "\(what); the checkpoint was not saved: \(failure)")
      }
      return path
    }
    for number in 1...10_000 {
      let path = number == 1 ? Self.interruptedCheckpoint : "anneal-interrupted-\(number).ckpt"
      guard let failure = Self.write(checkpoint, to: path, existing: .keep) else { return path }
      if case .file(.write(let error)) = failure, error.code == EEXIST { continue }
      throw CLIError(message: "\(what); the checkpoint was not saved: \(failure)")
    }
    throw CLIError(message: "\(what): no free name anneal-interrupted-N.ckpt in this folder; pass --save-checkpoint")
  }

  /// Writes `checkpoint`, returning the error instead of throwing it.
  private static func write(
    _ checkpoint: TrainingCheckpoint, to path: String, existing: AtomicFile.Existing
  ) -> CheckpointError? {
    do {
      try checkpoint.write(to: path, existing: existing)
      return nil
    } catch {
      return error
    }
  }

  /// An option's value in a message; an empty one is an option not given.
  private static func shown(_ value: String) -> String { value.isEmpty ? "(none)" : value }

  /// Where a checkpoint goes when training is interrupted without `--save-checkpoint`.
  static let interruptedCheckpoint = "anneal-interrupted.ckpt"

  /// The run's state; `pass` is the position within the current epoch, `nil` at its end.
  private func snapshot(
    _ model: Module, _ optimizer: any Optimizer, _ schedules: Schedules, epoch: Int, iteration: Int,
    pass: EpochPosition?, metadata: [String: String]
  ) -> TrainingCheckpoint {
    TrainingCheckpoint(
      model: model, optimizer: optimizer, scheduler: schedules.lr,
      hyperparameterSchedulers: schedules.hyperparameterSchedulers, epoch: epoch, iteration: iteration,
      position: pass, metadata: metadata)
  }

  /// The learning-rate scheduler and, with `--wd-scheduler`, the one driving weight decay,
  /// stepped together.
  struct Schedules {
    let lr: any LRScheduler
    let weightDecay: (scheduler: any LRScheduler, view: ScheduledHyperparameter)?

    var hyperparameterSchedulers: [String: any LRScheduler] {
      weightDecay.map { ["weight_decay": $0.scheduler] } ?? [:]
    }

    /// Steps both, feeding a metric (the mean training loss) to ReduceLROnPlateau.
    func step(metric: Double) throws {
      do {
        try lr.step(reporting: metric)
        if let (scheduler, view) = weightDecay {
          try scheduler.step(reporting: metric)
          if let error = view.lastError { throw CLIError(message: "--wd-scheduler: \(error)") }
        }
      } catch let error as CLIError {
        throw error
      } catch {
        throw CLIError(message: "\(error)")
      }
    }
  }

  /// The scheduler of `--wd-scheduler`, driving every group's weight decay.
  private func scheduleWeightDecay(
    of optimizer: any Optimizer, with spec: SchedulerSpec
  ) throws -> (scheduler: any LRScheduler, view: ScheduledHyperparameter) {
    guard let grouped = optimizer as? any GroupedOptimizer else {
      throw CLIError(message: "--wd-scheduler: \(options.optimizer.rawValue) has no param groups to schedule")
    }
    let view: ScheduledHyperparameter
    do {
      view = try grouped.scheduling("weight_decay")
    } catch {
      throw CLIError(message: "--wd-scheduler: \(error)")
    }
    do {
      let scheduler = try spec.makeScheduler(view, noiseSource: TorchNoise())
      if let error = view.lastError { throw CLIError(message: "--wd-scheduler: \(error)") }
      return (scheduler, view)
    } catch let error as CLIError {
      throw error
    } catch {
      throw CLIError(message: "--wd-scheduler: \(error)")
    }
  }

  /// Runs the schedule alone for as many steps as the run gives it, so that one that ends
  /// early (OneCycleLR's `total_steps`) stops the run before training, with the numbers.
  private func checkScheduleLength(
    _ spec: SchedulerSpec, option: String, _ text: String, _ optimizer: any SchedulableOptimizer,
    _ scheduler: any LRScheduler, totalIterations: Int, perEpoch: Int
  ) throws {
    let perIteration = options.stepEvery == .iteration
    let steps = perIteration ? totalIterations : totalIterations / perEpoch
    // About a microsecond a step: longer runs take their chance, and fail when they get there.
    guard steps <= 10_000_000 else { return }
    let groups = optimizer.schedulableGroups
    do {
      try ScheduleTrace.forEachRow(
        spec: spec, lrs: groups.map { $0.initialLR ?? $0.lr }, momentum: groups.first?.momentum, steps: steps,
        metrics: scheduler.requiresMetric ? Array(repeating: 1, count: steps) : [], noiseSource: TorchNoise()
      ) { _, _, _ in true }
    } catch {
      let run =
        perIteration
        ? "once per iteration (--step-every iteration), \(steps) times"
        : "once per epoch, \(steps) times (\(totalIterations) iterations of \(perEpoch))"
      throw CLIError(
        message:
          "\(option) '\(text)' is shorter than the run, which steps it \(run): \(error)")
    }
  }

  private func makeOptimizer(_ parameters: [Tensor]) throws -> any Optimizer {
    let lr = options.lr ?? options.optimizer.defaultLR
    switch options.optimizer {
    case .sgd:
      let momentum = options.momentum ?? 0.9
      return try SGD(
        parameters, lr: lr, momentum: momentum, weightDecay: options.weightDecay ?? 0,
        nesterov: (options.nesterov ?? true) && momentum > 0)
    case .adam:
      return try Adam(parameters, lr: lr, betas: try options.parsedBetas(), weightDecay: options.weightDecay ?? 0)
    case .adamw:
      return try AdamW(parameters, lr: lr, betas: try options.parsedBetas(), weightDecay: options.weightDecay ?? 1e-2)
    case .rmsprop:
      return try RMSprop(
        parameters, lr: lr, weightDecay: options.weightDecay ?? 0, momentum: options.momentum ?? 0)
    case .adagrad:
      return try Adagrad(parameters, lr: lr, weightDecay: options.weightDecay ?? 0)
    case .adadelta:
      return try Adadelta(parameters, lr: lr, weightDecay: options.weightDecay ?? 0)
    case .adamax:
      return try Adamax(parameters, lr: lr, betas: try options.parsedBetas(), weightDecay: options.weightDecay ?? 0)
    case .nadam:
      return try NAdam(parameters, lr: lr, betas: try options.parsedBetas(), weightDecay: options.weightDecay ?? 0)
    case .radam:
      return try RAdam(parameters, lr: lr, betas: try options.parsedBetas(), weightDecay: options.weightDecay ?? 0)
    case .asgd:
      return try ASGD(parameters, lr: lr, weightDecay: options.weightDecay ?? 0)
    case .sgdScheduleFree:
      return try SGDScheduleFree(
        parameters, lr: lr, momentum: options.momentum ?? 0.9, weightDecay: options.weightDecay ?? 0)
    case .adamwScheduleFree:
      return try AdamWScheduleFree(
        parameters, lr: lr, betas: try options.parsedBetas(), weightDecay: options.weightDecay ?? 0)
    case .radamScheduleFree:
      return try RAdamScheduleFree(
        parameters, lr: lr, betas: try options.parsedBetas(), weightDecay: options.weightDecay ?? 0)
    case .prodigy:
      return try Prodigy(parameters, lr: lr, betas: try options.parsedBetas(), weightDecay: options.weightDecay ?? 0)
    case .dadaptSGD:
      return try DAdaptSGD(parameters, lr: lr, momentum: options.momentum ?? 0, weightDecay: options.weightDecay ?? 0)
    case .dadaptAdam:
      return try DAdaptAdam(
        parameters, lr: lr, betas: try options.parsedBetas(), weightDecay: options.weightDecay ?? 0)
    }
  }

  /// Python's `f"{value:.{digits}f}"`.
  private static func fixed(_ value: Double, digits: Int) -> String {
    String(format: "%.\(digits)f", value)
  }

}
