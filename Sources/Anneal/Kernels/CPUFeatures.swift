// Copyright © 2026 the Anneal authors.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The vector instruction sets of this machine's processor that matter for SGEMM kernels,
/// as the operating system reports them (`/proc/cpuinfo` on Linux).
///
/// Used to notice when a run-time BLAS picked kernels far below what the processor can run
/// (OpenBLAS falls back to its SSE3 kernels on processor models newer than itself).
package struct CPUFeatures: Sendable, Equatable {
  /// AVX2 with FMA3: OpenBLAS's `Haswell` kernels run.
  package var avx2: Bool
  /// AVX-512 F, CD, BW, DQ and VL: OpenBLAS's `SkylakeX` kernels run.
  package var avx512: Bool

  package init(avx2: Bool, avx512: Bool) {
    self.avx2 = avx2
    self.avx512 = avx512
  }

  /// The features named in a `flags` line of `/proc/cpuinfo`.
  package init(flags: some StringProtocol) {
    let names = Set(flags.split(separator: " " as Character).map { String($0) })
    avx2 = names.isSuperset(of: ["avx2", "fma"])
    avx512 = avx2 && names.isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"])
  }

  /// This machine's features; none where they cannot be read (then nothing is overridden).
  package static let current: CPUFeatures = {
    #if os(Linux) && arch(x86_64)
      guard let file = fopen("/proc/cpuinfo", "r") else { return CPUFeatures(avx2: false, avx512: false) }
      defer { fclose(file) }
      var line: UnsafeMutablePointer<CChar>?
      var capacity = 0
      defer { free(line) }
      while getline(&line, &capacity, file) > 0, let line {
        let text = String(cString: line)
        if text.hasPrefix("flags"), let colon = text.firstIndex(of: ":") {
          return CPUFeatures(flags: text[text.index(after: colon)...].trimmingNewline)
        }
      }
    #endif
    return CPUFeatures(avx2: false, avx512: false)
  }()
}

extension StringProtocol {
  fileprivate var trimmingNewline: SubSequence {
    var end = endIndex
    while end > startIndex, self[index(before: end)].isNewline { end = index(before: end) }
    return self[startIndex..<end]
  }
}
