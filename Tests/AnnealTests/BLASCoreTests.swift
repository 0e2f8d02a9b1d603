// Copyright © 2026 the Anneal authors.

import Anneal
import Foundation
import Testing

/// OpenBLAS's kernel choice: a release older than the processor falls back to SSE3 kernels,
/// and Anneal reloads it with the ones the processor's features allow.
@Suite struct BLASCoreTests {
  @Test func featuresFromCPUInfoFlags() {
    let skylake = CPUFeatures(flags: "fpu sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl")
    #expect(skylake == CPUFeatures(avx2: true, avx512: true))
    #expect(CPUFeatures(flags: "fpu sse2 avx avx2 fma") == CPUFeatures(avx2: true, avx512: false))
    // AVX2 without FMA runs no Haswell kernel; AVX-512 foundation alone no SkylakeX kernel.
    #expect(CPUFeatures(flags: "sse2 avx avx2") == CPUFeatures(avx2: false, avx512: false))
    #expect(CPUFeatures(flags: "avx2 fma avx512f") == CPUFeatures(avx2: true, avx512: false))
    #expect(CPUFeatures(flags: "") == CPUFeatures(avx2: false, avx512: false))
  }

  @Test func fallbackKernelsAreReplaced() {
    let avx512 = CPUFeatures(avx2: true, avx512: true)
    let avx2 = CPUFeatures(avx2: true, avx512: false)
    #expect(BLAS.betterOpenBLASCore(core: "Prescott", features: avx512) == "SkylakeX")
    #expect(BLAS.betterOpenBLASCore(core: "Haswell", features: avx512) == "SkylakeX")
    #expect(BLAS.betterOpenBLASCore(core: "Prescott", features: avx2) == "Haswell")
    #expect(BLAS.betterOpenBLASCore(core: "Nehalem", features: avx2) == "Haswell")
  }

  @Test func aNarrowingCoreTypeIsNamed() throws {
    let avx512 = CPUFeatures(avx2: true, avx512: true)
    let avx2 = CPUFeatures(avx2: true, avx512: false)
    let preset = try #require(BLAS.narrowCoreWarning(core: "Haswell", requested: "Haswell", features: avx512))
    #expect(preset.hasPrefix("OPENBLAS_CORETYPE=Haswell keeps OpenBLAS on its Haswell (AVX2) kernels"))
    #expect(preset.contains("AVX-512 ones (SkylakeX)"))
    #expect(BLAS.narrowCoreWarning(core: "Prescott", requested: "prescott", features: avx2)?.contains("(SSE)") == true)
    // A setting as wide as the processor, no setting, or no OpenBLAS: nothing to say.
    #expect(BLAS.narrowCoreWarning(core: "Haswell", requested: "Haswell", features: avx2) == nil)
    #expect(BLAS.narrowCoreWarning(core: "SkylakeX", requested: "SkylakeX", features: avx512) == nil)
    #expect(BLAS.narrowCoreWarning(core: "Haswell", requested: nil, features: avx512) == nil)
    #expect(BLAS.narrowCoreWarning(core: nil, requested: "Haswell", features: avx512) == nil)
  }

  @Test func informedChoicesStand() {
    let avx512 = CPUFeatures(avx2: true, avx512: true)
    #expect(BLAS.betterOpenBLASCore(core: "SkylakeX", features: avx512) == nil)
    #expect(BLAS.betterOpenBLASCore(core: "Cooperlake", features: avx512) == nil)
    #expect(BLAS.betterOpenBLASCore(core: "SapphireRapids", features: avx512) == nil)
    #expect(BLAS.betterOpenBLASCore(core: "Zen", features: avx512) == nil)
    #expect(BLAS.betterOpenBLASCore(core: "Haswell", features: CPUFeatures(avx2: true, avx512: false)) == nil)
    #expect(BLAS.betterOpenBLASCore(core: "Prescott", features: CPUFeatures(avx2: false, avx512: false)) == nil)
  }

  /// OpenBLAS is loaded with settings in the environment, which are taken back afterwards:
  /// a variable the user set keeps its value, an unset one is unset again.
  @Test func temporaryEnvironmentIsRestored() {
    let (set, unset) = ("ANNEAL_TEST_TEMPORARY_SET", "ANNEAL_TEST_TEMPORARY_UNSET")
    setenv(set, "user", 1)
    unsetenv(unset)
    defer { unsetenv(set) }
    let inside = BLAS.withTemporaryEnvironment([set: "1", unset: "2"]) {
      (String(cString: getenv(set)), String(cString: getenv(unset)))
    }
    #expect(inside == ("1", "2"))
    #expect(getenv(set).map { String(cString: $0) } == "user")
    #expect(getenv(unset) == nil)
  }

  /// On this machine: the loaded OpenBLAS runs kernels as wide as the processor allows
  /// (unless the user chose them with `OPENBLAS_CORETYPE`).
  @Test func loadedOpenBLASUsesTheProcessor() throws {
    guard let blas = BLAS.shared, let core = blas.coreName else { return }  // not OpenBLAS
    guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil else { return }
    #expect(BLAS.betterOpenBLASCore(core: core, features: .current) == nil, "OpenBLAS runs \(core)")
  }
}
