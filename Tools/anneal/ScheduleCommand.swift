// Copyright © 2026 the Anneal authors.

import AnnealLRScheduler
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

  @Argument(help: "The scheduler, in PyTorch syntax without the optimizer.")
  var spec: String

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

  func validate() throws {
    guard steps >= 0 else { throw ValidationError("--steps must be non-negative") }
    guard lr.allSatisfy({ $0.isFinite && $0 >= 0 }) else { throw ValidationError("--lr must be a non-negative number") }
  }

  func run() throws {
    let values: [Double]
    do {
      values = try parseMetrics()
      let parsed = try SchedulerSpec(parsing: spec)
      let trace = try ScheduleTrace(
        spec: parsed, lrs: lr.isEmpty ? [0.1] : lr, momentum: optimizer == .adam ? 0.9 : momentum, steps: steps,
        metrics: values)
      print(render(trace), terminator: "")
    } catch let error as SpecError {
      throw CLIError(message: error.description)
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
