// Copyright © 2026 the Anneal authors.

import Foundation

/// Serialises tests that use the process-wide ``Anneal/Generator/default`` (through
/// `manualSeed`, or APIs called without a generator), since Swift Testing runs tests in
/// parallel and they would otherwise interleave draws. Tests that do not take the lock must
/// pass explicit generators.
public enum DefaultGeneratorLock {
  private static let lock = NSLock()

  /// Runs `body` while no other test uses the default generator.
  public static func run<R>(_ body: () throws -> R) rethrows -> R {
    lock.lock()
    defer { lock.unlock() }
    return try body()
  }
}
