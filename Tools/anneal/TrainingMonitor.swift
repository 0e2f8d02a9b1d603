// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealLRScheduler
import AnnealTraining
import Foundation

/// What a training run shows and keeps besides its result lines: a progress bar with rate
/// and ETA when standard output is a terminal (never in pipes or logs), metrics as JSON Lines,
/// the curves for an SVG chart, and a summary.
struct TrainingMonitor {
  private let totalIterations: Int
  private let interactive = isatty(STDOUT_FILENO) == 1
  private let start = DispatchTime.now().uptimeNanoseconds
  private var lastDraw: UInt64 = 0
  private var outputs: Outputs
  private var losses: [(x: Double, y: Double)] = []
  private var rates: [(x: Double, y: Double)] = []
  private var accuracies: [(x: Double, y: Double)] = []
  private var firstIteration: Int?
  private var lastIteration = 0

  /// Where the metrics go besides the screen, opened before the run so that a bad path fails
  /// before training starts.
  struct Outputs {
    /// `--log`: JSON Lines.
    var log: OutputFile?
    /// `--csv`: one row per iteration.
    var csv: OutputFile?
    /// Whether the CSV file is new and needs its header row.
    var csvNeedsHeader = false
    /// `--tensorboard`: an event file.
    var tensorboard: SummaryWriter?
  }

  /// A monitor writing metrics to `outputs`.
  init(outputs: Outputs, totalIterations: Int) {
    self.totalIterations = totalIterations
    self.outputs = outputs
  }

  private var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

  /// Prints a result line, clearing the progress bar first; unbuffered so that it shows at
  /// once even when piped.
  func print(_ line: String) throws(CLIError) {
    let clear = interactive ? "\r\u{1b}[2K" : ""
    try Console.write(clear + line + "\n")
  }

  /// Prints a message on standard error, clearing the progress bar first.
  func note(_ line: String) {
    if interactive { try? Console.write("\r\u{1b}[2K") }
    Console.note(line)
  }

  /// Records one iteration: its loss, each group's learning rate and momentum (as the step
  /// used them) and, after an evaluation, the accuracy.
  mutating func record(
    iteration: Int, epoch: Int, loss: Double, groups: [SchedulableGroup], weightDecays: [Double]? = nil,
    accuracy: Double?
  ) throws {
    if firstIteration == nil { firstIteration = iteration - 1 }
    lastIteration = iteration
    let lrs = groups.map(\.lr)
    losses.append((Double(iteration), loss))
    rates.append((Double(iteration), lrs.first ?? .nan))
    if let accuracy { accuracies.append((Double(iteration), accuracy)) }
    let elapsedText = String(format: "%.3f", elapsed)
    do {
      if let log = outputs.log {
        let lrList = lrs.map(PythonRepr.repr).joined(separator: ", ")
        let accuracyText = accuracy.map { String($0) } ?? "null"
        let decayText = weightDecays.map {
          "\"weight_decay\": [\($0.map(PythonRepr.repr).joined(separator: ", "))], "
        }
        try log.write(
          "{\"iteration\": \(iteration), \"epoch\": \(epoch), \"loss\": \(loss.isFinite ? String(loss) : "null"), "
            + "\"lr\": [\(lrList)], \(decayText ?? "")\"accuracy\": \(accuracyText), \"elapsed\": \(elapsedText)}\n")
      }
      if let csv = outputs.csv {
        if outputs.csvNeedsHeader {
          let groupColumns =
            groups.indices.map { "lr_\($0)" }
            + groups.indices.compactMap { index in
              groups[index].momentum == nil ? nil : "momentum_\(index)"
            } + (weightDecays?.indices.map { "weight_decay_\($0)" } ?? [])
          try csv.write(
            (["iteration", "epoch", "loss"] + groupColumns + ["accuracy", "elapsed"]).joined(separator: ",") + "\n")
          outputs.csvNeedsHeader = false
        }
        let values =
          [String(iteration), String(epoch), String(loss)] + lrs.map(PythonRepr.repr)
          + groups.compactMap { $0.momentum.map(PythonRepr.repr) } + (weightDecays ?? []).map(PythonRepr.repr)
          + [accuracy.map { String($0) } ?? "", elapsedText]
        try csv.write(values.joined(separator: ",") + "\n")
      }
      if let tensorboard = outputs.tensorboard {
        var scalars = [(tag: "train/loss", value: loss)]
        for (index, group) in groups.enumerated() {
          scalars.append(("lr/group\(index)", group.lr))
          if let momentum = group.momentum { scalars.append(("momentum/group\(index)", momentum)) }
        }
        for (index, decay) in (weightDecays ?? []).enumerated() {
          scalars.append(("weight_decay/group\(index)", decay))
        }
        if let accuracy { scalars.append(("eval/accuracy", accuracy)) }
        try tensorboard.addScalars(scalars, step: iteration)
      }
    } catch {
      throw CLIError(message: error.description)
    }
    try drawProgress(iteration, loss: loss, lr: lrs.first)
  }

  private mutating func drawProgress(_ iteration: Int, loss: Double, lr: Double?) throws(CLIError) {
    guard interactive else { return }
    let now = DispatchTime.now().uptimeNanoseconds
    guard now - lastDraw > 100_000_000 || iteration == totalIterations else { return }
    lastDraw = now
    let done = Double(iteration - (firstIteration ?? 0))
    let rate = done / max(elapsed, 1e-9)
    let fraction = Double(iteration) / Double(max(totalIterations, 1))
    let width = 30
    let filled = Int(fraction * Double(width))
    let eta = rate > 0 ? Double(totalIterations - iteration) / rate : 0
    let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
    let lrText = lr.map { String(format: "  lr %.4g", $0) } ?? ""
    let text = String(
      format: "\r\u{1b}[2K%@ %d/%d  loss %.4f%@  %.0f it/s  ETA %.0fs", bar, iteration, totalIterations, loss, lrText,
      rate, eta)
    try Console.write(text)
  }

  /// Writes out the metric lines the files hold in memory.
  func flush() throws(CLIError) {
    do {
      try outputs.log?.flush()
      try outputs.csv?.flush()
      try outputs.tensorboard?.flush()
    } catch {
      throw CLIError(message: error.description)
    }
  }

  /// Closes the log (reporting a write that failed late) and, on a terminal, prints a summary.
  func finish() throws(CLIError) {
    do {
      try outputs.log?.close()
      try outputs.csv?.close()
      try outputs.tensorboard?.close()
    } catch {
      throw CLIError(message: error.description)
    }
    guard interactive else { return }
    let steps = lastIteration - (firstIteration ?? 0)
    let best = accuracies.map(\.y).max()
    try print(
      String(
        format: "Done: %d iterations in %.1f s (%.0f it/s)%@", steps, elapsed, Double(steps) / max(elapsed, 1e-9),
        best.map { String(format: ", best accuracy %.2f%%", $0) } ?? ""))
  }

  /// Loss, accuracy and learning rate against iteration, stacked in one SVG.
  func writeSVG(to path: String) throws {
    let charts = [
      SVGChart(
        title: "Training loss", xLabel: "iteration", yLabel: "loss", series: [ChartSeries(name: "loss", points: losses)]
      ),
      SVGChart(
        title: "Evaluation accuracy", xLabel: "iteration", yLabel: "accuracy (%)",
        series: [ChartSeries(name: "accuracy", points: accuracies)]),
      SVGChart(
        title: "Learning rate", xLabel: "iteration", yLabel: "lr",
        series: [ChartSeries(name: "lr (group 0)", points: rates)],
        logY: rates.allSatisfy { $0.y > 0 } && (rates.map(\.y).max() ?? 1) / (rates.map(\.y).min() ?? 1) > 50),
    ]
    try SVGChart.write(charts, to: path)
  }
}
