// Copyright © 2026 the Anneal authors.

/// One named curve of a chart.
struct ChartSeries {
  var name: String
  var points: [(x: Double, y: Double)]
}
