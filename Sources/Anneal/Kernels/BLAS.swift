// Copyright © 2026 the Anneal authors.

import Synchronization

#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A CBLAS library found at run time with `dlopen`, so that Anneal builds and runs with
/// nothing but the Swift toolchain and uses an optimised SGEMM when one is installed.
///
/// The environment variable `ANNEAL_BLAS` chooses: unset or `auto` tries the usual
/// libraries (Accelerate on Apple platforms; OpenBLAS, BLIS, then the system `libblas` on
/// Linux), `none` forces the pure-Swift kernels, and anything else is a library path or name
/// to load.
///
/// OpenBLAS picks its kernels from the processor model, and a release older than the
/// processor falls back to its SSE3 kernels (`Prescott`) at a fraction of the speed. When that
/// happens and `OPENBLAS_CORETYPE` is not set, Anneal reloads the library with the kernels
/// the processor's features allow (`SkylakeX` with AVX-512, `Haswell` with AVX2 and FMA);
/// ``coreOverride`` says so and `anneal info` prints it.
package struct BLAS: Sendable {
  package typealias SGEMM =
    @convention(c) (
      Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
      UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32
    ) -> Void

  /// The library that was loaded, as it was named to `dlopen`.
  package let library: String
  package let sgemm: SGEMM
  /// The kernel family OpenBLAS runs (`openblas_get_corename()`), `nil` for other libraries.
  package let coreName: String?
  /// The `OPENBLAS_CORETYPE` Anneal chose because OpenBLAS's own choice was below the
  /// processor's features, or `nil` when OpenBLAS's choice stands.
  package let coreOverride: String?
  /// Whether the library was set to one thread, so that Anneal splits large products over
  /// its own threads (``WorkerPool``) instead: true for OpenBLAS, BLIS and Intel MKL.
  package let singleThreaded: Bool

  /// The library chosen for this process, or `nil` when the Swift kernels are used.
  package static let shared: BLAS? = load(request: EnvironmentVariable.value("ANNEAL_BLAS"))

  package static func load(request: String?) -> BLAS? {
    #if canImport(Darwin)
      let automatic = ["/System/Library/Frameworks/Accelerate.framework/Accelerate"]
    #else
      let automatic = [
        "libopenblas.so.0", "libopenblas.so", "libblis.so.4", "libblis.so", "libcblas.so.3", "libblas.so.3",
      ]
    #endif
    guard
      let candidates = RuntimeLibrary.candidates(
        request: request, off: ["none", "off", "swift"], automatic: automatic)
    else { return nil }
    for name in candidates {
      guard var handle = open(name) else { continue }
      guard dlsym(handle, "cblas_sgemm") != nil else {
        dlclose(handle)
        continue
      }
      var override: String?
      if let better = betterOpenBLASCore(handle: handle, features: .current),
        EnvironmentVariable.value("OPENBLAS_CORETYPE") == nil
      {
        guard let reloaded = reload(name, handle: handle, coreType: better) else { continue }
        (handle, override) = (reloaded.handle, reloaded.overridden ? better : nil)
      }
      guard let symbol = dlsym(handle, "cblas_sgemm") else { continue }
      return BLAS(
        library: name, sgemm: unsafeBitCast(symbol, to: SGEMM.self), coreName: openBLASCoreName(handle),
        coreOverride: override, singleThreaded: setOneThread(handle))
    }
    return nil
  }

  /// Loads a library with `OPENBLAS_NUM_THREADS=1`: Anneal runs OpenBLAS on one thread and
  /// splits products itself, and OpenBLAS would otherwise start threads that poll (calling
  /// `sched_yield`) on the processors the products need. The environment is restored after.
  private static func open(_ name: String, coreType: String? = nil) -> UnsafeMutableRawPointer? {
    var settings = ["OPENBLAS_NUM_THREADS": "1"]
    if let coreType { settings["OPENBLAS_CORETYPE"] = coreType }
    return withTemporaryEnvironment(settings) { dlopen(name, RTLD_NOW | RTLD_LOCAL) }
  }

  /// Serialises ``withTemporaryEnvironment(_:_:)``, so that two loads cannot restore each
  /// other's settings.
  private static let environmentLock = Mutex(())

  /// Runs `body` with the environment variables `settings` set, then restores each to its
  /// previous value or absence.
  package static func withTemporaryEnvironment<Result>(_ settings: [String: String], _ body: () -> Result) -> Result {
    environmentLock.withLock { _ in
      let previous = settings.keys.map { ($0, EnvironmentVariable.value($0)) }
      for (name, value) in settings { setenv(name, value, 1) }
      defer {
        for (name, value) in previous {
          if let value { setenv(name, value, 1) } else { unsetenv(name) }
        }
      }
      return body()
    }
  }

  private typealias SetOpenBLASThreads = @convention(c) (Int32) -> Void
  private typealias SetBLISThreads = @convention(c) (Int) -> Void
  private typealias SetMKLThreads = @convention(c) (Int32) -> Void

  /// Sets OpenBLAS, BLIS or Intel MKL to one thread; false for libraries without such a
  /// setting.
  private static func setOneThread(_ handle: UnsafeMutableRawPointer) -> Bool {
    if let symbol = dlsym(handle, "openblas_set_num_threads") {
      unsafeBitCast(symbol, to: SetOpenBLASThreads.self)(1)
      return true
    }
    if let symbol = dlsym(handle, "bli_thread_set_num_threads") {
      unsafeBitCast(symbol, to: SetBLISThreads.self)(1)
      return true
    }
    if let symbol = dlsym(handle, "MKL_Set_Num_Threads") {
      unsafeBitCast(symbol, to: SetMKLThreads.self)(1)
      return true
    }
    return false
  }

  private typealias CoreName = @convention(c) () -> UnsafeMutablePointer<CChar>?

  private static func openBLASCoreName(_ handle: UnsafeMutableRawPointer) -> String? {
    guard let symbol = dlsym(handle, "openblas_get_corename"),
      let name = unsafeBitCast(symbol, to: CoreName.self)()
    else { return nil }
    return String(cString: name)
  }

  /// How wide the vector kernels of an OpenBLAS core family are: 2 for AVX-512, 1 for AVX2,
  /// 0 for older ones.
  package static func openBLASTier(core: String) -> Int {
    switch core.lowercased() {
    case "skylakex", "cooperlake", "sapphirerapids": 2
    case "haswell", "zen", "excavator": 1
    default: 0
    }
  }

  /// The `OPENBLAS_CORETYPE` to load instead, when the library at `handle` is OpenBLAS running
  /// kernels narrower than `features` allow. AMD's `Zen` choice is left alone: OpenBLAS takes
  /// it on purpose for processors that have AVX-512.
  package static func betterOpenBLASCore(core: String, features: CPUFeatures) -> String? {
    let tier = openBLASTier(core: core)
    guard core.lowercased() != "zen" else { return nil }
    if features.avx512 && tier < 2 { return "SkylakeX" }
    if features.avx2 && tier < 1 { return "Haswell" }
    return nil
  }

  /// One line saying that the user's `OPENBLAS_CORETYPE` keeps OpenBLAS on kernels narrower
  /// than this processor runs (a preset `Haswell` on an AVX-512 machine, say), or `nil`. Anneal
  /// respects the setting; this only makes its cost visible.
  package var narrowCoreWarning: String? {
    Self.narrowCoreWarning(
      core: coreName, requested: EnvironmentVariable.value("OPENBLAS_CORETYPE"), features: .current)
  }

  /// ``narrowCoreWarning`` for OpenBLAS running `core` because of `OPENBLAS_CORETYPE=requested`
  /// on a processor with `features`.
  package static func narrowCoreWarning(core: String?, requested: String?, features: CPUFeatures) -> String? {
    guard let core, let requested, !requested.isEmpty else { return nil }
    let possible = features.avx512 ? 2 : features.avx2 ? 1 : 0
    let tier = openBLASTier(core: core)
    guard tier < possible else { return nil }
    let names = ["SSE", "AVX2", "AVX-512"]
    return "OPENBLAS_CORETYPE=\(requested) keeps OpenBLAS on its \(core) (\(names[tier])) kernels, but this "
      + "processor runs \(names[possible]) ones (\(possible == 2 ? "SkylakeX" : "Haswell")); unset it to let "
      + "OpenBLAS choose"
  }

  private static func betterOpenBLASCore(handle: UnsafeMutableRawPointer, features: CPUFeatures) -> String? {
    openBLASCoreName(handle).flatMap { betterOpenBLASCore(core: $0, features: features) }
  }

  /// Unloads `handle` and loads `name` again with `OPENBLAS_CORETYPE=coreType` (OpenBLAS reads
  /// it once, when loaded), restoring the environment afterwards. When something else keeps
  /// the library loaded its kernels cannot change, and the loaded library is kept as it is.
  private static func reload(_ name: String, handle: UnsafeMutableRawPointer, coreType: String)
    -> (handle: UnsafeMutableRawPointer, overridden: Bool)?
  {
    dlclose(handle)
    if let stillLoaded = dlopen(name, RTLD_NOW | RTLD_NOLOAD) { return (stillLoaded, false) }
    return open(name, coreType: coreType).map { ($0, true) }
  }
}
