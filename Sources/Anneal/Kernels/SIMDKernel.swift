// Copyright © 2026 the Anneal authors.

import CAnnealSIMD

/// Anneal's own SGEMM kernels for vector instruction sets beyond the build's baseline, in C
/// (the `CAnnealSIMD` target, compiled by the toolchain's clang) and chosen at run time.
///
/// Each variant is compiled for its instruction set by a function attribute, so the program
/// runs on any processor of its architecture, and is called only after the processor and the
/// operating system say it can run (CPUID and XGETBV on x86-64; arm64 always has NEON). They
/// run when no CBLAS is loaded (`ANNEAL_BLAS=none`, or none installed); the portable Swift
/// kernel (``GEMM``) remains for processors with none of them.
///
/// Every variant forms each element's sum with fused multiply-adds in the order of `k`, per
/// block of 256 along `k`, so all of them give the same bits for the same operands (the
/// portable kernel, without fused multiply-adds, rounds differently).
///
/// The environment variable `ANNEAL_SIMD` chooses: unset or `auto` takes the widest variant
/// available, `avx512`, `avx2` or `neon` asks for one (the widest available is used if this
/// processor lacks it, and ``selection`` says so), `none` keeps the portable Swift kernel.
package enum SIMDKernel: String, CaseIterable, Sendable {
  case avx512
  case avx2
  case neon

  /// The instruction set, as `anneal info` names it.
  package var displayName: String {
    switch self {
    case .avx512: "AVX-512"
    case .avx2: "AVX2+FMA"
    case .neon: "NEON"
    }
  }

  /// Whether this variant has a collation kernel (`CPU.collateBytes`); on arm64 the portable
  /// code is already NEON. (Every variant has the optimizer updates.)
  var collates: Bool { self != .neon }

  var flag: UInt32 {
    switch self {
    case .avx512: UInt32(ANNEAL_SIMD_AVX512)
    case .avx2: UInt32(ANNEAL_SIMD_AVX2)
    case .neon: UInt32(ANNEAL_SIMD_NEON)
    }
  }

  /// The variants this build has and this machine can run, widest first.
  package static let available: [SIMDKernel] = {
    let mask = anneal_simd_available()
    return allCases.filter { mask & $0.flag != 0 }
  }()

  /// What `ANNEAL_SIMD` chose.
  package struct Selection: Sendable, Equatable {
    /// The variant products use when no CBLAS is loaded, or `nil` for the portable Swift kernel.
    package var kernel: SIMDKernel?
    /// Why the request was not followed, when it was not.
    package var note: String?

    package init(kernel: SIMDKernel?, note: String? = nil) {
      self.kernel = kernel
      self.note = note
    }
  }

  /// The selection for this process.
  package static let selection = select(request: EnvironmentVariable.value("ANNEAL_SIMD"), available: available)

  /// The selection `request` (a value of `ANNEAL_SIMD`) makes among `available` (widest first).
  package static func select(request: String?, available: [SIMDKernel]) -> Selection {
    let best = available.first
    switch request?.lowercased() {
    case nil, "", "auto":
      return Selection(kernel: best)
    case "none", "off", "portable", "swift":
      return Selection(kernel: nil)
    case let name?:
      guard let wanted = SIMDKernel(rawValue: name) else {
        return Selection(
          kernel: best, note: "ANNEAL_SIMD=\(request!) is not one of auto, avx512, avx2, neon, none; using auto")
      }
      if available.contains(wanted) { return Selection(kernel: wanted) }
      return Selection(
        kernel: best,
        note: "this processor cannot run ANNEAL_SIMD=\(name) (\(wanted.displayName)); using "
          + (best.map(\.displayName) ?? "the portable Swift kernel"))
    }
  }

  /// `C = alpha · op(A) · op(B) + beta · C` on row-major matrices; false (nothing touched) when
  /// the packing buffers could not be allocated.
  func sgemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
  ) -> Bool {
    let status = anneal_sgemm(
      flag, transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    precondition(status != -1, "the \(displayName) SGEMM kernel cannot run on this processor")
    return status == 0
  }
}
