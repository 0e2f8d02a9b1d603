// Copyright © 2026 the Anneal authors.

#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The number of processors this process may use, for sizing kernel threads.
enum ProcessorCount {
  static let active: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}
