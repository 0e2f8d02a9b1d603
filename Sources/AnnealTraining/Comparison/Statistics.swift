// Copyright © 2026 the Anneal authors.

import Foundation

/// The mean and spread of one measurement over several runs (seeds).
public struct Statistic: Sendable, Hashable, Codable {
  /// The number of values.
  public let count: Int
  /// Their mean.
  public let mean: Double
  /// Their sample standard deviation (Bessel's correction, as `torch.std` and
  /// `statistics.stdev`), `nil` for fewer than two values.
  public let standardDeviation: Double?

  /// The statistic of `values`; `nil` when there are none.
  public init?(_ values: [Double]) {
    guard !values.isEmpty else { return nil }
    count = values.count
    let mean = values.reduce(0, +) / Double(values.count)
    self.mean = mean
    if values.count > 1 {
      let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
      standardDeviation = (squares / Double(values.count - 1)).squareRoot()
    } else {
      standardDeviation = nil
    }
  }
}

/// Welch's two-sample t-test: whether two sets of measurements (a configuration's accuracies
/// over seeds, say) have different means, without assuming equal variances.
///
/// PyTorch has no counterpart; this is SciPy's `scipy.stats.ttest_ind(a, b, equal_var=False)`
/// (two-sided), and agrees with it to rounding.
public struct WelchTTest: Sendable, Hashable, Codable {
  /// The t statistic of `mean(a) − mean(b)`.
  public let t: Double
  /// The Welch–Satterthwaite degrees of freedom.
  public let degreesOfFreedom: Double
  /// The two-sided p-value: the probability of a difference at least this large between two
  /// samples of one distribution.
  public let pValue: Double

  /// Tests `a` against `b`; `nil` unless each has at least two values.
  ///
  /// When neither sample varies, the means are either equal (p = 1) or certainly different
  /// (p = 0); SciPy returns NaN for the first of these.
  public init?(_ a: [Double], _ b: [Double]) {
    guard let first = Statistic(a), let second = Statistic(b),
      let deviationA = first.standardDeviation, let deviationB = second.standardDeviation
    else { return nil }
    let varianceA = deviationA * deviationA / Double(first.count)
    let varianceB = deviationB * deviationB / Double(second.count)
    let difference = first.mean - second.mean
    guard varianceA + varianceB > 0 else {
      t = difference == 0 ? 0 : difference > 0 ? .infinity : -.infinity
      degreesOfFreedom = Double(first.count + second.count - 2)
      pValue = difference == 0 ? 1 : 0
      return
    }
    t = difference / (varianceA + varianceB).squareRoot()
    let numerator = (varianceA + varianceB) * (varianceA + varianceB)
    let denominator =
      varianceA * varianceA / Double(first.count - 1) + varianceB * varianceB / Double(second.count - 1)
    degreesOfFreedom = numerator / denominator
    // P(|T| ≥ |t|) for Student's t with ν degrees of freedom is I_{ν/(ν+t²)}(ν/2, 1/2).
    pValue = Self.regularizedIncompleteBeta(
      degreesOfFreedom / (degreesOfFreedom + t * t), a: degreesOfFreedom / 2, b: 0.5)
  }

  /// I_x(a, b), by its continued fraction (modified Lentz), on the side where it converges fast.
  static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
    if x < (a + 1) / (a + b + 2) {
      return exp(logFront) * continuedFraction(x, a: a, b: b) / a
    }
    return 1 - exp(logFront) * continuedFraction(1 - x, a: b, b: a) / b
  }

  private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
    let tiny = 1e-300
    var c = 1.0
    var d = 1 - (a + b) * x / (a + 1)
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var result = d
    for m in 1...10_000 {
      let m = Double(m)
      // The even and the odd term of the fraction.
      for numerator in [
        m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
        -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
      ] {
        d = 1 + numerator * d
        if abs(d) < tiny { d = tiny }
        c = 1 + numerator / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        result *= d * c
      }
      if abs(d * c - 1) < 1e-16 { break }
    }
    return result
  }
}
