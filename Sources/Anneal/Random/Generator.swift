// Copyright © 2026 the Anneal authors.

import RealModule
import Synchronization

/// A seeded source of random numbers (PyTorch: `torch.Generator` on the CPU).
///
/// The engine is MT19937 seeded as PyTorch seeds it, and uniform floats, normal samples and
/// permutations are derived from its words with PyTorch's CPU algorithms. The same seed
/// therefore gives the same run, bit for bit, on the same platform.
///
/// A generator is a reference type, like `torch.Generator`: a data loader and a layer
/// initialiser that share one draw from one stream. Access is serialised by a mutex, so a
/// generator can be shared across tasks.
///
/// ```swift
/// let generator = Generator(seed: 0)
/// let noise = Tensor.randn([2, 3], generator: generator)
/// ```
public final class Generator: Sendable {
  package struct State: Sendable, Equatable {
    var seed: UInt64
    var twister: MersenneTwister
    /// The second Box–Muller sample of the last scalar normal draw, as PyTorch caches it.
    var nextDoubleNormal: Double?

    init(seed: UInt64) {
      self.seed = seed
      self.twister = MersenneTwister(seed: seed)
      self.nextDoubleNormal = nil
    }
  }

  private let engine: Mutex<State>

  /// Creates a generator seeded with `seed` (PyTorch: `torch.Generator().manual_seed(seed)`).
  ///
  /// - Parameter seed: The seed. The default is PyTorch's default seed, `67280421310721`.
  public init(seed: UInt64 = 67_280_421_310_721) {
    engine = Mutex(State(seed: seed))
  }

  /// The generator used when an API is given none (PyTorch: `torch.default_generator`).
  public static let `default` = Generator()

  /// Reseeds the generator, restarting its stream (PyTorch: `manual_seed`).
  public func manualSeed(_ seed: UInt64) {
    engine.withLock { $0 = State(seed: seed) }
  }

  /// The seed the current stream started from (PyTorch: `initial_seed()`).
  public var initialSeed: UInt64 { engine.withLock { $0.seed } }

  /// Runs `body` with exclusive access to the engine.
  package func withEngine<R>(_ body: (inout MersenneTwister) -> R) -> R {
    engine.withLock { body(&$0.twister) }
  }

  /// The complete generator state, to save with a checkpoint (PyTorch: `get_state()`).
  public func getState() -> GeneratorState {
    engine.withLock { state in
      let snapshot = state.twister.snapshot
      return GeneratorState(
        seed: state.seed, words: snapshot.words, index: snapshot.index, nextDoubleNormal: state.nextDoubleNormal)
    }
  }

  /// Restores a state from ``getState()`` (PyTorch: `set_state`).
  ///
  /// - Returns: `false`, changing nothing, when the state is malformed.
  @discardableResult
  public func setState(_ saved: GeneratorState) -> Bool {
    guard let twister = MersenneTwister(words: saved.words, index: saved.index) else { return false }
    engine.withLock { state in
      state.seed = saved.seed
      state.twister = twister
      state.nextDoubleNormal = saved.nextDoubleNormal
    }
    return true
  }

  /// A uniformly distributed 64-bit integer in `0 ..< 2^63`, as PyTorch's `random_()` on an
  /// `int64` tensor draws it.
  public func nextInt63() -> Int64 {
    Int64(withEngine { $0.next64() } % (UInt64(Int64.max) + 1))
  }

  /// One integer uniform in `low..<high`, as `torch.randint(low, high, (1,))` draws it on the
  /// CPU: one 32-bit word modulo the range, or for ranges of 2²⁸ and more one 64-bit word (high
  /// word first) modulo the range — the threshold measured against PyTorch 2.15.
  public func randint(_ low: Int, _ high: Int) -> Int {
    check(low < high, "random_ expects 'from' to be less than 'to', but got from=\(low) >= to=\(high)")
    let range = UInt64(high - low)
    return withEngine { twister in
      low + Int(range >= 1 << 28 ? twister.next64() % range : UInt64(twister.next32()) % range)
    }
  }

  /// A random permutation of `0 ..< n` (PyTorch: `torch.randperm(n, generator=...)`).
  public func randperm(_ n: Int) -> [Int] {
    check(n >= 0, "randperm needs a non-negative count, got \(n)")
    var result = Array(0..<n)
    guard n > 1 else { return result }
    withEngine { twister in
      for i in 0..<(n - 1) {
        let z = Int(UInt64(twister.next32()) % UInt64(n - i))
        result.swapAt(i, i + z)
      }
    }
    return result
  }

  /// Fills `buffer` with samples of U[low, high) (PyTorch's CPU `uniform_` kernel).
  package func fillUniform(_ buffer: UnsafeMutableBufferPointer<Float>, low: Float, high: Float) {
    withEngine { twister in
      for i in buffer.indices {
        buffer[i] = Self.uniformFloat(twister.next32(), low: low, high: high)
      }
    }
  }

  /// Fills `buffer` with samples of N(mean, std²) (PyTorch's CPU `normal_` kernel).
  ///
  /// Like PyTorch, tensors of at least 16 elements are filled with uniforms that are then
  /// transformed sixteen at a time by Box–Muller; smaller ones draw one double per sample.
  package func fillNormal(_ buffer: UnsafeMutableBufferPointer<Float>, mean: Float, std: Float) {
    let count = buffer.count
    withEngine { twister in
      if count >= 16 {
        for i in 0..<count { buffer[i] = Self.uniformFloat(twister.next32(), low: 0, high: 1) }
        var start = 0
        while start + 16 <= count {
          BoxMuller.transform16(buffer.baseAddress! + start, mean: mean, std: std)
          start += 16
        }
        if count % 16 != 0 {
          let tail = buffer.baseAddress! + (count - 16)
          for i in 0..<16 { tail[i] = Self.uniformFloat(twister.next32(), low: 0, high: 1) }
          BoxMuller.transform16(tail, mean: mean, std: std)
        }
      }
    }
    if count < 16 {
      engine.withLock { state in
        for i in 0..<count {
          buffer[i] = Float(Self.normalDouble(&state, mean: Double(mean), std: Double(std)))
        }
      }
    }
  }

  /// Fills `buffer` with 1 where a uniform double falls below `p` and 0 elsewhere (PyTorch's CPU
  /// `bernoulli_(p)`: `bernoulli_distribution<double>` over 53-bit uniforms, one per element in
  /// order).
  package func fillBernoulli(_ buffer: UnsafeMutableBufferPointer<Float>, p: Double) {
    // PyTorch compares 53 random bits scaled by 2⁻⁵³ with p; the scaling is exact, so the
    // comparison is `bits < p·2⁵³`, that is `bits < ⌈p·2⁵³⌉`, in integers.
    let threshold = UInt64((p * Double(UInt64(1) << 53)).rounded(.up))
    guard let out = buffer.baseAddress else { return }
    withEngine { $0.fillBernoulli(out, count: buffer.count, threshold: threshold) }
  }

  /// PyTorch's `uniform_real_distribution<float>`: 24 random bits scaled to [0, 1), then
  /// mapped to [low, high) in double precision and rounded once.
  private static func uniformFloat(_ word: UInt32, low: Float, high: Float) -> Float {
    let x = Double(word & ((1 << 24) - 1)) * (1.0 / Double(1 << 24))
    return Float(x * (Double(high) - Double(low)) + Double(low))
  }

  /// One sample of `at::normal_distribution<double>`, which caches its second value.
  private static func normalDouble(_ state: inout State, mean: Double, std: Double) -> Double {
    if let cached = state.nextDoubleNormal {
      state.nextDoubleNormal = nil
      return cached * std + mean
    }
    let scale = 1.0 / Double(UInt64(1) << 53)
    let u1 = Double(state.twister.next64() & ((1 << 53) - 1)) * scale
    let u2 = Double(state.twister.next64() & ((1 << 53) - 1)) * scale
    let radius = Double.sqrt(-2.0 * Double.log(onePlus: -u2))
    let theta = 2.0 * Double.pi * u1
    state.nextDoubleNormal = radius * Double.sin(theta)
    return radius * Double.cos(theta) * std + mean
  }
}

/// Reseeds the default generator (PyTorch: `torch.manual_seed(seed)`).
public func manualSeed(_ seed: UInt64) {
  Generator.default.manualSeed(seed)
}
