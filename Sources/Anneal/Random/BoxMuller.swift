// Copyright © 2026 the Anneal authors.

/// The Box–Muller transform PyTorch applies to sixteen uniforms at a time when it fills a
/// float tensor with normal samples on an x86-64 CPU (`normal_fill_16_AVX2`).
///
/// To give the same bits as PyTorch, logarithm, sine and cosine are not libm's: they are the
/// single-precision Cephes polynomials (S. L. Moshier's Cephes library, as vectorised by
/// J. Pommier's `sse_mathfun` and G. Garberoglio's `avx_mathfun`), evaluated with fused
/// multiply-adds exactly where PyTorch's compiled kernels fuse them. The same arithmetic runs
/// on every platform, so a seed gives the same samples on Linux and macOS.
package enum BoxMuller {
  /// Transforms `data[0..<16]` in place: pairs `(j, j + 8)` of U[0, 1) samples become two
  /// N(mean, std²) samples.
  @inline(__always)
  package static func transform16(_ data: UnsafeMutablePointer<Float>, mean: Float, std: Float) {
    let twoPi = Float(2.0 * Double.pi)
    for j in 0..<8 {
      let u1 = 1 - data[j]  // [0, 1) → (0, 1] for the logarithm
      let u2 = data[j + 8]
      let radius = (-2 * log(u1)).squareRoot()
      let (sine, cosine) = sinCos(twoPi * u2)
      data[j] = mean.addingProduct(radius * cosine, std)
      data[j + 8] = mean.addingProduct(radius * sine, std)
    }
  }

  /// Cephes `logf` for positive normal inputs: split off the exponent, then a degree-9
  /// polynomial in the mantissa around 1.
  package static func log(_ input: Float) -> Float {
    let smallestNormal = Float(bitPattern: 0x0080_0000)
    var x = max(input, smallestNormal)
    var exponent = Float(Int32(bitPattern: x.bitPattern >> 23) - 0x7f)
    x = Float(bitPattern: (x.bitPattern & ~0x7f80_0000) | Float(0.5).bitPattern)  // mantissa in [0.5, 1)
    exponent += 1
    if x < 0.707_106_781_186_547_524 {
      exponent -= 1
      x = x + x - 1
    } else {
      x -= 1
    }
    let z = x * x
    var y: Float = 7.037_683_629_2e-2
    for c: Float in [
      -1.151_461_031_0e-1, 1.167_699_874_0e-1, -1.242_014_084_6e-1, 1.424_932_278_7e-1,
      -1.666_805_766_5e-1, 2.000_071_476_5e-1, -2.499_999_399_3e-1, 3.333_333_117_4e-1,
    ] {
      y = c.addingProduct(y, x)
    }
    y *= x
    y = (exponent * -2.121_944_40e-4).addingProduct(y, z)
    y = y.addingProduct(z, -0.5)
    x += y
    let result = x.addingProduct(exponent, 0.693_359_375)
    return input <= 0 ? .nan : result
  }

  /// Cephes `sinf` and `cosf` together: reduce by multiples of π/4 in extended precision,
  /// then pick the sine or cosine polynomial per octant.
  package static func sinCos(_ theta: Float) -> (sin: Float, cos: Float) {
    var signSine = theta.bitPattern & 0x8000_0000
    var x = Float(bitPattern: theta.bitPattern & 0x7fff_ffff)
    var octant = Int32(x * 1.273_239_544_735_16)  // 4/π, truncated like cvttps
    octant = (octant + 1) & ~1
    let q = Float(octant)
    signSine ^= UInt32(bitPattern: octant & 4) << 29
    let signCosine = UInt32(bitPattern: ~(octant - 2) & 4) << 29
    let useSinePolynomial = octant & 2 == 0

    x = x.addingProduct(q, -0.785_156_25)
    x = x.addingProduct(q, -2.418_756_484_985_351_562_5e-4)
    x = x.addingProduct(q, -3.774_894_977_445_941_08e-8)
    let z = x * x

    var cosine = Float(-1.388_731_625_493_765e-3).addingProduct(2.443_315_711_809_948e-5, z)
    cosine = Float(4.166_664_568_298_827e-2).addingProduct(cosine, z)
    cosine *= z
    cosine = (-(z * 0.5)).addingProduct(cosine, z)
    cosine += 1

    var sine = Float(8.332_160_873_6e-3).addingProduct(-1.951_529_589_1e-4, z)
    sine = Float(-1.666_665_461_1e-1).addingProduct(sine, z)
    sine *= z
    sine = x.addingProduct(sine, x)

    let (s, c) = useSinePolynomial ? (sine, cosine) : (cosine, sine)
    return (Float(bitPattern: s.bitPattern ^ signSine), Float(bitPattern: c.bitPattern ^ signCosine))
  }
}
