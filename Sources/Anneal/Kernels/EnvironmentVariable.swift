// Copyright © 2026 the Anneal authors.

#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The process environment's settings of Anneal and the libraries it loads
/// (`ANNEAL_BLAS`, `ANNEAL_NUM_THREADS`, `ANNEAL_DEFLATE`, `OPENBLAS_CORETYPE`, …).
package enum EnvironmentVariable {
  /// The value of `name`, or `nil` when it is not set.
  package static func value(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }
}
