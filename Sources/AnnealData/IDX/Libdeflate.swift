// Copyright © 2026 the Anneal authors.

import Anneal

#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// libdeflate, found at run time with `dlopen`, inflating whole gzip files about twice as fast
/// as zlib (MNIST's 47 MB of training images: 0.1 s instead of 0.2 s on the reference machine).
///
/// Optional like the CBLAS: ``Gzip`` uses it for a file whose size the gzip trailer states,
/// and zlib for everything else and for every error, so that messages do not depend on which
/// library is installed. `ANNEAL_DEFLATE` chooses: unset or `auto` tries `libdeflate.so.0`
/// (Debian's `libdeflate0`) or, on Apple platforms, `libdeflate.0.dylib`; `zlib` or `none`
/// uses zlib only; anything else is a library path to load.
package struct Libdeflate: Sendable {
  private typealias Allocate = @convention(c) () -> OpaquePointer?
  private typealias Free = @convention(c) (OpaquePointer?) -> Void
  /// `libdeflate_gzip_decompress_ex`: decompressor, input, its size, output, its size, bytes
  /// read, bytes written.
  private typealias GzipDecompress =
    @convention(c) (
      OpaquePointer?, UnsafeRawPointer?, Int, UnsafeMutableRawPointer?, Int, UnsafeMutablePointer<Int>?,
      UnsafeMutablePointer<Int>?
    ) -> Int32

  /// The library that was loaded, as it was named to `dlopen`.
  package let library: String
  private let allocate: Allocate
  private let free: Free
  private let gzipDecompress: GzipDecompress

  /// The library chosen for this process, or `nil` when zlib does all the work.
  package static let shared: Libdeflate? = load(request: EnvironmentVariable.value("ANNEAL_DEFLATE"))

  package static func load(request: String?) -> Libdeflate? {
    #if canImport(Darwin)
      let automatic = [
        "libdeflate.0.dylib", "/opt/homebrew/lib/libdeflate.0.dylib", "/usr/local/lib/libdeflate.0.dylib",
      ]
    #else
      let automatic = ["libdeflate.so.0"]
    #endif
    guard
      let candidates = RuntimeLibrary.candidates(request: request, off: ["zlib", "none", "off"], automatic: automatic)
    else { return nil }
    for name in candidates {
      guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
      guard let allocate = dlsym(handle, "libdeflate_alloc_decompressor"),
        let free = dlsym(handle, "libdeflate_free_decompressor"),
        let decompress = dlsym(handle, "libdeflate_gzip_decompress_ex")
      else {
        dlclose(handle)
        continue
      }
      return Libdeflate(
        library: name, allocate: unsafeBitCast(allocate, to: Allocate.self), free: unsafeBitCast(free, to: Free.self),
        gzipDecompress: unsafeBitCast(decompress, to: GzipDecompress.self))
    }
    return nil
  }

  /// Inflates `input`, one gzip member and nothing after it, into `output`, which must be
  /// exactly its size; `false` when the data is damaged, of another size, followed by more
  /// members, or memory runs out (callers then ask zlib, for its error messages).
  package func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Bool {
    guard let decompressor = allocate() else { return false }
    defer { free(decompressor) }
    var (consumed, produced) = (0, 0)
    let status = gzipDecompress(
      decompressor, input.baseAddress, input.count, output.baseAddress, output.count, &consumed, &produced)
    // A file of several members (`cat a.gz b.gz`) is zlib's to inflate whole.
    return status == 0 && produced == output.count && consumed == input.count
  }
}
