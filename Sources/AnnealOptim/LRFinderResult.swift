// Copyright © 2026 the Anneal authors.

import Foundation

/// The curve of an ``LRFinder`` run and the learning rates it suggests.
public struct LRFinderResult: Sendable, Hashable {
  /// The learning rate of each step.
  public let lrs: [Double]
  /// The smoothed, bias-corrected loss of each step.
  public let losses: [Double]
  /// The loss of each step as computed.
  public let rawLosses: [Double]
  /// Whether the run stopped early because the loss diverged.
  public let diverged: Bool

  /// Suggested learning rates, computed as fastai computes them.
  public struct Suggestions: Sendable, Hashable {
    /// A tenth of the learning rate at the minimum loss (fastai: `minimum`).
    public let minimum: Double
    /// The learning rate where the loss falls fastest against log(lr) (fastai: `steep`).
    public let steepest: Double
    /// A point two thirds down the longest descent of the loss (fastai: `valley`).
    public let valley: Double
  }

  /// The suggestions, computed without the first 10 points (the smoothed loss is still
  /// settling there) and the last 5 (where it diverges), as fastai v1's `skip_start` and
  /// `skip_end` leave them out.
  public var suggestions: Suggestions {
    let end = lrs.count - 5
    let start = end - 10 >= 2 ? 10 : 0
    let range = start..<max(end, min(lrs.count, start + 2))
    let x = Array(lrs[range])
    let y = Array(losses[range])
    let count = x.count
    let minimumIndex = y.indices.min { y[$0] < y[$1] } ?? 0
    var steepestIndex = 0
    var steepestSlope = Double.infinity
    for i in 1..<max(count, 2) where i < y.count {
      let slope = (y[i] - y[i - 1]) / (Foundation.log(x[i]) - Foundation.log(x[i - 1]))
      if slope < steepestSlope {
        steepestSlope = slope
        steepestIndex = i
      }
    }
    return Suggestions(
      minimum: x[minimumIndex] / 10, steepest: x[steepestIndex], valley: x[Self.valleyIndex(y)])
  }

  /// fastai's valley: the longest strictly decreasing subsequence of the loss, and the point
  /// two thirds of the way along it.
  package static func valleyIndex(_ losses: [Double]) -> Int {
    let n = losses.count
    guard n > 1 else { return 0 }
    var lengths = [Int](repeating: 1, count: n)
    var start = 0
    var end = 0
    for i in 1..<n {
      for j in 0..<i where losses[i] < losses[j] && lengths[i] < lengths[j] + 1 {
        lengths[i] = lengths[j] + 1
      }
      if lengths[end] < lengths[i] {
        end = i
        start = end - lengths[end]
      }
    }
    let sections = Double(end - start) / 3
    return min(n - 1, max(0, start + Int(sections) + Int(sections / 2)))
  }
}
