// Copyright © 2026 the Anneal authors.

/// The 32-bit Mersenne Twister MT19937, the engine behind PyTorch's CPU generator.
///
/// Seeded like `at::mt19937(seed)`: the low 32 bits of the seed start the standard
/// initialisation recurrence, so `manualSeed(s)` draws the same 32-bit words as
/// `torch.manual_seed(s)`.
package struct MersenneTwister: Sendable, Equatable {
  private static let n = 624
  private static let m = 397
  private var state: [UInt32]
  private var index: Int

  /// Restores an engine from its 624 words and position.
  package init?(words: [UInt32], index: Int) {
    guard words.count == Self.n, (0...Self.n).contains(index) else { return nil }
    self.state = words
    self.index = index
  }

  /// The 624 state words and the position in them.
  package var snapshot: (words: [UInt32], index: Int) { (state, index) }

  package init(seed: UInt64) {
    var state = [UInt32](repeating: 0, count: Self.n)
    state[0] = UInt32(truncatingIfNeeded: seed)
    for i in 1..<Self.n {
      let previous = state[i - 1]
      state[i] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(i)
    }
    self.state = state
    self.index = Self.n
  }

  /// The next 32 random bits.
  package mutating func next32() -> UInt32 {
    if index >= Self.n { twist() }
    var y = state[index]
    index += 1
    y ^= y >> 11
    y ^= (y << 7) & 0x9d2c_5680
    y ^= (y << 15) & 0xefc6_0000
    y ^= y >> 18
    return y
  }

  /// The next 64 random bits, high word first (PyTorch: `CPUGeneratorImpl::random64`).
  package mutating func next64() -> UInt64 {
    let high = UInt64(next32())
    let low = UInt64(next32())
    return high << 32 | low
  }

  private mutating func twist() {
    let upperMask: UInt32 = 0x8000_0000
    let lowerMask: UInt32 = 0x7fff_ffff
    for i in 0..<Self.n {
      let y = (state[i] & upperMask) | (state[(i + 1) % Self.n] & lowerMask)
      var value = state[(i + Self.m) % Self.n] ^ (y >> 1)
      if y & 1 != 0 { value ^= 0x9908_b0df }
      state[i] = value
    }
    index = 0
  }
}
