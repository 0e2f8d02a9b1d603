// Copyright © 2026 the Anneal authors.

#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Turns flushing of denormal (subnormal) `Float` values to zero on or off for the calling
/// thread; returns whether the processor supports it (x86-64 and ARM64 do). PyTorch:
/// `torch.set_flush_denormal(mode)`.
///
/// Values below `Float.leastNormalMagnitude` (≈ 1.2e-38) then become zero, as inputs and as
/// results. IEEE arithmetic on such values is tens of times slower on x86 processors, and
/// training produces them without meaning to: SGD's momentum buffer of a weight whose gradient
/// is zero decays by `momentum` every step through the whole denormal range. Like PyTorch's
/// default, Anneal leaves the mode off; TensorFlow and XLA turn it on for their CPU threads.
/// The kernel threads of `GEMM` run each product with the calling thread's mode.
@discardableResult
public func setFlushDenormal(_ enabled: Bool) -> Bool {
  var environment = fenv_t()
  guard fegetenv(&environment) == 0 else { return false }
  guard let updated = FlushDenormalBits.setting(enabled, in: environment) else { return false }
  environment = updated
  return fesetenv(&environment) == 0
}

/// Whether the calling thread flushes denormal `Float` values to zero
/// (see ``setFlushDenormal(_:)``).
public var isFlushingDenormals: Bool {
  var environment = fenv_t()
  guard fegetenv(&environment) == 0 else { return false }
  return FlushDenormalBits.isSet(in: environment)
}

/// Runs `body` with denormals flushed to zero (or not) on the calling thread, then restores
/// the thread's previous mode.
public func withFlushDenormal<Result, Failure: Error>(
  _ enabled: Bool, _ body: () throws(Failure) -> Result
) throws(Failure) -> Result {
  let previous = isFlushingDenormals
  guard previous != enabled else { return try body() }
  setFlushDenormal(enabled)
  defer { setFlushDenormal(previous) }
  return try body()
}

/// Where each architecture keeps the flush-to-zero switches in `fenv_t`.
private enum FlushDenormalBits {
  #if arch(x86_64)
    /// MXCSR's flush-to-zero (results) and denormals-are-zero (inputs) bits.
    static let mask: UInt32 = 0x8040
  #elseif arch(arm64)
    /// FPCR's FZ bit.
    static let mask: UInt64 = 1 << 24
  #endif

  static func setting(_ enabled: Bool, in environment: fenv_t) -> fenv_t? {
    var environment = environment
    #if arch(x86_64)
      environment.__mxcsr = enabled ? environment.__mxcsr | mask : environment.__mxcsr & ~mask
      return environment
    #elseif arch(arm64) && canImport(Darwin)
      environment.__fpcr = enabled ? environment.__fpcr | mask : environment.__fpcr & ~mask
      return environment
    #elseif arch(arm64)
      let bits = UInt32(mask)
      environment.__fpcr = enabled ? environment.__fpcr | bits : environment.__fpcr & ~bits
      return environment
    #else
      return nil
    #endif
  }

  static func isSet(in environment: fenv_t) -> Bool {
    #if arch(x86_64)
      return environment.__mxcsr & mask == mask
    #elseif arch(arm64)
      return UInt64(environment.__fpcr) & mask != 0
    #else
      return false
    #endif
  }
}
