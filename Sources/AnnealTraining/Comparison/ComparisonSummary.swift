// Copyright © 2026 the Anneal authors.

import Foundation

/// Several configurations' runs summed up: each configuration's final and best accuracy, final
/// loss and time as mean ± standard deviation over its seeds, ranked by mean final accuracy,
/// and whether the leader's margin over the runner-up exceeds the noise between seeds.
///
/// ```swift
/// let summary = ComparisonSummary(runs)
/// print(summary.entries.first?.configuration ?? "")
/// if case .withinNoise(let test)? = summary.leaderVerdict { print("p =", test.pValue) }
/// try summary.jsonData().write(to: url)
/// ```
public struct ComparisonSummary: Sendable {
  /// One configuration's runs and their statistics.
  public struct Entry: Sendable {
    /// The configuration's name.
    public let configuration: String
    /// Its runs, one per seed, in the order given.
    public let runs: [ComparisonRun]
    /// Final accuracy over the seeds.
    public let finalAccuracy: Statistic
    /// Best accuracy over the seeds.
    public let bestAccuracy: Statistic
    /// Final loss over the seeds, `nil` when no run stepped.
    public let finalLoss: Statistic?
    /// Wall time over the seeds.
    public let wallTime: Statistic
    /// The lowest and highest learning rate of any of its runs.
    public let learningRateRange: ClosedRange<Double>?
    /// What the caller records about the configuration (its optimizer, scheduler …), for the
    /// JSON report.
    public let details: [String: String]

    /// Each iteration's loss averaged over the runs, then over windows of `window` iterations
    /// (the point at each window's last iteration), for a readable curve.
    public func meanLosses(window: Int = 1) -> [(x: Double, y: Double)] {
      let points = Self.mean(runs.map { $0.steps.map { ($0.iteration, $0.loss) } })
      guard window > 1 else { return points }
      var smoothed: [(x: Double, y: Double)] = []
      var start = 0
      while start < points.count {
        let slice = points[start..<min(points.count, start + window)]
        smoothed.append((slice.last?.x ?? 0, slice.reduce(0) { $0 + $1.y } / Double(slice.count)))
        start += window
      }
      return smoothed
    }

    /// Each evaluation's accuracy averaged over the runs.
    public var meanAccuracies: [(x: Double, y: Double)] {
      Self.mean(runs.map { $0.evaluations.map { ($0.iteration, $0.accuracy) } })
    }

    /// Each iteration's learning rate averaged over the runs (the same in every run unless the
    /// schedule reacts to the loss).
    public var meanLearningRates: [(x: Double, y: Double)] {
      Self.mean(runs.map { $0.steps.map { ($0.iteration, $0.learningRate) } })
    }

    /// The mean at each iteration over the series that have it, in iteration order.
    private static func mean(_ series: [[(Int, Double)]]) -> [(x: Double, y: Double)] {
      var sums: [Int: (sum: Double, count: Int)] = [:]
      for line in series {
        for (iteration, value) in line { sums[iteration, default: (0, 0)].sum += value }
        for (iteration, _) in line { sums[iteration, default: (0, 0)].count += 1 }
      }
      return sums.keys.sorted().compactMap { iteration in
        sums[iteration].map { (Double(iteration), $0.sum / Double($0.count)) }
      }
    }
  }

  /// Whether the leader is ahead of the runner-up by more than the seeds' noise.
  public enum Verdict: Sendable, Hashable {
    /// Fewer than two seeds per configuration: the noise is not measured.
    case unmeasured
    /// Welch's t-test on the final accuracies gives p ≥ 0.05: the margin is within noise.
    case withinNoise(WelchTTest)
    /// p < 0.05: the leader is ahead.
    case significant(WelchTTest)
  }

  /// The configurations, best mean final accuracy first (equal ones in the order given).
  public let entries: [Entry]

  /// The significance level of ``leaderVerdict``.
  public static let significanceLevel = 0.05

  /// Sums up `runs`, grouped by configuration in the order they first appear; `details`
  /// are recorded per configuration for ``jsonData()``.
  ///
  /// Runs without an evaluation are left out (they have no accuracy to rank).
  public init(_ runs: [ComparisonRun], details: [String: [String: String]] = [:]) {
    var order: [String] = []
    var grouped: [String: [ComparisonRun]] = [:]
    for run in runs where run.finalAccuracy != nil {
      if grouped[run.configuration] == nil { order.append(run.configuration) }
      grouped[run.configuration, default: []].append(run)
    }
    let entries = order.compactMap { name -> Entry? in
      let group = grouped[name] ?? []
      guard let final = Statistic(group.compactMap(\.finalAccuracy)),
        let best = Statistic(group.compactMap { $0.bestEvaluation?.accuracy }),
        let time = Statistic(group.map(\.wallTime))
      else { return nil }
      let ranges = group.compactMap(\.learningRateRange)
      let range = ranges.isEmpty ? nil : (ranges.map(\.lowerBound).min() ?? 0)...(ranges.map(\.upperBound).max() ?? 0)
      return Entry(
        configuration: name, runs: group, finalAccuracy: final, bestAccuracy: best,
        finalLoss: Statistic(group.compactMap(\.finalLoss)), wallTime: time, learningRateRange: range,
        details: details[name] ?? [:])
    }
    // A stable sort: equal accuracies keep the order given.
    self.entries = entries.enumerated().sorted {
      ($0.element.finalAccuracy.mean, -$0.offset) > ($1.element.finalAccuracy.mean, -$1.offset)
    }.map(\.element)
  }

  /// The leader's margin over the runner-up, judged by Welch's t-test on the seeds' final
  /// accuracies; `nil` with fewer than two configurations.
  public var leaderVerdict: Verdict? {
    guard entries.count >= 2 else { return nil }
    let leader = entries[0].runs.compactMap(\.finalAccuracy)
    let runnerUp = entries[1].runs.compactMap(\.finalAccuracy)
    guard let test = WelchTTest(leader, runnerUp) else { return .unmeasured }
    return test.pValue < Self.significanceLevel ? .significant(test) : .withinNoise(test)
  }

  /// The CSV columns of ``csv()``.
  public static let csvColumns = [
    "configuration", "seed", "final_accuracy", "best_accuracy", "best_iteration", "final_loss", "lr_min", "lr_max",
    "wall_seconds",
  ]

  /// One row per run (configuration, then seed, in ranked order), with a header: tidy data
  /// for pandas or a spreadsheet.
  public func csv() -> String {
    var text = Self.csvColumns.joined(separator: ",") + "\n"
    for entry in entries {
      for run in entry.runs {
        let values: [String] = [
          Self.csvField(entry.configuration), String(run.seed), run.finalAccuracy.map(Self.shortest) ?? "",
          run.bestEvaluation.map { Self.shortest($0.accuracy) } ?? "",
          run.bestEvaluation.map { "\($0.iteration)" } ?? "",
          run.finalLoss.map(Self.shortest) ?? "", run.learningRateRange.map { "\($0.lowerBound)" } ?? "",
          run.learningRateRange.map { "\($0.upperBound)" } ?? "", String(format: "%.3f", run.wallTime),
        ]
        text += values.joined(separator: ",") + "\n"
      }
    }
    return text
  }

  /// A float32 value (an accuracy, a loss) in its shortest form, `97.88` rather than the
  /// `97.87999725341797` of its double; other values as doubles.
  private static func shortest(_ value: Double) -> String {
    Double(Float(value)) == value ? "\(Float(value))" : "\(value)"
  }

  /// RFC 4180 quoting: fields with commas, quotes or line breaks are quoted, quotes doubled.
  private static func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// The summary as JSON: the configurations in ranked order with their statistics, details
  /// and runs (without the curves), and the leader's verdict.
  public func jsonData() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    return try encoder.encode(Report(self))
  }

  private struct Report: Encodable {
    struct Run: Encodable {
      let seed: UInt64
      let finalAccuracy: Double?
      let bestAccuracy: Double?
      let bestIteration: Int?
      let finalLoss: Double?
      let lrMin: Double?
      let lrMax: Double?
      let wallSeconds: Double
    }
    struct Configuration: Encodable {
      let rank: Int
      let configuration: String
      let details: [String: String]
      let finalAccuracy: Statistic
      let bestAccuracy: Statistic
      let finalLoss: Statistic?
      let wallSeconds: Statistic
      let lrMin: Double?
      let lrMax: Double?
      let runs: [Run]
    }
    struct Leader: Encodable {
      let leader: String
      let runnerUp: String
      let margin: Double
      let verdict: String
      let welch: WelchTTest?
    }
    let configurations: [Configuration]
    let leader: Leader?

    init(_ summary: ComparisonSummary) {
      configurations = summary.entries.enumerated().map { index, entry in
        Configuration(
          rank: index + 1, configuration: entry.configuration, details: entry.details,
          finalAccuracy: entry.finalAccuracy, bestAccuracy: entry.bestAccuracy, finalLoss: entry.finalLoss,
          wallSeconds: entry.wallTime, lrMin: entry.learningRateRange?.lowerBound,
          lrMax: entry.learningRateRange?.upperBound,
          runs: entry.runs.map { run in
            Run(
              seed: run.seed, finalAccuracy: run.finalAccuracy, bestAccuracy: run.bestEvaluation?.accuracy,
              bestIteration: run.bestEvaluation?.iteration, finalLoss: run.finalLoss,
              lrMin: run.learningRateRange?.lowerBound, lrMax: run.learningRateRange?.upperBound,
              wallSeconds: run.wallTime)
          })
      }
      leader = summary.leaderVerdict.map { verdict in
        let (first, second) = (summary.entries[0], summary.entries[1])
        let (name, test): (String, WelchTTest?) =
          switch verdict {
          case .unmeasured: ("unmeasured", nil)
          case .withinNoise(let test): ("within noise", test)
          case .significant(let test): ("significant", test)
          }
        return Leader(
          leader: first.configuration, runnerUp: second.configuration,
          margin: first.finalAccuracy.mean - second.finalAccuracy.mean, verdict: name, welch: test)
      }
    }
  }
}
