// Copyright © 2026 the Anneal authors.

import Foundation

/// A line chart drawn with Unicode braille characters (2×4 dots per cell), fitted to the
/// terminal's width, with the y range on the left and the x range below.
struct TerminalChart {
  var series: [ChartSeries]
  var logY = false
  var width: Int
  var height = 16
  var colors = false

  static let ansi = ["\u{1b}[34m", "\u{1b}[31m", "\u{1b}[32m", "\u{1b}[33m", "\u{1b}[35m", "\u{1b}[36m"]

  /// The terminal's width in columns: `$COLUMNS`, else the tty's, else 80.
  static func terminalWidth() -> Int {
    if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 20 { return columns }
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
    return 80
  }

  func render() -> String {
    let xs = series.flatMap { $0.points.map(\.x) }
    let ys = series.flatMap { $0.points.map(\.y) }
    let xScale = AxisScale(xs, logarithmic: false)
    let yScale = AxisScale(ys, logarithmic: logY)
    let yLabels = [yScale.high, (yScale.high + yScale.low) / 2, yScale.low].map { value -> String in
      let shown = logY ? Foundation.pow(10, value) : value
      return String(format: "%.4g", shown)
    }
    let labelWidth = yLabels.map(\.count).max() ?? 0
    let columns = max(10, width - labelWidth - 3)
    let dotsX = columns * 2
    let dotsY = height * 4
    var cells = [[UInt32]](repeating: [UInt32](repeating: 0, count: columns), count: height)
    var owner = [[Int]](repeating: [Int](repeating: -1, count: columns), count: height)
    let bits: [[UInt32]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
    for (index, line) in series.enumerated() {
      var previous: (Int, Int)?
      for point in line.points {
        guard let px = xScale.position(point.x), let py = yScale.position(point.y) else {
          previous = nil
          continue
        }
        let dx = min(dotsX - 1, max(0, Int((px * Double(dotsX - 1)).rounded())))
        let dy = min(dotsY - 1, max(0, Int(((1 - py) * Double(dotsY - 1)).rounded())))
        let steps = previous.map { max(abs($0.0 - dx), abs($0.1 - dy), 1) } ?? 1
        for s in 0...steps {
          let t = Double(s) / Double(steps)
          let x = previous.map { Int((Double($0.0) + (Double(dx - $0.0)) * t).rounded()) } ?? dx
          let y = previous.map { Int((Double($0.1) + (Double(dy - $0.1)) * t).rounded()) } ?? dy
          cells[y / 4][x / 2] |= bits[y % 4][x % 2]
          owner[y / 4][x / 2] = index
        }
        previous = (dx, dy)
      }
    }
    var lines: [String] = []
    for row in 0..<height {
      let label = row == 0 ? yLabels[0] : row == height / 2 ? yLabels[1] : row == height - 1 ? yLabels[2] : ""
      var text = String(repeating: " ", count: labelWidth - label.count) + label + " ┤"
      for column in 0..<columns {
        let pattern = cells[row][column]
        let glyph = pattern == 0 ? " " : String(UnicodeScalar(0x2800 + pattern).map(Character.init) ?? " ")
        if colors, pattern != 0, owner[row][column] >= 0 {
          text += Self.ansi[owner[row][column] % Self.ansi.count] + glyph + "\u{1b}[0m"
        } else {
          text += glyph
        }
      }
      lines.append(text)
    }
    lines.append(String(repeating: " ", count: labelWidth + 1) + "└" + String(repeating: "─", count: columns))
    let low = String(format: "%g", xScale.low)
    let high = String(format: "%g", xScale.high)
    lines.append(
      String(repeating: " ", count: labelWidth + 2) + low
        + String(repeating: " ", count: max(1, columns - low.count - high.count)) + high)
    if series.count > 1 || !(series.first?.name.isEmpty ?? true) {
      for (index, line) in series.enumerated() {
        let mark = colors ? Self.ansi[index % Self.ansi.count] + "⣿⣿\u{1b}[0m" : "[\(index + 1)]"
        lines.append(String(repeating: " ", count: labelWidth + 2) + "\(mark) \(line.name)")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
