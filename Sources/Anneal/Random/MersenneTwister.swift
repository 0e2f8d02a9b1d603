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
    let y = state[index]
    index += 1
    return Self.temper(y)
  }

  /// The next 64 random bits, high word first (PyTorch: `CPUGeneratorImpl::random64`).
  package mutating func next64() -> UInt64 {
    let high = UInt64(next32())
    let low = UInt64(next32())
    return high << 32 | low
  }

  /// Writes, for each of the next `count` 64-bit words (``next64()``), 1 where its low 53 bits
  /// are below `threshold` and 0 elsewhere: PyTorch's `bernoulli_(p)` over double uniforms
  /// (`threshold` = ⌈p·2⁵³⌉). Sixteen words are tempered at a time.
  package mutating func fillBernoulli(_ out: UnsafeMutablePointer<Float>, count: Int, threshold: UInt64) {
    @inline(__always) func bit(_ word: UInt64) -> Float { word & ((1 << 53) - 1) < threshold ? 1 : 0 }
    var produced = 0
    while produced < count {
      if index >= Self.n { twist() }
      // Whole pairs of words left before the next twist; an odd word left over is read by next64.
      let pairs = Swift.min((Self.n - index) / 2, count - produced)
      if pairs == 0 {
        out[produced] = bit(next64())
        produced += 1
        continue
      }
      state.withUnsafeBufferPointer { words in
        let from = words.baseAddress! + index
        let to = out + produced
        var k = 0
        while k + 8 <= pairs {
          let y = Self.temper(UnsafeRawPointer(from + 2 * k).loadUnaligned(as: SIMD16<UInt32>.self))
          let high = SIMD8<UInt64>(truncatingIfNeeded: y.evenHalf & 0x1f_ffff)
          let low = SIMD8<UInt64>(truncatingIfNeeded: y.oddHalf)
          // word < threshold (both below 2⁶³) exactly when word − threshold wraps to its top bit.
          let below = ((high &<< 32 | low) &- threshold) &>> 63
          UnsafeMutableRawPointer(to + k).storeBytes(
            of: SIMD8<Float>(SIMD8<UInt32>(truncatingIfNeeded: below)), as: SIMD8<Float>.self)
          k += 8
        }
        while k < pairs {
          to[k] = bit(UInt64(Self.temper(from[2 * k])) << 32 | UInt64(Self.temper(from[2 * k + 1])))
          k += 1
        }
      }
      index += 2 * pairs
      produced += pairs
    }
  }

  @inline(__always)
  private static func temper(_ word: SIMD16<UInt32>) -> SIMD16<UInt32> {
    var y = word
    y ^= y &>> 11
    y ^= (y &<< 7) & 0x9d2c_5680
    y ^= (y &<< 15) & 0xefc6_0000
    y ^= y &>> 18
    return y
  }

  @inline(__always)
  private static func temper(_ word: UInt32) -> UInt32 {
    var y = word
    y ^= y >> 11
    y ^= (y << 7) & 0x9d2c_5680
    y ^= (y << 15) & 0xefc6_0000
    y ^= y >> 18
    return y
  }

  /// Regenerates the 624 words (the standard recurrence, in three runs so that no index wraps).
  private mutating func twist() {
    state.withUnsafeMutableBufferPointer { words in
      let n = Self.n
      let m = Self.m
      @inline(__always) func mix(_ upper: UInt32, _ lower: UInt32, _ shifted: UInt32) -> UInt32 {
        let y = (upper & 0x8000_0000) | (lower & 0x7fff_ffff)
        return shifted ^ (y >> 1) ^ ((0 &- (y & 1)) & 0x9908_b0df)
      }
      for i in 0..<(n - m) { words[i] = mix(words[i], words[i + 1], words[i + m]) }
      for i in (n - m)..<(n - 1) { words[i] = mix(words[i], words[i + 1], words[i + m - n]) }
      words[n - 1] = mix(words[n - 1], words[0], words[m - 1])
    }
    index = 0
  }
}
