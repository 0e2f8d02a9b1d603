// Copyright © 2026 the Anneal authors.

import Anneal
import Foundation
import Testing

/// The SGD, Adam/AdamW, NAdam, RAdam, Adadelta, RMSprop, Adagrad, Schedule-Free, Prodigy and
/// D-Adapt Adam updates on every SIMD variant this processor runs give the bits of
/// the portable loops, for every option, for lengths around the vector widths and past the size
/// at which an update is split among threads, and for gradients holding zeros, NaN, ±∞ and
/// subnormals.
@Suite struct OptimizerKernelTests {
  /// `count` values from a fixed stream, with special values at fixed places when `special`.
  private static func values(_ count: Int, seed: UInt64, scale: Float, special: Bool) -> [Float] {
    let generator = Generator(seed: seed)
    var values = Tensor.randn([count], generator: generator).scalars.map { $0 * scale }
    if special {
      let tiny = Float.leastNonzeroMagnitude
      let specials: [Float] = [
        0, -0.0, .nan, .infinity, -.infinity, tiny * 7136, -tiny * 2_140_890, .greatestFiniteMagnitude,
      ]
      for (offset, value) in specials.enumerated() where offset * 5 < count { values[offset * 5] = value }
    }
    return values
  }

  /// Runs `step` (given the tensors, the kernel and the step number) three times on fresh
  /// tensors for the portable loop and for each variant, and compares every buffer bit for bit.
  /// The tensors are the parameter, the gradient and `state` state buffers, non-negative except
  /// the one at `signed` (a first moment).
  private static func checkVariants(
    count: Int, state: Int, signed: Int?, label: String, _ step: ([Tensor], SIMDKernel?, Int) -> Void
  ) {
    func run(_ kernel: SIMDKernel?) -> [[UInt32]] {
      var tensors = [Tensor(Self.values(count, seed: 1, scale: 1, special: false), shape: [count])]
      tensors.append(Tensor(Self.values(count, seed: 2, scale: 0.5, special: true), shape: [count]))
      for index in 2..<(2 + state) {
        let numbers = Self.values(count, seed: UInt64(index) + 2, scale: 0.01, special: false)
        tensors.append(Tensor(index == signed ? numbers : numbers.map { $0 * $0 }, shape: [count]))
      }
      for number in 1...3 { step(tensors, kernel, number) }
      return tensors.map { $0.scalars.map(\.bitPattern) }
    }
    let expected = run(nil)
    for kernel in SIMDKernel.available {
      for (index, (got, want)) in zip(run(kernel), expected).enumerated() {
        let first = got.indices.first { got[$0] != want[$0] }
        #expect(first == nil, "\(kernel.displayName), \(label): tensor \(index) differs at \(first ?? -1)")
      }
    }
  }

  @Test(arguments: [1, 7, 8, 15, 16, 17, 33, 1000, (1 << 18) + 5])
  func adamMatchesThePortableLoop(count: Int) {
    let cases: [(decay: Double, decoupled: Bool, amsgrad: Bool, maximize: Bool, beta1: Double)] = [
      (0, false, false, false, 0.9), (0.01, true, false, false, 0.9), (0.1, false, false, true, 0.9),
      (0.01, true, true, false, 0.9), (0, false, true, true, 0.3),
    ]
    for c in cases {
      let label = "decay \(c.decay) decoupled \(c.decoupled) amsgrad \(c.amsgrad) maximize \(c.maximize) β₁ \(c.beta1)"
      Self.checkVariants(count: count, state: c.amsgrad ? 3 : 2, signed: 2, label: label) { t, kernel, step in
        CPU.adamStep(
          parameter: t[0], grad: t[1], expAvg: t[2], expAvgSq: t[3], maxExpAvgSq: c.amsgrad ? t[4] : nil,
          step: Double(step), lr: 1e-3, betas: (c.beta1, 0.999), eps: 1e-8, weightDecay: c.decay,
          decoupled: c.decoupled, maximize: c.maximize, kernel: kernel)
      }
    }
  }

  @Test(arguments: [1, 7, 8, 15, 16, 17, 33, 1000, (1 << 18) + 5])
  func sgdMatchesThePortableLoop(count: Int) {
    let cases: [(momentum: Double, dampening: Double, nesterov: Bool, decay: Double, maximize: Bool)] = [
      (0.9, 0, true, 0, false), (0.9, 0, false, 0, false), (0, 0, false, 0, false), (0.9, 0.1, false, 0.01, false),
      (0.5, 0, true, 0.01, true), (0, 0, false, 0.1, true),
    ]
    for c in cases {
      let label =
        "momentum \(c.momentum) dampening \(c.dampening) nesterov \(c.nesterov) decay \(c.decay) maximize \(c.maximize)"
      // The first of the three steps sets the momentum buffer to the gradient.
      Self.checkVariants(count: count, state: 1, signed: 2, label: label) { t, kernel, step in
        CPU.sgdStep(
          parameter: t[0], grad: t[1], momentumBuffer: c.momentum != 0 ? t[2] : nil, isFirst: step == 1, lr: 0.1,
          momentum: c.momentum, dampening: c.dampening, weightDecay: c.decay, nesterov: c.nesterov,
          maximize: c.maximize, kernel: kernel)
      }
    }
  }

  @Test(arguments: [1, 7, 8, 15, 16, 17, 33, 1000, (1 << 16) + 5])
  func adadeltaMatchesThePortableLoop(count: Int) {
    for (decay, maximize) in [(0.0, false), (0.01, false), (0.0, true), (0.1, true)] {
      Self.checkVariants(count: count, state: 2, signed: nil, label: "decay \(decay) maximize \(maximize)") {
        t, kernel, _ in
        CPU.adadeltaStep(
          parameter: t[0], grad: t[1], squareAvg: t[2], accDelta: t[3], lr: 1.0, rho: 0.9, eps: 1e-6,
          weightDecay: decay, maximize: maximize, kernel: kernel)
      }
    }
  }

  @Test(arguments: [1, 7, 8, 15, 16, 17, 33, 1000])
  func rmspropMatchesThePortableLoop(count: Int) {
    for centered in [false, true] {
      for momentum in [0.0, 0.9] {
        for (decay, maximize) in [(0.0, false), (0.01, true)] {
          let label = "centered \(centered) momentum \(momentum) decay \(decay) maximize \(maximize)"
          Self.checkVariants(count: count, state: 3, signed: 3, label: label) { t, kernel, _ in
            CPU.rmspropStep(
              parameter: t[0], grad: t[1], squareAvg: t[2], gradAvg: centered ? t[3] : nil,
              momentumBuffer: momentum > 0 ? t[4] : nil, lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: decay,
              momentum: momentum, maximize: maximize, kernel: kernel)
          }
        }
      }
    }
  }

  @Test(arguments: [1, 7, 8, 15, 16, 17, 33, 1000])
  func adagradMatchesThePortableLoop(count: Int) {
    for (decay, maximize) in [(0.0, false), (0.01, false), (0.0, true)] {
      Self.checkVariants(count: count, state: 1, signed: nil, label: "decay \(decay) maximize \(maximize)") {
        t, kernel, step in
        CPU.adagradStep(
          parameter: t[0], grad: t[1], sum: t[2], clr: 0.01 / (1 + Double(step - 1) * 0.1), eps: 1e-10,
          weightDecay: decay, maximize: maximize, kernel: kernel)
      }
    }
  }

  @Test(arguments: [1, 7, 8, 15, 16, 17, 33, 1000])
  func nadamAndRAdamMatchThePortableLoop(count: Int) {
    let cases: [(decay: Double, decoupled: Bool, maximize: Bool, rect: Double?)] = [
      (0, false, false, 0.7), (0.01, true, false, nil), (0.1, false, true, 1.3),
    ]
    for c in cases {
      let label = "decay \(c.decay) decoupled \(c.decoupled) maximize \(c.maximize)"
      Self.checkVariants(count: count, state: 2, signed: 2, label: "NAdam, " + label) { t, kernel, step in
        CPU.nadamStep(
          parameter: t[0], grad: t[1], expAvg: t[2], expAvgSq: t[3], beta1: 0.9, beta2: 0.999,
          biasCorrection2: 1 - pow(0.999, Double(step)), gradValue: -0.0003, averageValue: -0.0061, eps: 1e-8,
          weightDecay: c.decay, decoupled: c.decoupled, shrink: 1 - 1e-3 * c.decay, maximize: c.maximize,
          kernel: kernel)
      }
      Self.checkVariants(count: count, state: 2, signed: 2, label: "RAdam, rect \(c.rect ?? 0), " + label) {
        t, kernel, step in
        CPU.radamStep(
          parameter: t[0], grad: t[1], expAvg: t[2], expAvgSq: t[3], betas: (0.9, 0.999),
          biasCorrection1: 1 - pow(0.9, Double(step)), biasCorrection2Sqrt: (1 - pow(0.999, Double(step))).squareRoot(),
          rect: c.rect, lr: 1e-3, eps: 1e-8, weightDecay: c.decay, decoupled: c.decoupled,
          shrink: 1 - 1e-3 * c.decay, maximize: c.maximize, kernel: kernel)
      }
    }
  }

  @Test(arguments: [1, 7, 8, 15, 16, 17, 33, 1000, (1 << 16) + 5])
  func scheduleFreeMatchesThePortableLoop(count: Int) {
    // SGD (no second moment), AdamW (normalized), RAdam's first steps (not normalized).
    for (adam, normalize, decay) in [(false, false, 0.0), (true, true, 0.0), (true, true, 0.01), (true, false, 0.1)] {
      let label = "adam \(adam) normalize \(normalize) decay \(decay)"
      Self.checkVariants(count: count, state: adam ? 2 : 1, signed: 2, label: label) { t, kernel, step in
        CPU.scheduleFreeStep(
          parameter: t[0], grad: t[1], z: t[2], expAvgSq: adam ? t[3] : nil, beta2: 0.999,
          biasCorrection2: 1 - pow(0.999, Double(step)), eps: 1e-8, weightDecay: decay, ckp1: 1 / Double(step + 1),
          lr: 0.0025, momentum: 0.9, normalize: normalize, kernel: kernel)
      }
    }
  }

  /// Prodigy's and D-Adapt Adam's accumulations (state and both double sums, element by element in
  /// order) and their parameter update.
  @Test(arguments: [1, 7, 8, 15, 16, 17, 33, 1000])
  func learningRateFreeStepsMatchThePortableLoops(count: Int) {
    for (decay, firstMoment) in [(0.0, true), (0.01, true), (0.0, false), (0.1, false)] {
      var sums: [SIMDKernel?: [(Double, Double)]] = [:]
      let label = "decay \(decay) first moment \(firstMoment)"
      // Tensors: parameter, gradient, p0 (signed), s, exp_avg_sq, exp_avg.
      Self.checkVariants(count: count, state: 4, signed: 2, label: "Prodigy, " + label) { t, kernel, step in
        let (dot, absSum) = CPU.prodigyAccumulate(
          parameter: t[0], grad: t[1], p0: t[2], s: t[3], expAvg: firstMoment ? t[5] : nil, expAvgSq: t[4],
          coupledDecay: decay, beta1: 0.9, beta2: 0.999, beta3: 0.9995, mAlpha: 0.1 * Double(step),
          vValue: 0.001, sAlpha: 0.02, kernel: kernel)
        sums[kernel, default: []].append((dot, absSum))
        CPU.prodigyUpdate(
          parameter: t[0], grad: t[1], expAvg: firstMoment ? t[5] : nil, expAvgSq: t[4], coupledDecay: decay,
          dEps: 1e-8, shrink: firstMoment ? -1e-4 : 0, value: -0.003, kernel: kernel)
      }
      Self.checkVariants(count: count, state: 3, signed: nil, label: "D-Adapt Adam, " + label) { t, kernel, step in
        let (dot, absSum) = CPU.dadaptAdamAccumulate(
          parameter: t[0], grad: t[1], s: t[2], expAvg: t[3], expAvgSq: t[4], coupledDecay: decay, eps: 1e-8,
          beta1: 0.9, beta2: 0.999, sqrtBeta2: 0.999.squareRoot(), mAlpha: 0.1 * Double(step), sAlpha: 0.02,
          kernel: kernel)
        sums[kernel, default: []].append((dot, absSum))
      }
      let expected = sums[nil] ?? []
      #expect(expected.count == 6)
      for kernel in SIMDKernel.available {
        let got = sums[kernel] ?? []
        #expect(got.count == expected.count, "\(kernel.displayName), \(label)")
        for (a, b) in zip(got, expected) {
          #expect(
            a.0.bitPattern == b.0.bitPattern && a.1.bitPattern == b.1.bitPattern, "\(kernel.displayName), \(label)")
        }
      }
    }
  }
}
