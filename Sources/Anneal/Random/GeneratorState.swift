// Copyright © 2026 the Anneal authors.

/// A generator's complete state: its seed, the MT19937 words and position, and the cached
/// second normal sample (PyTorch: the tensor `Generator.get_state()` returns).
public struct GeneratorState: Sendable, Hashable, Codable {
  /// The seed the stream started from.
  public var seed: UInt64
  /// The 624 MT19937 state words.
  public var words: [UInt32]
  /// The position in ``words``.
  public var index: Int
  /// The cached second Box–Muller sample of scalar normal draws, if any.
  public var nextDoubleNormal: Double?

  /// Creates a state.
  public init(seed: UInt64, words: [UInt32], index: Int, nextDoubleNormal: Double?) {
    self.seed = seed
    self.words = words
    self.index = index
    self.nextDoubleNormal = nextDoubleNormal
  }
}
