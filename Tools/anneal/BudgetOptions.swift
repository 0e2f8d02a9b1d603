// Copyright © 2026 the Anneal authors.

import ArgumentParser

/// How long `anneal mnist` and each run of `anneal compare` train, declared once for both.
struct BudgetOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: "Samples per batch.")
  var batchSize: Int = 100

  @Option(
    parsing: .unconditional,
    help: "Training iterations (batches) of a run; training stops after exactly this many.")
  var iterations: Int = 3000

  @Option(parsing: .unconditional, help: "Training epochs of a run; overrides --iterations.")
  var epochs: Int?

  func validate() throws {
    guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
    guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1") }
    if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1") }
  }

  /// The iterations a run trains with `perEpoch` batches to an epoch: `--iterations`, or
  /// `--epochs` whole epochs.
  func totalIterations(perEpoch: Int) throws(CLIError) -> Int {
    guard let epochs else { return iterations }
    let (product, overflow) = epochs.multipliedReportingOverflow(by: perEpoch)
    guard !overflow else {
      throw CLIError(message: "--epochs \(epochs) is too many: \(epochs) × \(perEpoch) iterations exceed \(Int.max)")
    }
    return product
  }
}
