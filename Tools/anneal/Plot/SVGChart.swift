// Copyright © 2026 the Anneal authors.

import Anneal
import Foundation

/// A line chart as standalone SVG: axes with ticks, optional log scale, legend, and markers.
struct SVGChart {
  var title: String
  var xLabel: String
  var yLabel: String
  var series: [ChartSeries]
  var logY = false
  var logX = false
  /// Points to mark with a labelled dot, e.g. LR-finder suggestions.
  var markers: [(x: Double, y: Double, label: String)] = []

  static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

  func render(width: Double = 720, height: Double = 420) -> String {
    let left = 72.0
    let right = 24.0
    let top = 40.0
    let perRow = series.allSatisfy { $0.name.count <= 40 } ? 2 : 1
    let bottom = 56.0 + Double((series.count + perRow - 1) / perRow) * 18
    let plotWidth = width - left - right
    let plotHeight = height - top - bottom
    let xs = series.flatMap { $0.points.map(\.x) } + markers.map(\.x)
    let ys = series.flatMap { $0.points.map(\.y) } + markers.map(\.y)
    let xScale = AxisScale(xs, logarithmic: logX)
    let yScale = AxisScale(ys, logarithmic: logY)
    func px(_ x: Double) -> Double? { xScale.position(x).map { left + $0 * plotWidth } }
    func py(_ y: Double) -> Double? { yScale.position(y).map { top + (1 - $0) * plotHeight } }
    func f(_ v: Double) -> String { String(format: "%.2f", v) }

    var svg = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
      viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
      <rect width="100%" height="100%" fill="white"/>
      <text x="\(f(width / 2))" y="22" text-anchor="middle" font-size="15" font-weight="bold">\(escape(title))</text>

      """
    for tick in yScale.ticks() where (0...1).contains(tick.position) {
      let y = top + (1 - tick.position) * plotHeight
      svg +=
        "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y))\" stroke=\"#e5e5e5\"/>\n"
      svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(escape(tick.label))</text>\n"
    }
    for tick in xScale.ticks(8) where (0...1).contains(tick.position) {
      let x = left + tick.position * plotWidth
      svg += "<line x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(top + plotHeight))\" stroke=\"#f0f0f0\"/>\n"
      svg +=
        "<text x=\"\(f(x))\" y=\"\(f(top + plotHeight + 16))\" text-anchor=\"middle\">\(escape(tick.label))</text>\n"
    }
    svg +=
      "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" fill=\"none\" stroke=\"#333\"/>\n"
    svg +=
      "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(top + plotHeight + 36))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
    svg +=
      "<text transform=\"translate(16 \(f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
    for (index, line) in series.enumerated() {
      let color = Self.palette[index % Self.palette.count]
      let coordinates = line.points.compactMap { point -> String? in
        guard let x = px(point.x), let y = py(point.y) else { return nil }
        return "\(f(x)),\(f(y))"
      }
      if coordinates.count > 1 {
        svg +=
          "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(coordinates.joined(separator: " "))\"/>\n"
      } else if let only = coordinates.first {
        let parts = only.split(separator: ",")
        svg += "<circle cx=\"\(parts[0])\" cy=\"\(parts[1])\" r=\"3\" fill=\"\(color)\"/>\n"
      }
      let legendX = left + Double(index % perRow) * plotWidth / 2
      let legendY = top + plotHeight + 52 + Double(index / perRow) * 18
      svg +=
        "<line x1=\"\(f(legendX))\" y1=\"\(f(legendY - 4))\" x2=\"\(f(legendX + 24))\" y2=\"\(f(legendY - 4))\" stroke=\"\(color)\" stroke-width=\"3\"/>\n"
      let name = line.name.count > 95 ? String(line.name.prefix(94)) + "…" : line.name
      svg += "<text x=\"\(f(legendX + 30))\" y=\"\(f(legendY))\">\(escape(name))</text>\n"
    }
    for marker in markers {
      guard let x = px(marker.x), let y = py(marker.y) else { continue }
      svg += "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"5\" fill=\"none\" stroke=\"#000\" stroke-width=\"2\"/>\n"
      svg += "<text x=\"\(f(x + 8))\" y=\"\(f(y - 8))\" font-size=\"11\">\(escape(marker.label))</text>\n"
    }
    return svg + "</svg>\n"
  }

  private func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  /// Charts stacked vertically in one SVG document, written atomically to `path`.
  static func write(_ charts: [SVGChart], to path: String) throws {
    let height = 420
    var body = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\" height=\"\(height * charts.count)\">\n"
    for (index, chart) in charts.enumerated() {
      body += "<g transform=\"translate(0 \(index * height))\">\n" + chart.render(height: Double(height)) + "</g>\n"
    }
    do {
      try AtomicFile.write(Data((body + "</svg>\n").utf8), to: path)
    } catch {
      throw CLIError(message: error.description)
    }
  }
}
