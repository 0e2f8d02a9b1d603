// Copyright © 2026 the Anneal authors.

/// Stops with `message` when `condition` is false — a programmer error, such as a shape
/// mismatch, that PyTorch raises as a `RuntimeError`.
///
/// Unlike `precondition`, whose message `-O` builds drop, the message is printed in every
/// build configuration, so a release build says what was wrong (e.g. `mat1 and mat2 shapes
/// cannot be multiplied (100x784 and 100x10)`).
@inline(__always)
package func check(
  _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID,
  line: UInt = #line
) {
  if !condition() { checkFailed(message(), file: file, line: line) }
}

@inline(never)
package func checkFailed(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
  fatalError(message, file: file, line: line)
}
