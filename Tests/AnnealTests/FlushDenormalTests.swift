// Copyright © 2026 the Anneal authors.

import Anneal
import Testing

/// `setFlushDenormal` (PyTorch: `torch.set_flush_denormal`) on the calling thread.
@Suite struct FlushDenormalTests {
  /// The optimiser treats the floating-point mode as fixed and would fold or share these
  /// divisions across mode switches; the tests are therefore not optimised.
  @inline(never) @_optimize(none) func halve(_ x: Float) -> Float { x / 2 }

  @Test @_optimize(none) func denormalResultsBecomeZeroOnlyWhenFlushing() {
    let tiny = Float.leastNormalMagnitude
    #expect(!isFlushingDenormals)
    #expect(halve(tiny) == tiny / 2 && halve(tiny) > 0)
    let flushed = withFlushDenormal(true) { (isFlushingDenormals, halve(tiny)) }
    #expect(flushed.0)
    #expect(flushed.1 == 0)
    // The previous mode is back.
    #expect(!isFlushingDenormals)
    #expect(halve(tiny) > 0)
  }

  @Test @_optimize(none) func setFlushDenormalReportsSupportAndSticks() {
    #expect(setFlushDenormal(true))
    #expect(isFlushingDenormals)
    #expect(halve(Float.leastNormalMagnitude) == 0)
    #expect(setFlushDenormal(false))
    #expect(!isFlushingDenormals)
    #expect(halve(Float.leastNormalMagnitude) > 0)
  }
}
