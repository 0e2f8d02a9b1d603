// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealTraining
import ArgumentParser
import Foundation

/// One `anneal compare`: its runs as child `anneal mnist` processes, then the report.
struct CompareRun {
  let options: CompareCommand

  /// A configuration trained with one seed.
  struct Job: Sendable {
    let index: Int
    /// The configuration's name; ``name`` adds the seed when there are several.
    let configuration: String
    let name: String
    let seed: UInt64
    let arguments: [String]
  }

  func run() async throws {
    let configurations = try options.configurations.map { text throws(CLIError) in
      try CompareConfiguration(parsing: text)
    }
    for (index, configuration) in configurations.enumerated()
    where configurations[..<index].contains(where: { $0.name == configuration.name }) {
      throw CLIError(message: "configuration '\(configuration.name)' is given twice")
    }
    let seeds = try options.parsedSeeds()
    let total = try options.totalIterations()
    guard options.evalEvery <= total else {
      throw CLIError(
        message: "--eval-every \(options.evalEvery) exceeds the \(total) iterations of a run: no run would be evaluated"
      )
    }
    try checkOutputs()

    // The data is found (and downloaded) once; every run then reads the same folder.
    let source = options.data.source
    if source.download { _ = try await options.data.load(test: true) }

    let jobs = configurations.enumerated().flatMap { index, configuration in
      seeds.enumerated().map { offset, seed in
        Job(
          index: index * seeds.count + offset, configuration: configuration.name,
          name: seeds.count > 1 ? "\(configuration.name) · seed \(seed)" : configuration.name, seed: seed,
          arguments: arguments(configuration, seed: seed, dataDirectory: source.root))
      }
    }
    let progress = CompareProgress(names: jobs.map(\.name), total: total)
    let processors = ProcessInfo.processInfo.activeProcessorCount
    let (concurrent, kernelThreads) = ConcurrentRuns.placement(
      runs: jobs.count, processors: processors, maxConcurrent: options.jobs)
    // A user's ANNEAL_NUM_THREADS stays; otherwise the runs at once share the processors.
    let environment =
      EnvironmentVariable.value("ANNEAL_NUM_THREADS") == nil ? ["ANNEAL_NUM_THREADS": String(kernelThreads)] : [:]
    Interruption.install()
    let runs: [ComparisonRun]
    do {
      runs = try ConcurrentRuns.run(jobs, maxConcurrent: concurrent) { job, cancellation in
        try Self.train(job, environment: environment, progress: progress) {
          cancellation.isCancelled || Interruption.received != nil
        }
      }
    } catch {
      if let signal = Interruption.received {
        Console.note("\(signal == SIGINT ? "Interrupted" : "Terminated"): the runs were stopped; nothing was written")
        throw ExitCode(128 + signal)
      }
      throw error
    }
    let details = Dictionary(
      uniqueKeysWithValues: configurations.map { configuration in
        (configuration.name, self.details(configuration))
      })
    let summary = ComparisonSummary(runs, details: details)
    let report = CompareReport(
      summary: summary, runsAtOnce: min(concurrent, jobs.count),
      kernelThreads: environment.isEmpty ? GEMM.threads : kernelThreads, totalIterations: total)
    try report.print(plot: options.plot)
    try write(report, summary)
  }

  /// The `anneal mnist` arguments of a configuration and seed; `--csv /dev/fd/3` streams its
  /// metrics to the parent.
  private func arguments(_ configuration: CompareConfiguration, seed: UInt64, dataDirectory: String) -> [String] {
    var arguments = [
      "mnist", "--data-dir", dataDirectory, "--no-download", "--dataset", options.data.dataset.rawValue,
      "--model", options.network.model.rawValue, "--hidden", String(options.network.hidden),
      "--batch-size", String(options.budget.batchSize), "--eval-every", String(options.evalEvery),
      "--seed", String(seed), "--optimizer", (configuration.optimizer ?? options.optimizer).rawValue,
      "--step-every", configuration.steps(default: options.stepEvery).rawValue, "--csv", "/dev/fd/3",
    ]
    arguments +=
      options.budget.epochs.map { ["--epochs", String($0)] } ?? ["--iterations", String(options.budget.iterations)]
    if let scheduler = configuration.scheduler { arguments += ["--scheduler", scheduler] }
    // The configuration's own settings win over the command's defaults.
    let own = Set(configuration.optimizerArguments.filter { $0.hasPrefix("--") }.map(Self.optionName))
    let defaults = [("--lr", options.lr), ("--momentum", options.momentum), ("--weight-decay", options.weightDecay)]
    for (option, value) in defaults where !own.contains(option) {
      if let value { arguments += [option, "\(value)"] }
    }
    return arguments + configuration.optimizerArguments
  }

  /// `--nesterov` and `--no-nesterov` are one setting.
  private static func optionName(_ option: String) -> String {
    option == "--no-nesterov" ? "--nesterov" : option
  }

  /// What the JSON report records about a configuration.
  private func details(_ configuration: CompareConfiguration) -> [String: String] {
    let optimizer = configuration.optimizer ?? options.optimizer
    var details = [
      "optimizer": optimizer.rawValue,
      "scheduler": configuration.scheduler ?? optimizer.defaultScheduler,
      "step_every": configuration.steps(default: options.stepEvery).rawValue,
    ]
    var pairs = configuration.optimizerArguments[...]
    while let option = pairs.popFirst() {
      if option == "--nesterov" || option == "--no-nesterov" {
        details["nesterov"] = option == "--nesterov" ? "true" : "false"
      } else if let value = pairs.popFirst() {
        details[String(option.dropFirst(2)).replacingOccurrences(of: "-", with: "_")] = value
      }
    }
    return details
  }

  /// Trains `job` in a child process, streaming its progress, and returns its curves.
  private static func train(
    _ job: Job, environment: [String: String], progress: CompareProgress, stop: () -> Bool
  ) throws -> ComparisonRun {
    let start = DispatchTime.now().uptimeNanoseconds
    var steps: [ComparisonRun.Step] = []
    var evaluations: [ComparisonRun.Evaluation] = []
    var columns: (iteration: Int, loss: Int, lr: Int, accuracy: Int)?
    let outcome = try ChildProcess.run(
      job.arguments, environment: environment,
      metric: { line in
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        guard let (iterationColumn, lossColumn, lrColumn, accuracyColumn) = columns else {
          // The header names the columns (one lr and momentum column per param group).
          guard let iteration = fields.firstIndex(of: "iteration"), let loss = fields.firstIndex(of: "loss"),
            let lr = fields.firstIndex(of: "lr_0"), let accuracy = fields.firstIndex(of: "accuracy")
          else { throw CLIError(message: "\(job.name): unreadable metrics header '\(line.prefix(80))'") }
          columns = (iteration, loss, lr, accuracy)
          return
        }
        guard fields.count > max(iterationColumn, lossColumn, lrColumn, accuracyColumn),
          let iteration = Int(fields[iterationColumn]), let loss = Double(fields[lossColumn])
        else { throw CLIError(message: "\(job.name): unreadable metrics line '\(line.prefix(80))'") }
        let accuracy = Double(fields[accuracyColumn])
        steps.append(.init(iteration: iteration, loss: loss, learningRate: Double(fields[lrColumn]) ?? .nan))
        if let accuracy { evaluations.append(.init(iteration: iteration, accuracy: accuracy)) }
        progress.update(job.index, iteration: iteration, loss: loss, accuracy: accuracy)
      }, stop: stop)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    guard outcome.status == 0 else {
      if stop() { throw CancellationError() }
      let reason =
        outcome.stderr.split(separator: "\n").last { !$0.isEmpty }.map {
          $0.hasPrefix("Error: ") ? String($0.dropFirst(7)) : String($0)
        } ?? "exit status \(outcome.status)"
      throw CLIError(message: "\(job.name): \(reason)")
    }
    progress.finish(job.index, seconds: seconds)
    return ComparisonRun(
      configuration: job.configuration, seed: job.seed, steps: steps, evaluations: evaluations, wallTime: seconds)
  }

  /// Checks before training that the reports can be written.
  private func checkOutputs() throws {
    let outputs = [("--csv", options.csv), ("--json", options.json), ("--svg", options.svg)].compactMap { name, path in
      path.map { (name, $0) }
    }
    for (index, (name, path)) in outputs.enumerated() {
      if let (other, _) = outputs[..<index].first(where: { $0.1 == path }) {
        throw CLIError(message: "\(other) and \(name) name the same file \(path)")
      }
      do {
        try AtomicFile.checkWritable(path)
      } catch {
        throw CLIError(message: "\(name): \(error)")
      }
    }
  }

  private func write(_ report: CompareReport, _ summary: ComparisonSummary) throws {
    do {
      if let path = options.csv { try AtomicFile.write(Data(summary.csv().utf8), to: path) }
      if let path = options.json { try AtomicFile.write(summary.jsonData() + Data("\n".utf8), to: path) }
    } catch let error as FileSystemError {
      throw CLIError(message: error.description)
    }
    if let path = options.svg { try report.writeSVG(to: path) }
  }
}
