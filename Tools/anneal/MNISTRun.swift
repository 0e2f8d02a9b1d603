// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealData
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
    let spec = try SchedulerSpec(parsing: options.scheduler)
    try spec.validate()
    let checkpoint = try options.resume.map { path throws -> TrainingCheckpoint in
      let checkpoint = try TrainingCheckpoint(contentsOf: path)
      // Checkpoints from before `--model` existed hold the tutorial's network.
      for (key, value) in options.runIdentity where checkpoint.metadata[key] ?? (key == "model" ? "mlp" : nil) != value
      {
        throw CLIError(
          message: "\(path) was written with --\(key) \(checkpoint.metadata[key] ?? "?"), this run uses \(value)")
      }
      return checkpoint
    }

    let variant = options.dataset.variant
    let root = options.dataDir ?? "./data/\(variant.name)"
    let fetch = options.download ?? (options.dataDir == nil)
    // The two splits decompress concurrently.
    async let loadedTrain = MNIST(root: root, train: true, variant: variant, download: fetch)
    async let loadedTest =
      options.evalSplit == .test ? MNIST(root: root, train: false, variant: variant, download: fetch) : nil
    let trainSet = try await loadedTrain
    let evalSet = try await loadedTest ?? trainSet

    manualSeed(options.seed)
    let model = recipe.make(.default)
    if let path = options.initWeights { try model.load(safetensors: path) }
    let evaluator = BackgroundEvaluator(recipe)
    let parameters = model.parameters()  // reflected once: the model's layers do not change
    let optimizer = try makeOptimizer(parameters)
    let scheduler = try spec.makeScheduler(optimizer, noiseSource: TorchNoise())

    // Both loaders shuffle, as in the tutorial, so the random stream matches PyTorch's.
    // One worker gathers the next batch while a step runs; the batches and draws are the same.
    let trainLoader = DataLoader(trainSet, batchSize: options.batchSize, shuffle: true, numWorkers: 1)
    let evalLoader = DataLoader(evalSet, batchSize: options.batchSize, shuffle: true)
    let totalIterations = options.epochs.map { $0 * trainLoader.count } ?? options.iterations
    let epochCount = (totalIterations + trainLoader.count - 1) / trainLoader.count

    var iteration = 0
    var startEpoch = 0
    var resumePass: EpochPosition?
    let output = OrderedOutput(try TrainingMonitor(logPath: options.log, totalIterations: totalIterations))
    // On an error, the lines of the iterations before it still come out first.
    defer { try? output.drain() }
    if let checkpoint {
      if let position = checkpoint.position, !position.fits(batchesPerPass: trainLoader.count) {
        throw CLIError(message: "\(options.resume ?? "") holds a malformed position within its epoch")
      }
      do {
        try checkpoint.restore(model: model, optimizer: optimizer, scheduler: scheduler)
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
        try output.emit { $0.print(line) }
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
          try output.emit { $0.print(line) }
          optimizer.zeroGrad()
        } else {
          optimizer.step()
          pass.lossSum += Double(loss.item())
          pass.steps += 1
          let lrs = optimizer.schedulableGroups.map(\.lr)
          if options.stepEvery == .iteration { try stepScheduler(scheduler, metric: Double(loss.item())) }
          let (at, lossValue) = (iteration, Double(loss.item()))
          if iteration % options.evalEvery == 0 {
            // The order is drawn here, where an evaluation in place draws it; the evaluation
            // itself runs on another thread while training goes on.
            let order = evalLoader.sampleOrder()
            try output.evaluate({ evaluator.evaluate(model, on: evalLoader.dataset, order: order) }) {
              monitor, accuracy in
              monitor.print(
                "Iteration: \(at), Loss: \(Self.fixed(lossValue, digits: 4)), "
                  + "Accuracy: \(Self.fixed(Double(accuracy), digits: 2))%")
              try monitor.record(iteration: at, epoch: epoch, loss: lossValue, lrs: lrs, accuracy: Double(accuracy))
            }
          } else {
            try output.emit { try $0.record(iteration: at, epoch: epoch, loss: lossValue, lrs: lrs, accuracy: nil) }
          }
        }
        guard iteration < totalIterations else { break }
        if let signal = Interruption.received {
          let path = options.saveCheckpoint ?? Self.interruptedCheckpoint
          try snapshot(model, optimizer, scheduler, epoch: epoch, iteration: iteration, pass: pass).write(to: path)
          try output.drain()
          output.monitor.note(
            "\(signal == SIGINT ? "Interrupted" : "Terminated") after iteration \(iteration); "
              + "saved \(path) (continue with --resume \(path))")
          throw ExitCode(128 + signal)
        }
        if let every = options.checkpointEvery, iteration % every == 0, let path = options.saveCheckpoint {
          try snapshot(model, optimizer, scheduler, epoch: epoch, iteration: iteration, pass: pass).write(to: path)
        }
      }
      if pass.batch < trainLoader.count {
        // The run ends within this epoch: keep the position so that it can be continued.
        if let path = options.saveCheckpoint {
          try snapshot(model, optimizer, scheduler, epoch: epoch, iteration: iteration, pass: pass).write(to: path)
        }
        break
      }
      if options.stepEvery == .epoch {
        try stepScheduler(scheduler, metric: pass.meanLoss)
      }
      if let path = options.saveCheckpoint {
        try snapshot(model, optimizer, scheduler, epoch: epoch + 1, iteration: iteration, pass: nil).write(to: path)
      }
    }
    if let path = options.saveModel { try model.save(safetensors: path) }
    try output.drain()
    output.monitor.finish()
    if let path = options.svg { try output.monitor.writeSVG(to: path) }
  }

  /// Where a checkpoint goes when training is interrupted without `--save-checkpoint`.
  static let interruptedCheckpoint = "anneal-interrupted.ckpt"

  /// The run's state; `pass` is the position within the current epoch, `nil` at its end.
  private func snapshot(
    _ model: Module, _ optimizer: any Optimizer, _ scheduler: any LRScheduler, epoch: Int, iteration: Int,
    pass: EpochPosition?
  ) -> TrainingCheckpoint {
    TrainingCheckpoint(
      model: model, optimizer: optimizer, scheduler: scheduler, epoch: epoch, iteration: iteration, position: pass,
      metadata: options.runIdentity)
  }

  /// Steps the scheduler, feeding a metric (the mean training loss) to ReduceLROnPlateau.
  private func stepScheduler(_ scheduler: any LRScheduler, metric: Double) throws {
    do {
      try scheduler.step(reporting: metric)
    } catch {
      throw CLIError(message: error.description)
    }
  }

  private func makeOptimizer(_ parameters: [Tensor]) throws -> any Optimizer {
    let lr = options.lr
    switch options.optimizer {
    case .sgd:
      let momentum = options.momentum ?? 0.9
      return try SGD(
        parameters, lr: lr, momentum: momentum, weightDecay: options.weightDecay ?? 0,
        nesterov: options.nesterov && momentum > 0)
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
    }
  }

  /// Python's `f"{value:.{digits}f}"`.
  private static func fixed(_ value: Double, digits: Int) -> String {
    String(format: "%.\(digits)f", value)
  }

}
