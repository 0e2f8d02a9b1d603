// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealLRScheduler
import AnnealState

/// One hyperparameter of an optimizer presented as the learning rate of a
/// `SchedulableOptimizer`, so that any scheduler of the family drives it: a cosine weight-decay
/// schedule (DINO), a momentum or β₂ warmup. PyTorch has no counterpart (its schedulers write
/// `group["lr"]` only); optax's `inject_hyperparams` does the same for any hyperparameter.
///
/// ```swift
/// let optimizer = try AdamW(model.parameters(), lr: 1e-3, weightDecay: 0.04)
/// let wd = try optimizer.scheduling("weight_decay")
/// let wdScheduler = try CosineAnnealingLR(wd, tMax: 100, etaMin: 0.4)  // 0.04 → 0.4
/// ```
///
/// The scheduler sees each group's value as its `lr`: it records the starting value as
/// `initial_lr` and its own keys (`max_lr`, …) in this view, never in the optimizer's groups,
/// so a learning-rate scheduler on the optimizer itself goes on undisturbed. The values are
/// written into the optimizer's groups at every step and are saved with the optimizer's state;
/// save the scheduler's state as any other.
///
/// Keys are PyTorch's `param_groups` keys holding a number (`weight_decay`, `momentum`,
/// `dampening`, `eps`, `alpha`, `rho`, `lr_decay`, …), plus `beta1` and `beta2` for the two
/// entries of `betas`. A value outside the hyperparameter's domain (a negative weight decay, a
/// β of 1) is refused when written, with the optimizer's own error, and the group keeps its
/// previous value.
public final class ScheduledHyperparameter: SchedulableOptimizer {
  /// The hyperparameter's key.
  public let key: String
  private let read: () -> [Double]
  private let write: ([Double]) throws(OptimizerError) -> Void
  private var bookkeeping: [(initialLR: Double?, extras: [String: Double])]
  /// The error of the last value the optimizer refused, if any.
  public private(set) var lastError: OptimizerError?

  init(
    key: String, read: @escaping () -> [Double], write: @escaping ([Double]) throws(OptimizerError) -> Void
  ) {
    self.key = key
    self.read = read
    self.write = write
    bookkeeping = read().map { _ in (nil, [:]) }
  }

  /// Each group's current value.
  public var values: [Double] { read() }

  public var schedulableGroups: [SchedulableGroup] {
    get {
      zip(read(), bookkeeping).map { SchedulableGroup(lr: $0, initialLR: $1.initialLR, extras: $1.extras) }
    }
    set {
      bookkeeping = newValue.map { ($0.initialLR, $0.extras) }
      setLearningRates(newValue.map(\.lr))
    }
  }

  public var learningRates: [Double] { read() }

  public func setLearningRates(_ values: [Double]) {
    do {
      try write(values)
      lastError = nil
    } catch {
      lastError = error
    }
  }
}

extension GroupedOptimizer {
  /// A view of the hyperparameter `key` (PyTorch's `param_groups` key, or `beta1`/`beta2`) that
  /// schedulers drive as if it were the learning rate; see ``ScheduledHyperparameter``.
  ///
  /// - Throws: ``OptimizerError/invalidArgument(_:)`` when the optimizer has no numeric
  ///   hyperparameter `key` (the message lists those it has).
  public func scheduling(_ key: String) throws(OptimizerError) -> ScheduledHyperparameter {
    let (stored, index) = Self.location(of: key)
    let known = Self.numericKeys(paramGroups.first?.hyperparameters ?? [:])
    guard let first = paramGroups.first, Self.value(first.hyperparameters[stored], at: index) != nil else {
      throw .invalidArgument(
        "\(Self.self) has no hyperparameter '\(key)' to schedule; it has: \(known.joined(separator: ", "))")
    }
    return ScheduledHyperparameter(
      key: key,
      read: { [unowned self] in
        self.paramGroups.map { Self.value($0.hyperparameters[stored], at: index) ?? .nan }
      },
      write: { [unowned self] (values: [Double]) throws(OptimizerError) in
        check(values.count == self.paramGroups.count, "Expected \(self.paramGroups.count) values, got \(values.count)")
        var groups = self.paramGroups
        for (group, value) in zip(groups.indices, values) {
          var state = groups[group].hyperparameters
          if let index, case .array(var items) = state[stored] {
            items[index] = .double(value)
            state[stored] = .array(items)
          } else {
            state[stored] = .double(value)
          }
          try groups[group].restoreHyperparameters(from: state)
          try groups[group].validate()
        }
        self.paramGroups = groups
      })
  }

  /// Where `key` lives in a group's hyperparameters: `beta1` and `beta2` are entries of `betas`.
  private static func location(of key: String) -> (key: String, index: Int?) {
    switch key {
    case "beta1": ("betas", 0)
    case "beta2": ("betas", 1)
    default: (key, nil)
    }
  }

  private static func value(_ stored: StateValue?, at index: Int?) -> Double? {
    guard let stored else { return nil }
    guard let index else {
      if case .bool = stored { return nil }
      return stored.doubleValue
    }
    guard case .array(let items) = stored, items.indices.contains(index) else { return nil }
    return items[index].doubleValue
  }

  private static func numericKeys(_ state: StateDict) -> [String] {
    state.keys.sorted().flatMap { key -> [String] in
      switch state[key] {
      case .array(let items) where key == "betas" && items.count == 2: ["beta1", "beta2"]
      case .double, .int: [key]
      default: []
      }
    }
  }
}
