// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealData
import AnnealNN
import AnnealOptim
import ArgumentParser
import Foundation

/// `anneal find-lr`: the learning-rate range test on the seed model.
struct FindLRCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "find-lr",
    abstract: "Run the learning-rate range test (fastai's lr_find) on the tutorial's model and suggest a learning rate."
  )

  @OptionGroup var data: DataOptions

  @Option(help: "Random seed.")
  var seed: UInt64 = 0

  @Option(help: "Samples per batch.")
  var batchSize: Int = 100

  @OptionGroup var network: ModelOptions

  @Option(help: "SGD momentum (Nesterov).")
  var momentum: Double = 0.9

  @Option(help: "First learning rate.")
  var startLR: Double = 1e-7

  @Option(help: "Last learning rate.")
  var endLR: Double = 10

  @Option(help: "Steps of the sweep.")
  var iterations: Int = 100

  @Flag(help: "Draw the loss against the learning rate in the terminal.")
  var plot = false

  @Option(help: "Write the loss-vs-learning-rate curve with the suggestions marked as SVG.")
  var svg: String?

  func validate() throws {
    guard startLR > 0, endLR > startLR else { throw ValidationError("need 0 < --start-lr < --end-lr") }
    guard iterations >= 2 else { throw ValidationError("--iterations must be at least 2") }
    guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
  }

  func run() async throws {
    do {
      try await search()
    } catch let error as CLIError {
      throw error
    } catch {
      throw CLIError(message: "\(error)")
    }
  }

  private func search() async throws {
    switch network.model {
    case .mlp: try await search(.mlp(hidden: network.hidden))
    case .cnn: try await search(.cnn)
    case .cnnBN: try await search(.cnnBN)
    }
  }

  private func search<Model: Module & Layer>(_ recipe: MNISTRecipe<Model>) async throws {
    let train = try await data.load(test: false).train
    manualSeed(seed)
    let model = recipe.make(.default)
    model.train()
    let optimizer = try SGD(model.parameters(), lr: startLR, momentum: momentum, nesterov: momentum > 0)
    let state = { (model.parameters() + model.buffers()).map(\.data) }
    let before = state()
    let loader = DataLoader(train, batchSize: batchSize, shuffle: true)
    var batches = loader.makeIterator()
    let finder = LRFinder(startLR: startLR, endLR: endLR, iterations: iterations)
    let result = try finder.run(optimizer: optimizer, parameters: model.parameters(), buffers: model.buffers()) { _ in
      if let batch = batches.next() {
        return recipe.loss(model(recipe.prepare(batch.inputs)), batch.labels)
      }
      batches = loader.makeIterator()
      guard let batch = batches.next() else {
        throw CLIError(message: "\(data.source.root): the training set is empty")
      }
      return recipe.loss(model(recipe.prepare(batch.inputs)), batch.labels)
    }
    let restored = state() == before
    let stop = result.diverged ? "stopped at lr \(format(result.lrs.last ?? 0)): the loss diverged" : "completed"
    try Console.line(
      "LR range test: \(result.lrs.count) of \(iterations) steps from \(format(startLR)) to \(format(endLR)), \(stop)")
    let suggestions = result.suggestions
    try Console.line("Suggested learning rate (steepest descent): \(format(suggestions.steepest))")
    try Console.line("Valley:                                     \(format(suggestions.valley))")
    try Console.line("Minimum loss / 10:                          \(format(suggestions.minimum))")
    try Console.line(restored ? "Model and optimizer restored." : "Warning: the model was not restored.")
    // Like fastai's plot, leave out the last 5 points, where the loss explodes.
    let shown = max(2, result.lrs.count - 5)
    let series = [
      ChartSeries(name: "smoothed loss", points: Array(zip(result.lrs.prefix(shown), result.losses.prefix(shown))))
    ]
    if plot {
      let logLR = series.map {
        ChartSeries(name: "loss vs log10(lr)", points: $0.points.map { (Foundation.log10($0.x), $0.y) })
      }
      try Console.write(
        TerminalChart(series: logLR, width: TerminalChart.terminalWidth(), colors: isatty(STDOUT_FILENO) == 1).render())
    }
    if let svg {
      func loss(at lr: Double) -> Double {
        let index = result.lrs.indices.min { abs(result.lrs[$0] - lr) < abs(result.lrs[$1] - lr) } ?? 0
        return result.losses[index]
      }
      let chart = SVGChart(
        title: "Learning-rate range test", xLabel: "learning rate (log scale)", yLabel: "smoothed loss",
        series: series, logX: true,
        markers: [
          (suggestions.valley, loss(at: suggestions.valley), "valley \(format(suggestions.valley))"),
          (suggestions.steepest, loss(at: suggestions.steepest), "steepest \(format(suggestions.steepest))"),
          (suggestions.minimum, loss(at: suggestions.minimum), "min/10 \(format(suggestions.minimum))"),
        ])
      try SVGChart.write([chart], to: svg)
    }
  }

  private func format(_ value: Double) -> String { String(format: "%.3g", value) }
}
