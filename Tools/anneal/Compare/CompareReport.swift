// Copyright © 2026 the Anneal authors.

import AnnealTraining
import Foundation

/// What `anneal compare` shows: the ranked table, the verdict on the leader, and the
/// configurations' curves overlaid (loss, accuracy, learning rate) in the terminal and as SVG.
struct CompareReport {
  let summary: ComparisonSummary
  let runsAtOnce: Int
  /// The kernel threads (`ANNEAL_NUM_THREADS`) of each run.
  let kernelThreads: Int
  let totalIterations: Int

  /// The loss curves' window: about a hundred points per curve.
  var lossWindow: Int { max(1, totalIterations / 100) }

  private var seedCount: Int { summary.entries.map(\.runs.count).max() ?? 1 }

  /// The table, the verdict and, with `plot`, the curves, on standard output.
  func print(plot: Bool) throws(CLIError) {
    var output = Console.Buffered()
    try output.write(table())
    try output.write("\n" + verdict() + "\n")
    if plot {
      let width = TerminalChart.terminalWidth()
      let colors = isatty(STDOUT_FILENO) == 1
      for chart in charts() {
        try output.write("\n\(chart.title)\n")
        try output.write(
          TerminalChart(series: chart.series, logY: chart.logY, width: width, colors: colors).render())
      }
    }
    try output.flush()
  }

  /// The ranked table.
  func table() -> String {
    let seeds = seedCount
    let nameWidth = min(max(summary.entries.map(\.configuration.count).max() ?? 0, 13), 60)
    var rows = [["#", "Configuration", "Final acc", "Best acc", "Final loss", "LR range", "Time"]]
    for (rank, entry) in summary.entries.enumerated() {
      let name =
        entry.configuration.count > nameWidth
        ? String(entry.configuration.prefix(nameWidth - 1)) + "…" : entry.configuration
      let best =
        seeds == 1
        ? entry.runs.first?.bestEvaluation.map { String(format: "%.2f%% @%d", $0.accuracy, $0.iteration) } ?? "–"
        : Self.format(entry.bestAccuracy, digits: 2, unit: "%")
      let range = entry.learningRateRange.map {
        $0.lowerBound == $0.upperBound
          ? String(format: "%.3g", $0.lowerBound) : String(format: "%.3g … %.3g", $0.lowerBound, $0.upperBound)
      }
      rows.append([
        String(rank + 1), name, Self.format(entry.finalAccuracy, digits: 2, unit: "%"), best,
        entry.finalLoss.map { Self.format($0, digits: 4, unit: "") } ?? "–", range ?? "–",
        Self.format(entry.wallTime, digits: 1, unit: " s"),
      ])
    }
    let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    var text = ""
    for (index, row) in rows.enumerated() {
      let cells = row.enumerated().map { column, cell in
        // Numbers are right-aligned, names left-aligned.
        let pad = String(repeating: " ", count: widths[column] - cell.count)
        return column == 1 || index == 0 ? cell + pad : pad + cell
      }
      text += cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
    }
    let at =
      (runsAtOnce == 1 ? "one run at a time" : "\(runsAtOnce) runs at once")
      + (kernelThreads == 1 ? " (one kernel thread each)" : " (\(kernelThreads) kernel threads each)")
    text += "\nTest accuracy after the last iteration (final) and at the best evaluation"
    text += seeds > 1 ? ", mean ± standard deviation over \(seeds) seeds" : ""
    text +=
      "; the final loss is the last batch's; wall times with \(at) on "
      + "\(ProcessInfo.processInfo.activeProcessorCount) processors.\n"
    return text
  }

  /// Whether the leader's margin is more than the noise between seeds.
  func verdict() -> String {
    guard summary.entries.count >= 2, let verdict = summary.leaderVerdict else {
      return "Only one configuration produced an accuracy."
    }
    let (leader, runnerUp) = (summary.entries[0], summary.entries[1])
    let margin = leader.finalAccuracy.mean - runnerUp.finalAccuracy.mean
    let lead = String(
      format: "Leader: %@, %.2f points ahead of %@", leader.configuration, margin, runnerUp.configuration)
    switch verdict {
    case .unmeasured:
      return lead + ". With one seed the noise between seeds is not measured: run again with --seeds 0,1,2."
    case .withinNoise(let test):
      return lead
        + String(
          format: ": within noise (Welch's t-test over the seeds: p = %.3g ≥ %.2f); the two are not told apart.",
          test.pValue, ComparisonSummary.significanceLevel)
    case .significant(let test):
      return lead
        + String(
          format: ": more than noise (Welch's t-test over the seeds: p = %.3g < %.2f).", test.pValue,
          ComparisonSummary.significanceLevel)
    }
  }

  /// The three charts: loss, accuracy and learning rate, one curve per configuration (the mean
  /// over its seeds).
  func charts() -> [(title: String, series: [ChartSeries], logY: Bool, yLabel: String)] {
    let seeds = seedCount > 1 ? ", mean of \(seedCount) seeds" : ""
    let window = lossWindow
    let losses = summary.entries.map { ChartSeries(name: $0.configuration, points: $0.meanLosses(window: window)) }
    let accuracies = summary.entries.map { ChartSeries(name: $0.configuration, points: $0.meanAccuracies) }
    let rates = summary.entries.map { ChartSeries(name: $0.configuration, points: $0.meanLearningRates) }
    return [
      ("Training loss (mean of every \(window) iterations\(seeds))", losses, Self.wide(losses), "loss"),
      ("Test accuracy (%\(seeds))", accuracies, false, "accuracy (%)"),
      ("Learning rate (group 0)", rates, Self.wide(rates), "lr"),
    ]
  }

  /// Whether curves span more than a factor of 50 of positive values, and so read better on a
  /// logarithmic axis.
  private static func wide(_ series: [ChartSeries]) -> Bool {
    let values = series.flatMap { $0.points.map(\.y) }
    return values.allSatisfy { $0 > 0 } && (values.max() ?? 1) / (values.min() ?? 1) > 50
  }

  /// The charts stacked in one SVG.
  func writeSVG(to path: String) throws {
    let charts = charts().map { chart in
      SVGChart(title: chart.title, xLabel: "iteration", yLabel: chart.yLabel, series: chart.series, logY: chart.logY)
    }
    try SVGChart.write(charts, to: path)
  }

  /// `97.23%`, or `97.23 ± 0.05%` over several seeds.
  private static func format(_ statistic: Statistic, digits: Int, unit: String) -> String {
    let mean = String(format: "%.\(digits)f", statistic.mean)
    guard let deviation = statistic.standardDeviation else { return mean + unit }
    return mean + " ± " + String(format: "%.\(digits)f", deviation) + unit
  }
}
