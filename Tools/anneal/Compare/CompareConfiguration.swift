// Copyright © 2026 the Anneal authors.

import AnnealLRScheduler
import Foundation

/// One configuration of `anneal compare`, parsed from its argument: a scheduler spec, an
/// optimizer, or both, each in PyTorch syntax, and optionally when the scheduler steps —
/// `'StepLR(step_size=1, gamma=0.1)'`, `sgd-schedule-free`,
/// `'AdamW(lr=0.001) OneCycleLR(max_lr=0.01, total_steps=3000)'`,
/// `'CosineAnnealingLR(T_max=3000) @iteration'`.
struct CompareConfiguration: Equatable {
  /// The argument as given, the configuration's name in the table.
  let name: String
  /// The optimizer, `nil` for `--optimizer`'s.
  var optimizer: MNISTCommand.OptimizerKind?
  /// `anneal mnist` options set by the optimizer's keyword arguments, e.g. `["--lr", "0.01"]`.
  var optimizerArguments: [String] = []
  /// The scheduler spec, `nil` for the optimizer's default.
  var scheduler: String?
  /// `@epoch` or `@iteration`, `nil` for `--step-every`.
  var stepEvery: MNISTCommand.StepEvery?

  /// The keyword arguments an optimizer takes here, and the `anneal mnist` option each sets.
  static let optimizerKeywords = [
    "lr": "--lr", "momentum": "--momentum", "weight_decay": "--weight-decay", "betas": "--betas",
    "nesterov": "--nesterov",
  ]

  /// Schedulers that PyTorch, Hugging Face and Keras document as stepped after every batch;
  /// `--step-every auto` steps these per iteration and the rest per epoch.
  static let perIterationSchedulers: Set<String> = ["OneCycleLR", "CyclicLR", "get_scheduler", "PolynomialDecay"]

  /// Parses `text`.
  init(parsing text: String) throws(CLIError) {
    name = text.trimmingCharacters(in: .whitespaces)
    let parts = try Self.split(name)
    guard !parts.isEmpty else { throw CLIError(message: "an empty configuration: give a scheduler spec or optimizer") }
    for part in parts {
      let lowered = part.lowercased()
      if lowered == "@epoch" || lowered == "@iteration" {
        guard stepEvery == nil else { throw error("@epoch or @iteration is given twice") }
        stepEvery = lowered == "@epoch" ? .epoch : .iteration
        continue
      }
      if part.hasPrefix("@") { throw error("'\(part)' is not @epoch or @iteration") }
      let bareName = part.contains("(") ? nil : part
      if let bareName, let kind = Self.optimizer(named: bareName) {
        try setOptimizer(kind, arguments: [])
        continue
      }
      let spec: SchedulerSpec
      do {
        spec = try SchedulerSpec(parsing: bareName.map { $0 + "()" } ?? part)
      } catch {
        throw self.error("'\(part)' is neither an optimizer nor a scheduler spec: \(error)")
      }
      if let kind = Self.optimizer(named: spec.name) {
        try setOptimizer(kind, arguments: try optimizerOptions(spec))
        continue
      }
      guard scheduler == nil else {
        throw error("two schedulers are named; combine them with SequentialLR or ChainedScheduler")
      }
      do {
        try spec.validate()
      } catch {
        throw self.error("\(error)")
      }
      scheduler = part
    }
  }

  /// When the scheduler steps: `@…`, else `--step-every` unless it is `auto`, else per
  /// iteration for the per-batch schedulers.
  func steps(default option: CompareCommand.StepEvery) -> MNISTCommand.StepEvery {
    if let stepEvery { return stepEvery }
    switch option {
    case .epoch: return .epoch
    case .iteration: return .iteration
    case .auto:
      let name = scheduler.flatMap { try? SchedulerSpec(parsing: $0).name }
      return name.map(Self.perIterationSchedulers.contains) == true ? .iteration : .epoch
    }
  }

  /// The optimizer of a name: `anneal mnist --optimizer`'s (`sgd-schedule-free`) or PyTorch's
  /// class name (`SGDScheduleFree`, `AdamW`), in any case.
  static func optimizer(named name: String) -> MNISTCommand.OptimizerKind? {
    let key = name.lowercased().replacingOccurrences(of: "-", with: "")
    return MNISTCommand.OptimizerKind.allCases.first { $0.rawValue.replacingOccurrences(of: "-", with: "") == key }
  }

  private mutating func setOptimizer(_ kind: MNISTCommand.OptimizerKind, arguments: [String]) throws(CLIError) {
    guard optimizer == nil else { throw error("two optimizers are named") }
    optimizer = kind
    optimizerArguments = arguments
  }

  /// `SGD(lr=0.05, nesterov=False)` as `anneal mnist` options.
  private func optimizerOptions(_ spec: SchedulerSpec) throws(CLIError) -> [String] {
    guard spec.positional.isEmpty else {
      throw error("\(spec.name) takes keyword arguments here (lr=…, momentum=…), not positional ones")
    }
    var arguments: [String] = []
    for (key, value) in spec.keywords {
      guard let option = Self.optimizerKeywords[key] else {
        let known = Self.optimizerKeywords.keys.sorted().joined(separator: ", ")
        throw error("\(spec.name) got an unexpected keyword argument '\(key)' (here it takes \(known))")
      }
      switch (key, value) {
      case ("nesterov", .bool(let flag)):
        arguments.append(flag ? "--nesterov" : "--no-nesterov")
      case ("betas", .list(let items)):
        let numbers = items.compactMap { item -> Double? in
          if case .number(let number, _) = item { return number }
          return nil
        }
        guard numbers.count == 2, items.count == 2 else { throw error("betas needs two numbers, e.g. (0.9, 0.999)") }
        arguments += [option, "\(numbers[0]),\(numbers[1])"]
      case (_, .number(let number, _)) where key != "nesterov" && key != "betas":
        arguments += [option, "\(number)"]
      default:
        throw error("\(spec.name): \(key)=\(value) is not a valid value")
      }
    }
    return arguments
  }

  private func error(_ message: String) -> CLIError {
    CLIError(message: "configuration '\(name)': \(message)")
  }

  /// Splits at whitespace outside brackets and quotes.
  private static func split(_ text: String) throws(CLIError) -> [String] {
    var parts: [String] = []
    var current = ""
    var depth = 0
    var quote: Character?
    for character in text {
      if let open = quote {
        if character == open { quote = nil }
      } else if character == "'" || character == "\"" {
        quote = character
      } else if "([{".contains(character) {
        depth += 1
      } else if ")]}".contains(character) {
        depth -= 1
      } else if character.isWhitespace, depth == 0 {
        if !current.isEmpty { parts.append(current) }
        current = ""
        continue
      }
      current.append(character)
    }
    if !current.isEmpty { parts.append(current) }
    guard depth == 0, quote == nil else {
      throw CLIError(message: "configuration '\(text)' has an unclosed bracket or quote")
    }
    return parts
  }
}
