// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealTraining
import ArgumentParser
import Foundation

/// `anneal compare`: trains the same model, data, seed(s) and budget under several
/// configurations, each an `anneal mnist` run in a process of its own, concurrently, and
/// shows which did best.
struct CompareCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Train under several schedules or optimizers at once and compare their results.",
    discussion: """
      Each configuration is a scheduler spec, an optimizer, or both, in PyTorch syntax, with \
      @epoch or @iteration to say when its scheduler steps:
        anneal compare 'StepLR(step_size=1, gamma=0.1)' \\
          'OneCycleLR(max_lr=0.1, total_steps=3000)' 'CosineAnnealingLR(T_max=5)' \\
          sgd-schedule-free 'AdamW(lr=0.001) CosineAnnealingLR(T_max=3000) @iteration' \\
          --seeds 0,1,2 --svg compare.svg
      Every run is `anneal mnist` with the same data, model, batch size, budget and seed, so \
      its numbers are those `anneal mnist` prints for it alone. The table ranks the \
      configurations by final test accuracy (mean ± standard deviation over the seeds) and says \
      whether the leader's margin is within the noise between seeds (Welch's t-test, p ≥ 0.05).
      """)

  enum StepEvery: String, CaseInsensitiveArgument {
    case auto, epoch, iteration
  }

  @Argument(help: "The configurations (at least two): a scheduler spec, an optimizer, or both.")
  var configurations: [String]

  @OptionGroup var data: DataOptions

  @OptionGroup var network: ModelOptions

  @Option(help: "Seeds, comma-separated: every configuration runs once per seed (e.g. 0,1,2).")
  var seeds: String = "0"

  @OptionGroup var budget: BudgetOptions

  @Option(parsing: .unconditional, help: "Evaluate on the test split every N iterations.")
  var evalEvery: Int = 500

  @Option(help: "The optimizer of configurations that name none.")
  var optimizer: MNISTCommand.OptimizerKind = .sgd

  @Option(parsing: .unconditional, help: "Learning rate of configurations that set none (default: the optimizer's).")
  var lr: Double?

  @Option(parsing: .unconditional, help: "Momentum of configurations that set none (as anneal mnist).")
  var momentum: Double?

  @Option(parsing: .unconditional, help: "Weight decay of configurations that set none (as anneal mnist).")
  var weightDecay: Double?

  @Option(
    help: """
      When schedulers without @epoch/@iteration step; auto: per iteration for OneCycleLR, CyclicLR, \
      get_scheduler and PolynomialDecay (documented as per-batch schedules), else per epoch.
      """)
  var stepEvery: StepEvery = .auto

  @Option(
    parsing: .unconditional,
    help: """
      Runs at once (default: one per processor, or every run when fewer than 1.75 per \
      processor); the processors are divided among them as kernel threads unless \
      ANNEAL_NUM_THREADS is set.
      """)
  var jobs: Int?

  @Option(help: "Write one row per run as CSV.")
  var csv: String?

  @Option(help: "Write the ranked table, statistics and verdict as JSON.")
  var json: String?

  @Option(help: "Write the overlaid curves (loss, accuracy, learning rate) as one SVG.")
  var svg: String?

  @Flag(inversion: .prefixedNo, help: "Draw the overlaid curves in the terminal.")
  var plot: Bool = true

  func validate() throws {
    guard configurations.count >= 2 else {
      throw ValidationError("give at least two configurations to compare (anneal mnist trains one)")
    }
    guard evalEvery >= 1 else { throw ValidationError("--eval-every must be at least 1") }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    if let lr { guard lr >= 0, lr.isFinite else { throw ValidationError("--lr must be a non-negative number") } }
    _ = try parsedSeeds()
  }

  /// `--seeds` as numbers, each once.
  func parsedSeeds() throws(CLIError) -> [UInt64] {
    var seen: [UInt64] = []
    for part in seeds.split(separator: ",", omittingEmptySubsequences: false) {
      guard let seed = UInt64(part.trimmingCharacters(in: .whitespaces)) else {
        throw CLIError(message: "--seeds needs non-negative integers separated by commas, e.g. 0,1,2; got '\(seeds)'")
      }
      guard !seen.contains(seed) else { throw CLIError(message: "--seeds lists \(seed) twice") }
      seen.append(seed)
    }
    return seen
  }

  /// The iterations every run trains (each dataset has 60 000 training images).
  func totalIterations() throws(CLIError) -> Int {
    try budget.totalIterations(perEpoch: (60_000 + budget.batchSize - 1) / budget.batchSize)
  }

  func run() async throws {
    do {
      try await CompareRun(options: self).run()
    } catch let error as CLIError {
      throw error
    } catch let exit as ExitCode {
      throw exit
    } catch {
      throw CLIError(message: "\(error)")
    }
  }
}
