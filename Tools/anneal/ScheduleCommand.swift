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

  enum OptimizerKind: String, CaseInsensitiveArgument {
    case sgd, adam
  }

  enum Format: String, CaseInsensitiveArgument {
    case table, csv, json
  }

  @Argument(help: "The scheduler, in PyTorch syntax without the optimizer; several with --plot or --svg.")
  var specs: [String]

  @Option(parsing: .unconditionalSingleValue, help: "Learning rate of a param group; repeat for several groups.")
  var lr: [Double] = []

  @Option(parsing: .unconditional, help: "Number of step() calls.")
  var steps: Int = 10

  @Option(help: "Optimizer whose momentum is reported: SGD's momentum or Adam's beta1 (0.9).")
  var optimizer: OptimizerKind = .sgd

  @Option(parsing: .unconditional, help: "SGD momentum.")
  var momentum: Double = 0

  @Option(parsing: .unconditional, help: "Comma-separated metrics fed to ReduceLROnPlateau.step, one per step.")
  var metrics: String?

  @Option(
    help: """
      What the schedule drives: lr, or a hyperparameter a scheduler can drive instead (e.g. \
      weight_decay, as anneal mnist --wd-scheduler does): --lr then gives its starting value and \
      no momentum is reported.
      """)
  var hyperparameter: String = "lr"

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
    guard hyperparameter.wholeMatch(of: /[A-Za-z_][A-Za-z0-9_]*/) != nil else {
      throw ValidationError("--hyperparameter must be a name such as weight_decay, got '\(hyperparameter)'")
    }
    guard lr.allSatisfy({ $0.isFinite && $0 >= 0 }) else { throw ValidationError("--lr must be a non-negative number") }
  }

  /// The longest schedule `--plot` and `--svg` draw (their points are kept in memory).
  static let maximumChartSteps = 1_000_000

  func run() throws {
    let values = try parseMetrics()
    var parsed: [SchedulerSpec] = []
    for text in specs {
      do throws(SpecError) {
        parsed.append(try SchedulerSpec(parsing: text))
      } catch {
        throw CLIError(message: error.description)
      }
    }
    if plot || svg != nil {
      try drawCharts(parsed, metrics: values)
    } else {
      try printRows(parsed[0], metrics: values)
    }
  }

  /// Runs the schedule, giving each row to `body`; `body` returns `false` to stop.
  private func forEachRow(
    _ spec: SchedulerSpec, metrics: [Double], _ body: (Int, [Double], [Double?]) -> Bool
  ) throws(CLIError) {
    do throws(SpecError) {
      try ScheduleTrace.forEachRow(
        spec: spec, lrs: lr.isEmpty ? [0.1] : lr,
        momentum: hyperparameter != "lr" ? nil : optimizer == .adam ? 0.9 : momentum, steps: steps,
        metrics: metrics, noiseSource: TorchNoise(), body)
    } catch {
      throw CLIError(message: error.description)
    }
  }

  private func drawCharts(_ parsed: [SchedulerSpec], metrics: [Double]) throws {
    guard steps <= Self.maximumChartSteps else {
      throw CLIError(
        message:
          "--plot and --svg draw at most \(Self.maximumChartSteps) steps, got --steps \(steps); "
          + "print the rows (--format csv) instead")
    }
    var lrSeries: [ChartSeries] = []
    var momentumSeries: [ChartSeries] = []
    for (text, spec) in zip(specs, parsed) {
      var lrPoints: [(x: Double, y: Double)] = []
      var momentumPoints: [(x: Double, y: Double)] = []
      try forEachRow(spec, metrics: metrics) { index, lrs, momenta in
        lrPoints.append((Double(index), lrs[0]))
        momentumPoints.append((Double(index), momenta[0] ?? .nan))
        return true
      }
      lrSeries.append(ChartSeries(name: text, points: lrPoints))
      if Set(momentumPoints.map(\.y).filter { !$0.isNaN }).count > 1 {
        momentumSeries.append(ChartSeries(name: text, points: momentumPoints))
      }
    }
    if let svg {
      var charts = [
        SVGChart(title: chartTitle, xLabel: "step", yLabel: hyperparameter, series: lrSeries, logY: logScale)
      ]
      if !momentumSeries.isEmpty {
        charts.append(SVGChart(title: "Momentum", xLabel: "step", yLabel: "momentum", series: momentumSeries))
      }
      try SVGChart.write(charts, to: svg)
    }
    if plot {
      let width = TerminalChart.terminalWidth()
      let colors = isatty(STDOUT_FILENO) == 1
      var text =
        chartTitle.lowercased() + "\n"
        + TerminalChart(series: lrSeries, logY: logScale, width: width, colors: colors).render()
      if !momentumSeries.isEmpty {
        text += "momentum\n" + TerminalChart(series: momentumSeries, width: width, height: 8, colors: colors).render()
      }
      try Console.write(text)
    }
  }

  /// Prints the rows as they are produced, so that a schedule of any length runs in constant
  /// memory.
  private func printRows(_ spec: SchedulerSpec, metrics: [Double]) throws {
    let out = RowWriter()
    let stream = { (line: (Int, [Double], [Double?]) -> String) throws in
      try forEachRow(spec, metrics: metrics) { out.write(line($0, $1, $2)) }
      try out.check()
    }
    switch format {
    case .json:
      // {"lr": rows, "momentum": rows}: the schedule runs twice (it is deterministic, noise
      // included) so that neither half is held in memory.
      let row = { (values: [Double]) in "[" + values.map(json).joined(separator: ", ") + "]" }
      _ = out.write("{\"\(hyperparameter)\": [")
      try stream { index, lrs, _ in (index == 0 ? "" : ", ") + row(lrs) }
      _ = out.write("], \"momentum\": [")
      try stream { index, _, momenta in (index == 0 ? "" : ", ") + row(momenta.map { $0 ?? .nan }) }
      _ = out.write("]}\n")
    case .csv:
      try stream { index, lrs, momenta in
        let header =
          index > 0
          ? ""
          : (["step"] + lrs.indices.map { "\(hyperparameter)_\($0)" } + lrs.indices.map { "momentum_\($0)" })
            .joined(separator: ",") + "\n"
        return header + cells(index, lrs, momenta).joined(separator: ",") + "\n"
      }
    case .table:
      // Columns are as wide as their widest entry among the first rows; the rare longer entry
      // later on widens only its own row.
      let table = TableLayout(headRows: Self.tableHead, lastRow: steps)
      try stream { index, lrs, momenta in
        if index == 0 {
          let groups = lrs.count
          table.header(
            ["step"] + (0..<groups).map { groups == 1 ? hyperparameter : "\(hyperparameter)[\($0)]" }
              + (0..<groups).map { groups == 1 ? "momentum" : "momentum[\($0)]" })
        }
        return table.add(cells(index, lrs, momenta), index: index)
      }
    }
    try out.flush()
  }

  /// The chart's title: the learning rate, or the hyperparameter scheduled instead.
  private var chartTitle: String { hyperparameter == "lr" ? "Learning rate" : hyperparameter }

  /// Rows of `--format table` whose widths set the columns'.
  private static let tableHead = 10_000

  private func cells(_ index: Int, _ lrs: [Double], _ momenta: [Double?]) -> [String] {
    [String(index)] + lrs.map(PythonRepr.repr) + momenta.map { PythonRepr.repr($0 ?? .nan) }
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

  /// Python's `json.dumps` of a float.
  private func json(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
    return PythonRepr.repr(value)
  }
}

/// Standard output in large writes for ``ScheduleCommand``'s rows; the first failure stops the
/// rows and is reported by ``check()``.
private final class RowWriter {
  private var out = Console.Buffered()
  private var failure: CLIError?

  /// Adds `text`; `false` once a write has failed.
  func write(_ text: String) -> Bool {
    guard failure == nil else { return false }
    do {
      try out.write(text)
    } catch {
      failure = error
    }
    return failure == nil
  }

  func check() throws(CLIError) {
    if let failure { throw failure }
  }

  func flush() throws(CLIError) {
    try check()
    try out.flush()
  }
}

/// A right-aligned table printed as it grows: the widths come from the header and the first
/// `headRows` rows, which are held back until then.
private final class TableLayout {
  private let headRows: Int
  private let lastRow: Int
  private var head: [[String]] = []
  private var widths: [Int] = []

  init(headRows: Int, lastRow: Int) {
    self.headRows = headRows
    self.lastRow = lastRow
  }

  func header(_ row: [String]) { head.append(row) }

  /// The text to print for row `index`: nothing while the widths are not known yet.
  func add(_ row: [String], index: Int) -> String {
    guard widths.isEmpty else { return line(row) }
    head.append(row)
    guard head.count > headRows || index == lastRow else { return "" }
    widths = head[0].indices.map { column in head.map { $0[column].count }.max() ?? 0 }
    defer { head = [] }
    return head.map(line).joined()
  }

  private func line(_ row: [String]) -> String {
    zip(row, widths).map { String(repeating: " ", count: max(0, $1 - $0.count)) + $0 }.joined(separator: "  ") + "\n"
  }
}
