// Copyright © 2026 the Anneal authors.

import Anneal
import Testing
import _AnnealTestSupport

/// The portable Swift SGEMM, every SIMD kernel this processor runs, and the run-time CBLAS when
/// one is installed, against a naive double-precision reference; the SIMD kernels also bit for
/// bit against their documented order of fused multiply-adds.
@Suite struct GEMMTests {
  struct Shape: Sendable, CustomTestStringConvertible {
    let m, n, k: Int
    let transA, transB: Bool
    let alpha, beta: Float
    var testDescription: String { "\(m)x\(n)x\(k) tA=\(transA) tB=\(transB) α=\(alpha) β=\(beta)" }
  }

  static let shapes: [Shape] = [
    Shape(m: 1, n: 1, k: 1, transA: false, transB: false, alpha: 1, beta: 0),
    Shape(m: 7, n: 9, k: 5, transA: false, transB: false, alpha: 1, beta: 0),
    Shape(m: 13, n: 17, k: 300, transA: false, transB: true, alpha: 1, beta: 1),
    Shape(m: 100, n: 10, k: 100, transA: true, transB: false, alpha: 0.5, beta: 0),
    Shape(m: 130, n: 257, k: 70, transA: true, transB: true, alpha: -2, beta: 0.25),
    Shape(m: 100, n: 100, k: 784, transA: false, transB: true, alpha: 1, beta: 1),
    Shape(m: 6, n: 8, k: 0, transA: false, transB: false, alpha: 1, beta: 0.5),
    // Large enough to be split over the kernel threads with a CBLAS too: by rows, by columns.
    Shape(m: 1000, n: 100, k: 200, transA: false, transB: true, alpha: 1, beta: 0),
    Shape(m: 100, n: 790, k: 210, transA: true, transB: false, alpha: 0.5, beta: 1),
    // Several blocks along every dimension of the SIMD kernels (mc 144, nc 1024 or 3072, kc
    // 256), with partial tiles at each edge.
    Shape(m: 301, n: 3100, k: 520, transA: false, transB: false, alpha: 1, beta: 0),
    // A C of over 2²⁰ elements, whose tiles the SIMD kernels prefetch.
    Shape(m: 1025, n: 1030, k: 5, transA: true, transB: false, alpha: 1, beta: 1),
    Shape(m: 149, n: 35, k: 513, transA: true, transB: true, alpha: 1.5, beta: -1),
    // Last panels smaller than the SIMD kernels' tiles: the CNN's first weight gradient (64
    // rows, 9 columns), 11 rows and one vector past full ones, a second block of 2 rows.
    Shape(m: 64, n: 9, k: 676, transA: false, transB: true, alpha: 1, beta: 1),
    Shape(m: 11, n: 65, k: 9, transA: true, transB: false, alpha: 1, beta: 0),
    Shape(m: 146, n: 15, k: 33, transA: false, transB: false, alpha: 1, beta: 0.5),
  ]

  static func reference(_ s: Shape, _ a: [Float], _ b: [Float], _ c: [Float]) -> [Double] {
    let lda = s.transA ? s.m : s.k
    let ldb = s.transB ? s.k : s.n
    var out = [Double](repeating: 0, count: s.m * s.n)
    for i in 0..<s.m {
      for j in 0..<s.n {
        var total = 0.0
        for p in 0..<s.k {
          let x = s.transA ? a[p * lda + i] : a[i * lda + p]
          let y = s.transB ? b[j * ldb + p] : b[p * ldb + j]
          total += Double(x) * Double(y)
        }
        out[i * s.n + j] = Double(s.alpha) * total + Double(s.beta) * Double(c[i * s.n + j])
      }
    }
    return out
  }

  /// What ``SIMDKernel`` documents, one element at a time: C scaled by beta, then per block of
  /// 256 along k a sum of fused multiply-adds in order, added with one more.
  static func fusedReference(_ s: Shape, _ a: [Float], _ b: [Float], _ c: [Float]) -> [Float] {
    let lda = s.transA ? s.m : s.k
    let ldb = s.transB ? s.k : s.n
    var out = c.map { s.beta == 0 ? 0 : s.beta == 1 ? $0 : $0 * s.beta }
    guard s.alpha != 0 else { return out }
    for i in 0..<s.m {
      for j in 0..<s.n {
        var element = out[i * s.n + j]
        for block in stride(from: 0, to: s.k, by: 256) {
          var total: Float = 0
          for p in block..<min(block + 256, s.k) {
            let x = s.transA ? a[p * lda + i] : a[i * lda + p]
            let y = s.transB ? b[j * ldb + p] : b[p * ldb + j]
            total.addProduct(x, y)
          }
          element.addProduct(s.alpha, total)
        }
        out[i * s.n + j] = element
      }
    }
    return out
  }

  static func operands(_ s: Shape) -> (a: [Float], b: [Float], c: [Float]) {
    let generator = Generator(seed: 3)
    let a = Tensor.randn([s.m * s.k], generator: generator).scalars
    let b = Tensor.randn([s.k * s.n], generator: generator).scalars
    let c = Tensor.randn([s.m * s.n], generator: generator).scalars
    return (a, b, c)
  }

  static func product(
    _ s: Shape, _ a: [Float], _ b: [Float], _ c: [Float], backend: GEMM.Backend,
    splitPolicy: GEMM.SplitPolicy = .current
  ) -> [Float] {
    var out = c
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        out.withUnsafeMutableBufferPointer { pc in
          GEMM.sgemm(
            transA: s.transA, transB: s.transB, m: s.m, n: s.n, k: s.k, alpha: s.alpha,
            a: pa.baseAddress!, lda: max(s.transA ? s.m : s.k, 1), b: pb.baseAddress!,
            ldb: max(s.transB ? s.k : s.n, 1), beta: s.beta, c: pc.baseAddress!, ldc: s.n,
            backend: backend, splitPolicy: splitPolicy)
        }
      }
    }
    return out
  }

  static func run(_ s: Shape, backend: GEMM.Backend) -> (got: [Float], expected: [Double]) {
    let (a, b, c) = operands(s)
    return (product(s, a, b, c, backend: backend), reference(s, a, b, c))
  }

  @Test(arguments: shapes)
  func swiftKernelMatchesReference(_ s: Shape) {
    let (got, expected) = Self.run(s, backend: .swift)
    expectClose(got, expected, rtol: 1e-4, atol: 1e-4)
  }

  /// Each SIMD variant this processor runs (none is skipped silently: the list is printed by
  /// `anneal info`), to float32 tolerances and to the bit against the fused order, which also
  /// makes every variant, split or not, give the same bits.
  @Test(arguments: shapes)
  func simdKernelsMatchTheirFusedOrderBitForBit(_ s: Shape) {
    let (a, b, c) = Self.operands(s)
    let expected = Self.fusedReference(s, a, b, c)
    for kernel in SIMDKernel.available {
      let got = Self.product(s, a, b, c, backend: .simd(kernel))
      expectClose(got, Self.reference(s, a, b, c), rtol: 1e-4, atol: 1e-4)
      let mismatches = zip(got, expected).filter { $0.bitPattern != $1.bitPattern }.count
      #expect(mismatches == 0, "\(kernel.displayName): \(mismatches) elements differ from the fused order")
    }
  }

  /// Anneal's own kernels choose whether to split a product from timing, so the split must not
  /// change a bit: every shape, whole and split among the kernel threads (by rows or columns).
  @Test(arguments: shapes)
  func ownKernelsGiveTheSameBitsSplitOrNot(_ s: Shape) {
    let (a, b, c) = Self.operands(s)
    for backend in [GEMM.Backend.swift] + SIMDKernel.available.map(GEMM.Backend.simd) {
      let whole = Self.product(s, a, b, c, backend: backend, splitPolicy: .never)
      let split = Self.product(s, a, b, c, backend: backend, splitPolicy: .always)
      let measured = Self.product(s, a, b, c, backend: backend, splitPolicy: .measured)
      #expect(whole.map(\.bitPattern) == split.map(\.bitPattern), "\(backend): split differs")
      #expect(whole.map(\.bitPattern) == measured.map(\.bitPattern), "\(backend): measured differs")
    }
  }

  @Test func splitPolicyFromTheEnvironment() {
    #expect(GEMM.SplitPolicy.parse(nil) == (.measured, nil))
    #expect(GEMM.SplitPolicy.parse("NEVER") == (.never, nil))
    #expect(GEMM.SplitPolicy.parse("always") == (.always, nil))
    #expect(GEMM.SplitPolicy.parse("measure") == (.measured, nil))
    let (policy, note) = GEMM.SplitPolicy.parse("sometimes")
    #expect(policy == .measured)
    #expect(note == "ANNEAL_GEMM_SPLIT=sometimes is not one of measure, never, always; measuring")
  }

  @Test func splitTunerKeepsTheFasterWayOfEachShape() {
    let tuner = SplitTuner()
    let fast = SplitTuner.Shape(transA: false, transB: true, m: 100, n: 100, k: 784)
    let slow = SplitTuner.Shape(transA: true, transB: false, m: 100, n: 784, k: 100)
    let close = SplitTuner.Shape(transA: false, transB: false, m: 64, n: 64, k: 64)
    let cases: [(SplitTuner.Shape, whole: UInt64, split: UInt64)] = [
      (fast, 100, 50), (slow, 100, 150), (close, 100, 95),
    ]
    var plans: [SplitTuner.Plan] = []
    for call in 0..<(SplitTuner.warmUp + SplitTuner.samples) {
      for (shape, whole, split) in cases {
        let plan = tuner.plan(shape)
        if shape == fast { plans.append(plan) }
        guard case .measure(let splitting) = plan else { continue }
        // The first timed calls are slow (a busy start); the best time counts.
        let time = (splitting ? split : whole) * (call < SplitTuner.warmUp + 2 ? 10 : 1)
        tuner.record(shape, split: splitting, nanoseconds: time)
      }
    }
    // The warm-up runs whole, then the two ways alternate.
    let expected: [SplitTuner.Plan] =
      Array(repeating: .decided(split: false), count: SplitTuner.warmUp)
      + (1...SplitTuner.samples).map { .measure(split: $0 % 2 == 0) }
    #expect(plans == expected)
    #expect(tuner.plan(fast) == .decided(split: true))
    #expect(tuner.plan(slow) == .decided(split: false))
    // Within the margin, the product stays on one thread.
    #expect(tuner.plan(close) == .decided(split: false))
    #expect(Set(tuner.decisions.map(\.shape)) == [fast, slow, close])

    // Later the shape is measured again, and a change of the machine's load changes the decision.
    for _ in 0..<(SplitTuner.remeasureAfter - 1) { #expect(tuner.plan(fast) == .decided(split: true)) }
    for _ in 0..<SplitTuner.samples {
      guard case .measure(let splitting) = tuner.plan(fast) else {
        Issue.record("not measured again")
        return
      }
      tuner.record(fast, split: splitting, nanoseconds: splitting ? 200 : 100)
    }
    #expect(tuner.plan(fast) == .decided(split: false))
  }

  /// From `largeWork` multiply-adds the split is kept unless the whole product is clearly faster.
  @Test func largeProductsStaySplitWithinTheMargin() {
    let tuner = SplitTuner()
    let large = SplitTuner.Shape(transA: false, transB: true, m: 100, n: 1024, k: 784)
    let slower = SplitTuner.Shape(transA: false, transB: true, m: 1000, n: 1024, k: 784)
    #expect(large.m * large.n * large.k >= SplitTuner.largeWork)
    for _ in 0..<(SplitTuner.warmUp + SplitTuner.samples) {
      for (shape, whole, split) in [(large, 100, 105), (slower, 100, 150)] as [(SplitTuner.Shape, UInt64, UInt64)] {
        guard case .measure(let splitting) = tuner.plan(shape) else { continue }
        tuner.record(shape, split: splitting, nanoseconds: splitting ? split : whole)
      }
    }
    #expect(tuner.plan(large) == .decided(split: true))
    #expect(tuner.plan(slower) == .decided(split: false))
  }

  @Test func simdKernelSelection() {
    let x86: [SIMDKernel] = [.avx512, .avx2]
    #expect(SIMDKernel.select(request: nil, available: x86) == .init(kernel: .avx512))
    #expect(SIMDKernel.select(request: "auto", available: [.avx2]) == .init(kernel: .avx2))
    #expect(SIMDKernel.select(request: "AVX2", available: x86) == .init(kernel: .avx2))
    #expect(SIMDKernel.select(request: "none", available: x86) == .init(kernel: nil))
    #expect(SIMDKernel.select(request: nil, available: []) == .init(kernel: nil))
    let missing = SIMDKernel.select(request: "avx512", available: [.avx2])
    #expect(missing.kernel == .avx2)
    #expect(missing.note == "this processor cannot run ANNEAL_SIMD=avx512 (AVX-512); using AVX2+FMA")
    let unknown = SIMDKernel.select(request: "sse9", available: [])
    #expect(unknown.kernel == nil)
    #expect(unknown.note == "ANNEAL_SIMD=sse9 is not one of auto, avx512, avx2, neon, none; using auto")
  }

  /// An x86-64 machine with AVX2 (as CI's) must not fall back to the portable kernel.
  @Test func simdKernelFoundWhereTheProcessorHasOne() {
    #if arch(arm64)
      #expect(SIMDKernel.available.contains(.neon))
    #elseif arch(x86_64)
      #expect(SIMDKernel.available.contains(.avx2) == CPUFeatures.current.avx2)
      #expect(SIMDKernel.available.contains(.avx512) == CPUFeatures.current.avx512)
    #endif
  }

  @Test(arguments: shapes)
  func blasMatchesReferenceWhenInstalled(_ s: Shape) throws {
    guard let blas = BLAS.shared else { return }  // nothing to compare without a CBLAS
    let (got, expected) = Self.run(s, backend: .blas(blas))
    expectClose(got, expected, rtol: 1e-4, atol: 1e-4)
  }

  @Test func backendSelection() {
    #expect(BLAS.load(request: "none") == nil)
    #expect(BLAS.load(request: "/nonexistent/libnothing.so") == nil)
  }
}
