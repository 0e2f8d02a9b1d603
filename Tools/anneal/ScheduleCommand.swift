// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealLRScheduler
import AnnealOptim
import ArgumentParser
import Foundation

/// `anneal schedule '<spec>'`: prints the learning rates (and momenta) a scheduler produces,
/// without training.
struct ScheduleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schedule",
    abstract: "Print the schedule a PyTorch scheduler spec produces, without training.",
    discussion: """
      The spec is the PyTorch constructor call without the optimizer, e.g.
        anneal schedule 'OneCycleLR(max_lr=0.1, total_steps=100)' --steps 100 --format json
        anneal schedule 'SequentialLR(schedulers=[LinearLR(start_factor=0.1, total_iters=5), \
      CosineAnnealingLR(T_max=45)], milestones=[5])' --steps 50
      LambdaLR and MultiplicativeLR take lr_lambda as a Python expression of epoch, \
      e.g. lr_lambda='0.95 ** epoch'. Row 0 is the state after construction, row i after \
      the i-th step().
      """)

  enum OptimizerKind: String, ExpressibleByArgument, CaseIterable {
    case sgd, adam
  }

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
  }

  @Argument(help: "The scheduler, in PyTorch syntax without the optimizer; several with --plot or --svg.")
  var specs: [String]

  @Option(help: "Learning rate of a param group; repeat for several groups.")
  var lr: [Double] = []

  @Option(help: "Number of step() calls.")
  var steps: Int = 10

  @Option(help: "Optimizer whose momentum is reported: SGD's momentum or Adam's beta1 (0.9).")
  var optimizer: OptimizerKind = .sgd

  @Option(help: "SGD momentum.")
  var momentum: Double = 0

  @Option(help: "Comma-separated metrics fed to ReduceLROnPlateau.step, one per step.")
  var metrics: String?

  @Option(help: "Output format.")
  var format: Format = .table

  @Flag(help: "Draw the learning rate (and momentum) in the terminal instead of printing numbers.")
  var plot = false

  @Option(help: "Write the curves as an SVG chart to this file.")
  var svg: String?

  @Flag(help: "Logarithmic learning-rate axis for --plot and --svg.")
  var logScale = false

  func validate() throws {
    guard !specs.isEmpty else { throw ValidationError("give a scheduler spec, e.g. 'StepLR(step_size=30)'") }
    guard specs.count == 1 || plot || svg != nil else {
      throw ValidationError("several specs can only be compared with --plot or --svg")
    }
    guard steps >= 0 else { throw ValidationError("--steps must be non-negative") }
    guard lr.allSatisfy({ $0.isFinite && $0 >= 0 }) else { throw ValidationError("--lr must be a non-negative number") }
  }

  func run() throws {
    let values = try parseMetrics()
    var traces: [ScheduleTrace] = []
    for spec in specs {
      do {
        traces.append(
          try ScheduleTrace(
            spec: SchedulerSpec(parsing: spec), lrs: lr.isEmpty ? [0.1] : lr,
            momentum: optimizer == .adam ? 0.9 : momentum, steps: steps, metrics: values, noiseSource: TorchNoise()))
      } catch {
        throw CLIError(message: error.description)
      }
    }
    let lrSeries = zip(specs, traces).map { spec, trace in
      ChartSeries(name: spec, points: trace.lr.enumerated().map { (Double($0.offset), $0.element[0]) })
    }
    let momentumSeries = zip(specs, traces).compactMap { spec, trace -> ChartSeries? in
      let values = trace.momentum.map { $0[0] ?? .nan }
      guard Set(values.filter { !$0.isNaN }).count > 1 else { return nil }
      return ChartSeries(name: spec, points: values.enumerated().map { (Double($0.offset), $0.element) })
    }
    if let svg {
      var charts = [SVGChart(title: "Learning rate", xLabel: "step", yLabel: "lr", series: lrSeries, logY: logScale)]
      if !momentumSeries.isEmpty {
        charts.append(SVGChart(title: "Momentum", xLabel: "step", yLabel: "momentum", series: momentumSeries))
      }
      try SVGChart.write(charts, to: svg)
    }
    if plot {
      let width = TerminalChart.terminalWidth()
      let colors = isatty(STDOUT_FILENO) == 1
      print("learning rate")
      print(TerminalChart(series: lrSeries, logY: logScale, width: width, colors: colors).render(), terminator: "")
      if !momentumSeries.isEmpty {
        print("momentum")
        print(TerminalChart(series: momentumSeries, width: width, height: 8, colors: colors).render(), terminator: "")
      }
    } else if svg == nil {
      print(render(traces[0]), terminator: "")
    }
  }

  private func parseMetrics() throws -> [Double] {
    guard let metrics else { return [] }
    var values: [Double] = []
    for item in metrics.split(separator: ",", omittingEmptySubsequences: false) {
      let text = item.trimmingCharacters(in: .whitespaces)
      guard let value = Double(text) else { throw CLIError(message: "--metrics: '\(text)' is not a number") }
      values.append(value)
    }
    return values
  }

  private func render(_ trace: ScheduleTrace) -> String {
    let momenta = trace.momentum.map { $0.map { $0 ?? .nan } }
    switch format {
    case .json:
      func rows(_ rows: [[Double]]) -> String {
        "[" + rows.map { "[" + $0.map(json).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
      }
      return "{\"lr\": \(rows(trace.lr)), \"momentum\": \(rows(momenta))}\n"
    case .csv:
      let groups = trace.lr.first?.count ?? 0
      var lines = [
        (["step"] + (0..<groups).map { "lr_\($0)" } + (0..<groups).map { "momentum_\($0)" }).joined(separator: ",")
      ]
      for (index, (lrs, momentum)) in zip(trace.lr, momenta).enumerated() {
        lines.append(
          ([String(index)] + lrs.map(PythonRepr.repr) + momentum.map(PythonRepr.repr)).joined(separator: ","))
      }
      return lines.joined(separator: "\n") + "\n"
    case .table:
      let groups = trace.lr.first?.count ?? 0
      let header =
        ["step"] + (0..<groups).map { groups == 1 ? "lr" : "lr[\($0)]" }
        + (0..<groups).map { groups == 1 ? "momentum" : "momentum[\($0)]" }
      var rows = [header]
      for (index, (lrs, momentum)) in zip(trace.lr, momenta).enumerated() {
        rows.append([String(index)] + lrs.map(PythonRepr.repr) + momentum.map(PythonRepr.repr))
      }
      let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
      return rows.map { row in
        zip(row, widths).map { String(repeating: " ", count: $1 - $0.count) + $0 }.joined(separator: "  ")
      }.joined(separator: "\n") + "\n"
    }
  }

  /// Python's `json.dumps` of a float.
  private func json(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
    return PythonRepr.repr(value)
  }
}
