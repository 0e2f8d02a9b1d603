// Copyright © 2026 the Anneal authors.

/// How an environment variable such as `ANNEAL_BLAS` or `ANNEAL_DEFLATE` chooses a library
/// loaded at run time: unset, empty or `auto` tries the usual names, an "off" word disables
/// the library, anything else is the one path to load.
package enum RuntimeLibrary {
  /// The names to `dlopen` in order, or `nil` when `request` is one of `off`.
  package static func candidates(request: String?, off: Set<String>, automatic: [String]) -> [String]? {
    switch request {
    case let word? where off.contains(word):
      return nil
    case nil, "", "auto":
      return automatic
    case let path?:
      return [path]
    }
  }
}
