// Copyright © 2026 the Anneal authors.

import CAnnealSIMD

#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The update loops of the optimizers (PyTorch: the `foreach`/single-tensor update of each
/// `torch.optim` class), one pass over a parameter, its gradient and its state, with
/// PyTorch's operation order. Every tensor is contiguous float32 of one shape.
extension CPU {
  private static func floats(_ t: Tensor?) -> UnsafeMutablePointer<Float>? {
    guard let t else { return nil }
    check(t.isContiguous && t.dtype == .float32, "optimizer state must be contiguous float32")
    return base(t, Float.self)
  }

  private static func gradient(_ grad: Tensor) -> Tensor { grad.isContiguous ? grad : grad.contiguousCopy() }

  /// Prodigy's (`p0`) or D-Adapt Adam's accumulation in `kernel`'s registers, or `nil` when it
  /// has none.
  private static func lrFreeAccumulate(
    _ kernel: SIMDKernel, _ count: Int, _ p: UnsafeMutablePointer<Float>, _ g: UnsafeMutablePointer<Float>,
    _ p0: UnsafeMutablePointer<Float>?, _ s: UnsafeMutablePointer<Float>, _ m: UnsafeMutablePointer<Float>?,
    _ v: UnsafeMutablePointer<Float>, _ options: anneal_lr_free_options
  ) -> (dot: Double, absSum: Double)? {
    var options = options
    var sums = (0.0, 0.0)
    let status = withUnsafeMutableBytes(of: &sums) { raw in
      anneal_lr_free_accumulate(
        kernel.flag, count, p, g, p0, s, m, v, &options, raw.baseAddress!.assumingMemoryBound(to: Double.self))
    }
    return status == 0 ? sums : nil
  }

  /// Runs `body` over `0..<count` in one range, or split among the kernel threads into
  /// consecutive ranges when `work` (the elements touched, `count` by default) is at least
  /// `minimum` (for elementwise work, whose result does not depend on the split).
  package static func elementwiseParts(
    _ count: Int, work: Int? = nil, minimum: Int = 1 << 16, _ body: (Range<Int>) -> Void
  ) {
    let parts = (work ?? count) >= minimum ? min(WorkerPool.shared.threads, max(1, count)) : 1
    guard parts > 1 else { return body(0..<count) }
    WorkerPool.shared.run(parts: parts) { part in body((count * part / parts)..<(count * (part + 1) / parts)) }
  }

  /// SGD with momentum, dampening, weight decay, Nesterov and maximize.
  package static func sgdStep(
    parameter: Tensor, grad: Tensor, momentumBuffer: Tensor?, isFirst: Bool, lr: Double, momentum: Double,
    dampening: Double, weightDecay: Double, nesterov: Bool, maximize: Bool,
    kernel: SIMDKernel? = SIMDKernel.selection.kernel
  ) {
    let count = parameter.count
    let lr = Float(-lr)
    let weightDecay = Float(weightDecay)
    let momentumF = Float(momentum)
    let dampening = Float(1 - dampening)
    let grad = gradient(grad)
    let (g, p) = (floats(grad)!, floats(parameter)!)
    let b = momentum != 0 ? floats(momentumBuffer) : nil
    var options = anneal_sgd_options(
      neg_lr: lr, momentum: momentumF, one_minus_dampening: dampening, weight_decay: weightDecay,
      nesterov: nesterov ? 1 : 0, maximize: maximize ? 1 : 0, is_first: isFirst ? 1 : 0)
    // Split from 2¹⁸ elements, as elementwise kernels are: the seed's 78 400 weights stay on
    // one thread, a 1024-wide layer's are shared. In the selected SIMD variant's registers, else
    // the loops below (the seed's step: 42 µs in SSE registers, 31 µs with AVX-512; it is
    // bound by the cache more than by the arithmetic).
    elementwiseParts(count, minimum: 1 << 18) { range in
      if let kernel {
        let at = range.lowerBound
        if anneal_sgd_update(kernel.flag, range.count, p + at, g + at, b.map { $0 + at }, &options) == 0 { return }
      }
      if let b, !maximize, weightDecay == 0, !isFirst {
        // The common case, branch-free so that it vectorises.
        if nesterov {
          for i in range {
            let v = b[i] * momentumF + dampening * g[i]
            b[i] = v
            p[i] = p[i] + lr * (g[i] + momentumF * v)
          }
        } else {
          for i in range {
            let v = b[i] * momentumF + dampening * g[i]
            b[i] = v
            p[i] = p[i] + lr * v
          }
        }
        return
      }
      for i in range {
        var d = maximize ? -g[i] : g[i]
        if weightDecay != 0 { d = d + weightDecay * p[i] }
        if let b {
          b[i] = isFirst ? d : b[i] * momentumF + dampening * d
          d = nesterov ? d + momentumF * b[i] : b[i]
        }
        p[i] = p[i] + lr * d
      }
    }
  }

  /// Adam and AdamW (decoupled weight decay), with AMSGrad and maximize.
  package static func adamStep(
    parameter: Tensor, grad: Tensor, expAvg: Tensor, expAvgSq: Tensor, maxExpAvgSq: Tensor?, step: Double,
    lr: Double, betas: (Double, Double), eps: Double, weightDecay decay: Double, decoupled: Bool, maximize: Bool,
    kernel: SIMDKernel? = SIMDKernel.selection.kernel
  ) {
    let (beta1, beta2) = betas
    let weight = Float(1 - beta1)
    let oneMinusBeta2 = Float(1 - beta2)
    let beta2f = Float(beta2)
    let stepSize = lr / (1 - pow(beta1, step))
    let bias2Sqrt = Float(pow(1 - pow(beta2, step), 0.5))
    let eps = Float(eps)
    let value = Float(-stepSize)
    let shrink = Float(1 - lr * decay)
    let grad = gradient(grad)
    let (p, g, m, v) = (floats(parameter)!, floats(grad)!, floats(expAvg)!, floats(expAvgSq)!)
    let vMax = floats(maxExpAvgSq)
    let count = parameter.count
    var options = anneal_adam_options(
      weight: weight, beta2: beta2f, one_minus_beta2: oneMinusBeta2, value: value, bias2_sqrt: bias2Sqrt, eps: eps,
      weight_decay: Float(decay), shrink: shrink, decoupled: decoupled ? 1 : 0, maximize: maximize ? 1 : 0)
    elementwiseParts(count, minimum: 1 << 18) { range in
      // The selected SIMD variant's registers: the square root and division in vectors, with
      // the operations below in their order (the same bits).
      if let kernel {
        let at = range.lowerBound
        let done = anneal_adam_update(
          kernel.flag, range.count, p + at, g + at, m + at, v + at, vMax.map { $0 + at }, &options)
        if done == 0 { return }
      }
      if vMax == nil, !maximize, decay == 0, weight < 0.5 {
        // The common case, branch-free so that it vectorises; the same operations as below.
        for i in range {
          let d = g[i]
          m[i] = m[i] + weight * (d - m[i])
          v[i] = v[i] * beta2f + oneMinusBeta2 * d * d
          p[i] = p[i] + value * m[i] / (v[i].squareRoot() / bias2Sqrt + eps)
        }
        return
      }
      for i in range {
        var d = maximize ? -g[i] : g[i]
        if decay != 0 {
          if decoupled { p[i] = p[i] * shrink } else { d = d + Float(decay) * p[i] }
        }
        m[i] = weight < 0.5 ? m[i] + weight * (d - m[i]) : d - (d - m[i]) * (1 - weight)
        v[i] = v[i] * beta2f + oneMinusBeta2 * d * d
        var second = v[i]
        if let vMax {
          vMax[i] = Swift.max(vMax[i], v[i])
          second = vMax[i]
        }
        let denominator = second.squareRoot() / bias2Sqrt + eps
        p[i] = p[i] + value * m[i] / denominator
      }
    }
  }

  /// RMSprop, centered or not, with momentum.
  package static func rmspropStep(
    parameter: Tensor, grad: Tensor, squareAvg: Tensor, gradAvg: Tensor?, momentumBuffer: Tensor?, lr: Double,
    alpha: Double, eps: Double, weightDecay: Double, momentum: Double, maximize: Bool,
    kernel: SIMDKernel? = SIMDKernel.selection.kernel
  ) {
    let weight = Float(1 - alpha)
    let alpha = Float(alpha)
    let (eps, decay, momentum) = (Float(eps), Float(weightDecay), Float(momentum))
    let lr = Float(-lr)
    let grad = gradient(grad)
    let (p, g, s) = (floats(parameter)!, floats(grad)!, floats(squareAvg)!)
    let average = floats(gradAvg)
    let buffer = floats(momentumBuffer)
    if let kernel {
      var options = anneal_rmsprop_options(
        alpha: alpha, weight: weight, eps: eps, weight_decay: decay, momentum: momentum, neg_lr: lr,
        maximize: maximize ? 1 : 0)
      if anneal_rmsprop_update(kernel.flag, parameter.count, p, g, s, average, buffer, &options) == 0 { return }
    }
    for i in 0..<parameter.count {
      var d = maximize ? -g[i] : g[i]
      if decay != 0 { d = d + decay * p[i] }
      s[i] = s[i] * alpha + weight * d * d
      var denominator: Float
      if let average {
        average[i] = weight < 0.5 ? average[i] + weight * (d - average[i]) : d - (d - average[i]) * (1 - weight)
        denominator = (s[i] + (-1 * average[i]) * average[i]).squareRoot()
      } else {
        denominator = s[i].squareRoot()
      }
      denominator = denominator + eps
      if let buffer {
        buffer[i] = buffer[i] * momentum + d / denominator
        p[i] = p[i] + lr * buffer[i]
      } else {
        p[i] = p[i] + lr * d / denominator
      }
    }
  }

  /// Adadelta: `square_avg.mul_(rho).addcmul_(g, g, value=1-rho)`, `std = (square_avg + eps).sqrt()`,
  /// `delta = (acc_delta + eps).sqrt() / std * g`, `acc_delta.mul_(rho).addcmul_(delta, delta,
  /// value=1-rho)`, `param.add_(delta, alpha=-lr)`.
  package static func adadeltaStep(
    parameter: Tensor, grad: Tensor, squareAvg: Tensor, accDelta: Tensor, lr: Double, rho: Double, eps: Double,
    weightDecay: Double, maximize: Bool, kernel: SIMDKernel? = SIMDKernel.selection.kernel
  ) {
    let (rhoF, value, epsF, decay, alpha) = (Float(rho), Float(1 - rho), Float(eps), Float(weightDecay), Float(-lr))
    let grad = gradient(grad)
    let (p, g, v, u) = (floats(parameter)!, floats(grad)!, floats(squareAvg)!, floats(accDelta)!)
    var options = anneal_adadelta_options(
      rho: rhoF, one_minus_rho: value, eps: epsF, weight_decay: decay, neg_lr: alpha, maximize: maximize ? 1 : 0)
    // Two square roots and a division per element: large tensors are split among the kernel
    // threads (elementwise, so the result is the same), in the selected SIMD variant's registers,
    // else (ANNEAL_SIMD=none) eight lanes at a time (the compiler does not vectorise the loop,
    // as the four buffers might overlap, and leaves these vectors' square roots scalar); each
    // lane does the scalar loop's operations in the same order.
    typealias V = SIMD8<Float>
    @inline(__always) func load(_ x: UnsafeMutablePointer<Float>) -> V { UnsafeRawPointer(x).loadUnaligned(as: V.self) }
    @inline(__always) func store(_ value: V, _ x: UnsafeMutablePointer<Float>) {
      UnsafeMutableRawPointer(x).storeBytes(of: value, as: V.self)
    }
    elementwiseParts(parameter.count) { range in
      if let kernel {
        let at = range.lowerBound
        if anneal_adadelta_update(kernel.flag, range.count, p + at, g + at, v + at, u + at, &options) == 0 { return }
      }
      var i = range.lowerBound
      while i + 8 <= range.upperBound {
        var d = load(g + i)
        // Negation flips the sign bit, as `-g[i]` and torch.neg do (a SIMD `-d` is `0 - d`,
        // which keeps a NaN's sign and turns −0 into +0).
        if maximize { d = unsafeBitCast(unsafeBitCast(d, to: SIMD8<UInt32>.self) ^ 0x8000_0000, to: V.self) }
        if decay != 0 { d = d + decay * load(p + i) }
        let square = load(v + i) * rhoF + value * d * d
        let delta = (load(u + i) + epsF).squareRoot() / (square + epsF).squareRoot() * d
        store(square, v + i)
        store(load(u + i) * rhoF + value * delta * delta, u + i)
        store(load(p + i) + alpha * delta, p + i)
        i += 8
      }
      while i < range.upperBound {
        var d = maximize ? -g[i] : g[i]
        if decay != 0 { d = d + decay * p[i] }
        v[i] = v[i] * rhoF + value * d * d
        let std = (v[i] + epsF).squareRoot()
        let delta = (u[i] + epsF).squareRoot() / std * d
        u[i] = u[i] * rhoF + value * delta * delta
        p[i] = p[i] + alpha * delta
        i += 1
      }
    }
  }

  /// The gradient with maximize and (coupled) weight decay applied, or with the decoupled decay
  /// applied to the parameter: PyTorch's `grad.add(param, alpha=weight_decay)` or
  /// `param.mul_(1 - lr * weight_decay)`.
  @inline(__always)
  private static func decayed(
    _ g: Float, _ p: inout Float, maximize: Bool, decay: Float, decoupled: Bool, shrink: Float
  ) -> Float {
    var d = maximize ? -g : g
    if decay != 0 {
      if decoupled { p = p * shrink } else { d = d + decay * p }
    }
    return d
  }

  /// PyTorch's `lerp_(end, weight)` for one element.
  @inline(__always)
  private static func lerp(_ start: Float, _ end: Float, _ weight: Float) -> Float {
    weight < 0.5 ? start + weight * (end - start) : end - (end - start) * (1 - weight)
  }

  /// One step of Schedule-Free SGD or (with `expAvgSq`) Schedule-Free AdamW or RAdam on
  /// `parameter` (y) and its base sequence `z`, in the `schedulefree` package's foreach order:
  ///
  /// ```
  /// AdamW, RAdam: v = v·β₂ + (1 − β₂)·g·g;  if normalize: g = g / (√(v / bc₂) + eps)
  /// if weightDecay != 0: g += weightDecay·y
  /// y = lerp(y, z, ckp1);  y += lr·(β₁·(1 − ckp1) − 1)·g;  z −= lr·g
  /// ```
  ///
  /// The gradient itself is left as it was (the package divides it in place).
  package static func scheduleFreeStep(
    parameter: Tensor, grad: Tensor, z: Tensor, expAvgSq: Tensor?, beta2: Double, biasCorrection2: Double,
    eps: Double, weightDecay: Double, ckp1: Double, lr: Double, momentum: Double, normalize: Bool = true,
    kernel: SIMDKernel? = SIMDKernel.selection.kernel
  ) {
    let grad = gradient(grad)
    let (y, g, zs) = (floats(parameter)!, floats(grad)!, floats(z)!)
    let v = floats(expAvgSq)
    let (beta2F, value, correction, epsF) = (Float(beta2), Float(1 - beta2), Float(biasCorrection2), Float(eps))
    let (decay, weight, alpha, step) = (
      Float(weightDecay), Float(ckp1), Float(lr * (momentum * (1 - ckp1) - 1)), Float(lr)
    )
    var options = anneal_schedule_free_options(
      beta2: beta2F, one_minus_beta2: value, bias_correction2: correction, eps: epsF, weight_decay: decay, ckp1: weight,
      alpha: alpha, lr: step, normalize: normalize ? 1 : 0)
    elementwiseParts(parameter.count) { range in
      if let kernel {
        let at = range.lowerBound
        let done = anneal_schedule_free_update(
          kernel.flag, range.count, y + at, g + at, zs + at, v.map { $0 + at }, &options)
        if done == 0 { return }
      }
      for i in range {
        var d = g[i]
        if let v {
          let square = v[i] * beta2F + value * d * d
          v[i] = square
          if normalize { d = d / ((square / correction).squareRoot() + epsF) }
        }
        if decay != 0 { d = d + decay * y[i] }
        y[i] = lerp(y[i], zs[i], weight) + alpha * d
        zs[i] = zs[i] - step * d
      }
    }
  }

  /// Prodigy's first pass over a parameter (the `prodigyopt` package's order): with
  /// `g = grad (+ decay·p when the decay is coupled)`, returns `Σ g·(p₀ − p)` (before anything
  /// changes), then `m = m·β₁ + mAlpha·g` (when `expAvg` is given), `v = v·β₂ + vValue·g·g`,
  /// `s = s·β₃ + sAlpha·g`, and returns `Σ|s|`. The sums are kept in `Double` (PyTorch reduces in
  /// float32, so they agree to float32 rounding).
  package static func prodigyAccumulate(
    parameter: Tensor, grad: Tensor, p0: Tensor, s: Tensor, expAvg: Tensor?, expAvgSq: Tensor, coupledDecay: Double,
    beta1: Double, beta2: Double, beta3: Double, mAlpha: Double, vValue: Double, sAlpha: Double,
    kernel: SIMDKernel? = SIMDKernel.selection.kernel
  ) -> (dot: Double, absSum: Double) {
    let grad = gradient(grad)
    let (p, g, start, sum, v) = (floats(parameter)!, floats(grad)!, floats(p0)!, floats(s)!, floats(expAvgSq)!)
    let m = floats(expAvg)
    let (decay, b1, b2, b3) = (Float(coupledDecay), Float(beta1), Float(beta2), Float(beta3))
    let (ma, vv, sa) = (Float(mAlpha), Float(vValue), Float(sAlpha))
    if let kernel {
      let options = anneal_lr_free_options(
        weight_decay: decay, eps: 0, beta1: b1, beta2: b2, beta3: b3, m_alpha: ma, v_value: vv, s_alpha: sa)
      if let sums = lrFreeAccumulate(kernel, parameter.count, p, g, start, sum, m, v, options) { return sums }
    }
    var dot = 0.0
    var absSum = 0.0
    for i in 0..<parameter.count {
      let d = decay != 0 ? g[i] + decay * p[i] : g[i]
      dot += Double(d * (start[i] - p[i]))
      if let m { m[i] = m[i] * b1 + ma * d }
      v[i] = v[i] * b2 + vv * d * d
      sum[i] = sum[i] * b3 + sa * d
      absSum += Double(abs(sum[i]))
    }
    return (dot, absSum)
  }

  /// Prodigy's update of a parameter: `denom = √v + dEps`, then (decoupled decay)
  /// `p = p + shrink·p`, and `p = p + value·(m / denom)` — or `value·(g / denom)` without
  /// `expAvg`, with `g` as in ``prodigyAccumulate(parameter:grad:p0:s:expAvg:expAvgSq:coupledDecay:beta1:beta2:beta3:mAlpha:vValue:sAlpha:)``.
  package static func prodigyUpdate(
    parameter: Tensor, grad: Tensor, expAvg: Tensor?, expAvgSq: Tensor, coupledDecay: Double, dEps: Double,
    shrink: Double, value: Double, kernel: SIMDKernel? = SIMDKernel.selection.kernel
  ) {
    let grad = gradient(grad)
    let (p, g, v) = (floats(parameter)!, floats(grad)!, floats(expAvgSq)!)
    let m = floats(expAvg)
    let (decay, eps, shrinkF, valueF) = (Float(coupledDecay), Float(dEps), Float(shrink), Float(value))
    if let kernel {
      var options = anneal_prodigy_options(weight_decay: decay, eps: eps, shrink: shrinkF, value: valueF)
      if anneal_prodigy_update(kernel.flag, parameter.count, p, g, m, v, &options) == 0 { return }
    }
    for i in 0..<parameter.count {
      let denom = v[i].squareRoot() + eps
      let numerator = m?[i] ?? (decay != 0 ? g[i] + decay * p[i] : g[i])
      if shrinkF != 0 { p[i] = p[i] + shrinkF * p[i] }
      p[i] = p[i] + valueF * (numerator / denom)
    }
  }

  /// D-Adapt Adam's first pass over a parameter (the `dadaptation` package's order): with
  /// `g = grad (+ decay·p when the decay is coupled)`, returns `Σ g·(s / (√v + eps))` with the
  /// old `s` and `v`, then `m = m·β₁ + mAlpha·g`, `v = v·β₂ + (1 − β₂)·g·g`,
  /// `s = s·√β₂ + sAlpha·g`, and returns `Σ|s|` (sums in `Double`).
  package static func dadaptAdamAccumulate(
    parameter: Tensor, grad: Tensor, s: Tensor, expAvg: Tensor, expAvgSq: Tensor, coupledDecay: Double, eps: Double,
    beta1: Double, beta2: Double, sqrtBeta2: Double, mAlpha: Double, sAlpha: Double,
    kernel: SIMDKernel? = SIMDKernel.selection.kernel
  ) -> (dot: Double, absSum: Double) {
    let grad = gradient(grad)
    let (p, g, sum, m, v) = (floats(parameter)!, floats(grad)!, floats(s)!, floats(expAvg)!, floats(expAvgSq)!)
    let (decay, epsF, b1, b2, sb2) = (Float(coupledDecay), Float(eps), Float(beta1), Float(beta2), Float(sqrtBeta2))
    let (ma, vValue, sa) = (Float(mAlpha), Float(1 - beta2), Float(sAlpha))
    if let kernel {
      let options = anneal_lr_free_options(
        weight_decay: decay, eps: epsF, beta1: b1, beta2: b2, beta3: sb2, m_alpha: ma, v_value: vValue, s_alpha: sa)
      if let sums = lrFreeAccumulate(kernel, parameter.count, p, g, nil, sum, m, v, options) { return sums }
    }
    var dot = 0.0
    var absSum = 0.0
    for i in 0..<parameter.count {
      let d = decay != 0 ? g[i] + decay * p[i] : g[i]
      dot += Double(d * (sum[i] / (v[i].squareRoot() + epsF)))
      m[i] = m[i] * b1 + ma * d
      v[i] = v[i] * b2 + vValue * d * d
      sum[i] = sum[i] * sb2 + sa * d
      absSum += Double(abs(sum[i]))
    }
    return (dot, absSum)
  }

  /// D-Adapt SGD's first pass: `Σ g·g` of the gradient as given (the package's first-step norm).
  package static func squaredNorm(_ grad: Tensor) -> Double {
    let grad = gradient(grad)
    let g = floats(grad)!
    var total = 0.0
    for i in 0..<grad.count { total += Double(g[i] * g[i]) }
    return total
  }

  /// D-Adapt SGD's accumulation: with `g = grad + decay·p`, returns `Σ g·s` with the old `s`,
  /// then `s = s + dlr·g`, and returns `Σ s·s` (sums in `Double`).
  package static func dadaptSGDAccumulate(
    parameter: Tensor, grad: Tensor, s: Tensor, decay: Double, dlr: Double
  ) -> (dot: Double, squares: Double) {
    let grad = gradient(grad)
    let (p, g, sum) = (floats(parameter)!, floats(grad)!, floats(s)!)
    let (decayF, alpha) = (Float(decay), Float(dlr))
    var dot = 0.0
    var squares = 0.0
    for i in 0..<parameter.count {
      let d = decayF != 0 ? g[i] + decayF * p[i] : g[i]
      dot += Double(d * sum[i])
      sum[i] = sum[i] + alpha * d
      squares += Double(sum[i] * sum[i])
    }
    return (dot, squares)
  }

  /// D-Adapt SGD's update: `z = x₀ − s`, `p = p·(1 − ck) + ck·z`.
  package static func dadaptSGDUpdate(parameter: Tensor, s: Tensor, x0: Tensor, z: Tensor, ck: Double) {
    let (p, sum, start, zs) = (floats(parameter)!, floats(s)!, floats(x0)!, floats(z)!)
    let (keep, weight) = (Float(1 - ck), Float(ck))
    for i in 0..<parameter.count {
      zs[i] = start[i] - sum[i]
      p[i] = p[i] * keep + weight * zs[i]
    }
  }

  /// `parameter.lerp_(z, weight)`: the switch of a schedule-free optimizer between the point
  /// where gradients are taken (`train()`) and the average it evaluates (`eval()`).
  package static func lerpInPlace(_ parameter: Tensor, toward z: Tensor, weight: Double) {
    let (y, zs, w) = (floats(parameter)!, floats(z)!, Float(weight))
    elementwiseParts(parameter.count) { range in
      for i in range { y[i] = lerp(y[i], zs[i], w) }
    }
  }

  /// Adamax: `exp_avg.lerp_(g, 1-β₁)`, `exp_inf = max(exp_inf·β₂, |g| + eps)`,
  /// `param.addcdiv_(exp_avg, exp_inf, value=-lr/(1-β₁ᵗ))`.
  package static func adamaxStep(
    parameter: Tensor, grad: Tensor, expAvg: Tensor, expInf: Tensor, step: Double, lr: Double,
    betas: (Double, Double), eps: Double, weightDecay: Double, maximize: Bool
  ) {
    let (weight, beta2, epsF, decay) = (Float(1 - betas.0), Float(betas.1), Float(eps), Float(weightDecay))
    let value = Float(-(lr / (1 - pow(betas.0, step))))
    let grad = gradient(grad)
    let (p, g, m, u) = (floats(parameter)!, floats(grad)!, floats(expAvg)!, floats(expInf)!)
    for i in 0..<parameter.count {
      let d = decayed(g[i], &p[i], maximize: maximize, decay: decay, decoupled: false, shrink: 1)
      m[i] = lerp(m[i], d, weight)
      let a = u[i] * beta2
      let b = Swift.abs(d) + epsF
      u[i] = a.isNaN || b.isNaN ? .nan : Swift.max(a, b)
      p[i] = p[i] + value * m[i] / u[i]
    }
  }

  /// NAdam's update after the momentum schedule: `denom = √(v / bc₂) + eps`, then
  /// `param.addcdiv_(g, denom, value=gradValue)` and `param.addcdiv_(exp_avg, denom,
  /// value=averageValue)`.
  package static func nadamStep(
    parameter: Tensor, grad: Tensor, expAvg: Tensor, expAvgSq: Tensor, beta1: Double, beta2: Double,
    biasCorrection2: Double, gradValue: Double, averageValue: Double, eps: Double, weightDecay: Double,
    decoupled: Bool, shrink: Double, maximize: Bool, kernel: SIMDKernel? = SIMDKernel.selection.kernel
  ) {
    let (weight, beta2F, oneMinusBeta2) = (Float(1 - beta1), Float(beta2), Float(1 - beta2))
    let (bc2, epsF, decay, shrinkF) = (Float(biasCorrection2), Float(eps), Float(weightDecay), Float(shrink))
    let (v1, v2) = (Float(gradValue), Float(averageValue))
    let grad = gradient(grad)
    let (p, g, m, v) = (floats(parameter)!, floats(grad)!, floats(expAvg)!, floats(expAvgSq)!)
    if let kernel {
      var options = anneal_nadam_radam_options(
        weight: weight, beta2: beta2F, one_minus_beta2: oneMinusBeta2, bias_correction2: bc2, eps: epsF,
        weight_decay: decay, shrink: shrinkF, grad_value: v1, average_value: v2, bias_correction1: 0, lr: 0, rect: 0,
        decoupled: decoupled ? 1 : 0, maximize: maximize ? 1 : 0, radam: 0, rectified: 0)
      if anneal_nadam_radam_update(kernel.flag, parameter.count, p, g, m, v, &options) == 0 { return }
    }
    for i in 0..<parameter.count {
      let d = decayed(g[i], &p[i], maximize: maximize, decay: decay, decoupled: decoupled, shrink: shrinkF)
      m[i] = lerp(m[i], d, weight)
      v[i] = v[i] * beta2F + oneMinusBeta2 * d * d
      let denominator = (v[i] / bc2).squareRoot() + epsF
      p[i] = p[i] + v1 * d / denominator
      p[i] = p[i] + v2 * m[i] / denominator
    }
  }

  /// RAdam: the bias-corrected average times lr, times `√bc₂ / (√v + eps)` and the
  /// rectification when ρₜ > 5 (`rect` non-nil), subtracted from the parameter.
  package static func radamStep(
    parameter: Tensor, grad: Tensor, expAvg: Tensor, expAvgSq: Tensor, betas: (Double, Double),
    biasCorrection1: Double, biasCorrection2Sqrt: Double, rect: Double?, lr: Double, eps: Double,
    weightDecay: Double, decoupled: Bool, shrink: Double, maximize: Bool,
    kernel: SIMDKernel? = SIMDKernel.selection.kernel
  ) {
    let (weight, beta2F, oneMinusBeta2) = (Float(1 - betas.0), Float(betas.1), Float(1 - betas.1))
    let (bc1, bc2Sqrt, lrF, epsF) = (Float(biasCorrection1), Float(biasCorrection2Sqrt), Float(lr), Float(eps))
    let (decay, shrinkF) = (Float(weightDecay), Float(shrink))
    let grad = gradient(grad)
    let (p, g, m, v) = (floats(parameter)!, floats(grad)!, floats(expAvg)!, floats(expAvgSq)!)
    if let kernel {
      var options = anneal_nadam_radam_options(
        weight: weight, beta2: beta2F, one_minus_beta2: oneMinusBeta2, bias_correction2: bc2Sqrt, eps: epsF,
        weight_decay: decay, shrink: shrinkF, grad_value: 0, average_value: 0, bias_correction1: bc1, lr: lrF,
        rect: Float(rect ?? 0), decoupled: decoupled ? 1 : 0, maximize: maximize ? 1 : 0, radam: 1,
        rectified: rect == nil ? 0 : 1)
      if anneal_nadam_radam_update(kernel.flag, parameter.count, p, g, m, v, &options) == 0 { return }
    }
    for i in 0..<parameter.count {
      let d = decayed(g[i], &p[i], maximize: maximize, decay: decay, decoupled: decoupled, shrink: shrinkF)
      m[i] = lerp(m[i], d, weight)
      v[i] = v[i] * beta2F + oneMinusBeta2 * d * d
      var update = m[i] / bc1 * lrF
      if let rect { update = update * (bc2Sqrt / (v[i].squareRoot() + epsF)) * Float(rect) }
      p[i] = p[i] + -1 * update
    }
  }

  /// ASGD: `param.mul_(1 - lambd·eta)`, `param.add_(g, alpha=-eta)`, then the average `ax`
  /// moves towards the parameter by `mu` (or becomes it while `mu` is 1).
  package static func asgdStep(
    parameter: Tensor, grad: Tensor, ax: Tensor, eta: Double, mu: Double, lambd: Double, weightDecay: Double,
    maximize: Bool
  ) {
    let (shrink, step, decay, muF) = (Float(1 - lambd * eta), Float(-eta), Float(weightDecay), Float(mu))
    let grad = gradient(grad)
    let (p, g, a) = (floats(parameter)!, floats(grad)!, floats(ax)!)
    for i in 0..<parameter.count {
      var d = maximize ? -g[i] : g[i]
      if decay != 0 { d = d + decay * p[i] }
      p[i] = p[i] * shrink
      p[i] = p[i] + step * d
      a[i] = mu != 1 ? a[i] + (p[i] - a[i]) * muF : p[i]
    }
  }

  /// Adagrad with learning-rate decay.
  package static func adagradStep(
    parameter: Tensor, grad: Tensor, sum: Tensor, clr: Double, eps: Double, weightDecay: Double, maximize: Bool,
    kernel: SIMDKernel? = SIMDKernel.selection.kernel
  ) {
    let clr = Float(-clr)
    let (eps, decay) = (Float(eps), Float(weightDecay))
    let grad = gradient(grad)
    let (p, g, s) = (floats(parameter)!, floats(grad)!, floats(sum)!)
    if let kernel {
      var options = anneal_adagrad_options(eps: eps, weight_decay: decay, neg_clr: clr, maximize: maximize ? 1 : 0)
      if anneal_adagrad_update(kernel.flag, parameter.count, p, g, s, &options) == 0 { return }
    }
    for i in 0..<parameter.count {
      var d = maximize ? -g[i] : g[i]
      if decay != 0 { d = d + decay * p[i] }
      s[i] = s[i] + 1 * d * d
      let denominator = s[i].squareRoot() + eps
      p[i] = p[i] + clr * d / denominator
    }
  }
}

extension Tensor {
  /// Adds 1 to a one-element step counter and returns the new count (optimizer state).
  package func incrementStep() -> Double {
    let next = item() + 1
    Kernels.fill(self, with: Double(next))
    storage.version &+= 1
    return Double(next)
  }
}
