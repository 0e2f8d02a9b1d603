// Copyright © 2026 the Anneal authors.

import Foundation

/// Maps data values to [0, 1] on a linear or logarithmic axis and picks readable ticks.
struct AxisScale {
  let low: Double
  let high: Double
  let logarithmic: Bool

  /// A scale covering `values` (finite ones; positive ones on a log axis).
  init(_ values: [Double], logarithmic: Bool) {
    let usable = values.filter { $0.isFinite && (!logarithmic || $0 > 0) }
    var low = usable.min() ?? 0
    var high = usable.max() ?? 1
    if logarithmic {
      low = Foundation.log10(max(low, 1e-300))
      high = Foundation.log10(max(high, 1e-300))
    }
    if high - low < 1e-12 {
      let pad = max(abs(high) * 0.05, logarithmic ? 0.5 : 1e-3)
      low -= pad
      high += pad
    }
    self.low = low
    self.high = high
    self.logarithmic = logarithmic
  }

  /// The position of `value` in [0, 1], or `nil` for values the axis cannot show.
  func position(_ value: Double) -> Double? {
    guard value.isFinite, !logarithmic || value > 0 else { return nil }
    let v = logarithmic ? Foundation.log10(value) : value
    return (v - low) / (high - low)
  }

  /// About `count` tick values with short labels.
  func ticks(_ count: Int = 5) -> [(position: Double, label: String)] {
    if logarithmic {
      let first = Int(low.rounded(.up))
      let last = Int(high.rounded(.down))
      let stride = max(1, (last - first + 1) / max(count, 1))
      return Swift.stride(from: first, through: last, by: stride).map {
        ((Double($0) - low) / (high - low), "1e\($0)")
      }
    }
    let raw = (high - low) / Double(max(count, 1))
    let magnitude = Foundation.pow(10, Foundation.floor(Foundation.log10(raw)))
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= raw } ?? raw
    var value = (low / step).rounded(.up) * step
    var ticks: [(Double, String)] = []
    while value <= high + step * 1e-9 {
      ticks.append(((value - low) / (high - low), Self.label(value, step: step)))
      value += step
    }
    return ticks
  }

  static func label(_ value: Double, step: Double) -> String {
    if abs(value) < step * 1e-6 { return "0" }
    if abs(value) >= 1e4 || abs(value) < 1e-3 { return String(format: "%.1e", value) }
    let decimals = max(0, min(6, Int(-Foundation.floor(Foundation.log10(step))) + 1))
    var text = String(format: "%.\(decimals)f", value)
    while text.contains("."), text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }
}
