// Copyright © 2026 the Anneal authors.

/// Suggests the closest valid name for a misspelt one, by Levenshtein distance on
/// lower-cased names.
enum EditDistance {
  /// The candidate closest to `name`, if it is close enough to be a plausible typo.
  static func suggestion(for name: String, in candidates: some Sequence<String>) -> String? {
    let scored = candidates.map { ($0, distance(name.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    return best.1 <= max(2, name.count / 3) ? best.0 : nil
  }

  static func distance(_ a: String, _ b: String) -> Int {
    let (x, y) = (Array(a), Array(b))
    guard !x.isEmpty else { return y.count }
    guard !y.isEmpty else { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[y.count]
  }
}
