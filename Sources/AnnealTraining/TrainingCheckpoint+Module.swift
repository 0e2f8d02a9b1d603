// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealNN
import AnnealOptim

extension TrainingCheckpoint {
  /// The state of a run: `model`'s parameters and buffers, the optimizer's and scheduler's
  /// state (and those of schedulers driving other hyperparameters, by key) and the default
  /// generator's, at `epoch`/`iteration` (and `position` within the epoch, if the run stops
  /// inside one).
  public init(
    model: Module, optimizer: any Optimizer, scheduler: (any LRScheduler)?,
    hyperparameterSchedulers: [String: any LRScheduler] = [:], epoch: Int, iteration: Int,
    position: EpochPosition? = nil, metadata: [String: String] = [:], generator: Generator = .default
  ) {
    self.init(
      model: model.stateDict(), modelOrder: model.stateDictKeys(), optimizer: optimizer.stateDict(),
      scheduler: scheduler?.stateDict(), generator: generator.getState(), epoch: epoch, iteration: iteration,
      metadata: metadata, position: position)
    self.hyperparameterSchedulers = hyperparameterSchedulers.mapValues { $0.stateDict() }
  }

  /// Restores the model, optimizer, scheduler and generator to this checkpoint's state.
  ///
  /// Everything is checked before anything changes: a model, optimizer or scheduler that does
  /// not fit throws and leaves all of them (and the generator) as they were.
  ///
  /// - Throws: ``TrainingRestoreError`` naming the part that does not fit.
  public func restore(
    model: Module, optimizer: any Optimizer, scheduler: (any LRScheduler)?,
    hyperparameterSchedulers: [String: any LRScheduler] = [:], generator: Generator = .default
  ) throws(TrainingRestoreError) {
    let saved = (model.stateDict(), optimizer.stateDict(), scheduler?.stateDict(), generator.getState())
    let savedSchedulers = hyperparameterSchedulers.mapValues { $0.stateDict() }
    func rollBack() {
      try? model.loadStateDict(saved.0)
      try? optimizer.loadStateDict(saved.1)
      if let scheduler, let state = saved.2 { try? scheduler.loadStateDict(state) }
      for (key, scheduler) in hyperparameterSchedulers {
        if let state = savedSchedulers[key] { try? scheduler.loadStateDict(state) }
      }
      _ = generator.setState(saved.3)
    }
    do {
      try model.loadStateDict(self.model)
    } catch {
      throw .model(error)
    }
    do {
      try optimizer.loadStateDict(self.optimizer)
    } catch {
      rollBack()
      throw .optimizer(error)
    }
    if let scheduler {
      guard let state = self.scheduler else {
        rollBack()
        throw .scheduler(.stateMismatch("the checkpoint holds no scheduler state"))
      }
      do {
        try scheduler.loadStateDict(state)
      } catch {
        rollBack()
        throw .scheduler(error)
      }
    }
    for (key, scheduler) in hyperparameterSchedulers.sorted(by: { $0.key < $1.key }) {
      guard let state = self.hyperparameterSchedulers[key] else {
        rollBack()
        throw .scheduler(.stateMismatch("the checkpoint holds no state of a '\(key)' scheduler"))
      }
      do {
        try scheduler.loadStateDict(state)
      } catch {
        rollBack()
        throw .scheduler(error)
      }
    }
    guard generator.setState(self.generator) else {
      rollBack()
      throw .generator
    }
  }
}

/// Why a checkpoint does not fit the run it is restored into.
public enum TrainingRestoreError: Error, Sendable, Equatable, CustomStringConvertible {
  case model(StateDictError)
  case optimizer(OptimizerError)
  case scheduler(LRSchedulerError)
  case generator

  public var description: String {
    switch self {
    case .model(let error): "the model does not fit: \(error)"
    case .optimizer(let error): "\(error)"
    case .scheduler(let error): "\(error)"
    case .generator: "the checkpoint holds a malformed generator state"
    }
  }
}
