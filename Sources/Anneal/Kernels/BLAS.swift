// Copyright © 2026 the Anneal authors.

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
package struct BLAS: Sendable {
  package typealias SGEMM =
    @convention(c) (
      Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
      UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32
    ) -> Void

  /// The library that was loaded, as it was named to `dlopen`.
  package let library: String
  package let sgemm: SGEMM

  /// The library chosen for this process, or `nil` when the Swift kernels are used.
  package static let shared: BLAS? = load(request: environment("ANNEAL_BLAS"))

  package static func load(request: String?) -> BLAS? {
    let candidates: [String]
    switch request {
    case "none", "off", "swift":
      return nil
    case nil, "", "auto":
      #if canImport(Darwin)
        candidates = ["/System/Library/Frameworks/Accelerate.framework/Accelerate"]
      #else
        candidates = [
          "libopenblas.so.0", "libopenblas.so", "libblis.so.4", "libblis.so", "libcblas.so.3",
          "libblas.so.3",
        ]
      #endif
    case let path?:
      candidates = [path]
    }
    for name in candidates {
      guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
      guard let symbol = dlsym(handle, "cblas_sgemm") else {
        dlclose(handle)
        continue
      }
      return BLAS(library: name, sgemm: unsafeBitCast(symbol, to: SGEMM.self))
    }
    return nil
  }

  private static func environment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
  }
}
