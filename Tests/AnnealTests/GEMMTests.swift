// Copyright © 2026 the Anneal authors.

import Anneal
import Testing
import _AnnealTestSupport

/// The pure-Swift SGEMM, and the run-time CBLAS when one is installed, against a naive
/// double-precision reference.
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

  static func run(_ s: Shape, backend: GEMM.Backend) -> (got: [Float], expected: [Double]) {
    let generator = Generator(seed: 3)
    let a = Tensor.randn([s.m * s.k], generator: generator).scalars
    let b = Tensor.randn([s.k * s.n], generator: generator).scalars
    let c = Tensor.randn([s.m * s.n], generator: generator).scalars
    var out = c
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        out.withUnsafeMutableBufferPointer { pc in
          GEMM.sgemm(
            transA: s.transA, transB: s.transB, m: s.m, n: s.n, k: s.k, alpha: s.alpha,
            a: pa.baseAddress!, lda: max(s.transA ? s.m : s.k, 1), b: pb.baseAddress!,
            ldb: max(s.transB ? s.k : s.n, 1), beta: s.beta, c: pc.baseAddress!, ldc: s.n,
            backend: backend)
        }
      }
    }
    return (out, reference(s, a, b, c))
  }

  @Test(arguments: shapes)
  func swiftKernelMatchesReference(_ s: Shape) {
    let (got, expected) = Self.run(s, backend: .swift)
    expectClose(got, expected, rtol: 1e-4, atol: 1e-4)
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
