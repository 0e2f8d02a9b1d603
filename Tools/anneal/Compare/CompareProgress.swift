// Copyright © 2026 the Anneal authors.

import Anneal
import Foundation
import Synchronization

/// The progress of a comparison's runs. On a terminal, one line per run, redrawn in place at
/// most ten times a second; otherwise one line on standard error as each run finishes.
final class CompareProgress: Sendable {
  struct Row {
    let name: String
    var iteration = 0
    let total: Int
    var loss: Double?
    var accuracy: Double?
    var seconds: Double?
  }

  private struct State {
    var rows: [Row]
    var drawn = false
    var lastDraw: UInt64 = 0
    var finished = 0
  }

  private let state: Mutex<State>
  private let interactive = isatty(STDOUT_FILENO) == 1

  /// Rows named `names`, each `total` iterations long.
  init(names: [String], total: Int) {
    state = Mutex(State(rows: names.map { Row(name: $0, total: total) }))
  }

  /// Records an iteration of run `index`.
  func update(_ index: Int, iteration: Int, loss: Double, accuracy: Double?) {
    state.withLock { state in
      state.rows[index].iteration = iteration
      state.rows[index].loss = loss
      if let accuracy { state.rows[index].accuracy = accuracy }
      draw(&state, force: false)
    }
  }

  /// Marks run `index` finished after `seconds`.
  func finish(_ index: Int, seconds: Double) {
    state.withLock { state in
      state.rows[index].seconds = seconds
      state.finished += 1
      if interactive {
        draw(&state, force: true)
      } else {
        let row = state.rows[index]
        let accuracy = row.accuracy.map { String(format: ", accuracy %.2f%%", $0) } ?? ""
        Console.note(
          String(
            format: "[%d/%d] %@: %d iterations in %.1f s%@", state.finished, state.rows.count, row.name,
            row.iteration, seconds, accuracy))
      }
    }
  }

  private func draw(_ state: inout State, force: Bool) {
    guard interactive else { return }
    let now = DispatchTime.now().uptimeNanoseconds
    guard force || now - state.lastDraw > 100_000_000 else { return }
    state.lastDraw = now
    let width = min(TerminalChart.terminalWidth(), 160)
    let nameWidth = min(state.rows.map(\.name.count).max() ?? 0, max(12, width - 62))
    var text = state.drawn ? "\u{1b}[\(state.rows.count)A" : ""
    for row in state.rows {
      let name = row.name.count > nameWidth ? String(row.name.prefix(nameWidth - 1)) + "…" : row.name
      let fraction = Double(row.iteration) / Double(max(row.total, 1))
      let filled = min(20, Int(fraction * 20))
      let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: 20 - filled)
      let loss = row.loss.map { String(format: "  loss %.4f", $0) } ?? ""
      let accuracy = row.accuracy.map { String(format: "  %.2f%%", $0) } ?? ""
      let done = row.seconds.map { String(format: "  %.1f s", $0) } ?? ""
      let padded = name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
      text += "\r\u{1b}[2K\(padded) \(bar) \(row.iteration)/\(row.total)\(loss)\(accuracy)\(done)\n"
    }
    state.drawn = true
    try? Console.write(text)
  }
}
