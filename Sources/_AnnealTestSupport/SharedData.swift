// Copyright © 2026 the Anneal authors.

import Foundation

/// Locations of the shared test data.
public enum SharedData {
  /// The real MNIST files: `$ANNEAL_MNIST_DIR`, or `../shared/datasets/mnist` relative to the
  /// package root.
  public static let mnistDirectory: String = {
    if let override = ProcessInfo.processInfo.environment["ANNEAL_MNIST_DIR"], !override.isEmpty { return override }
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets/mnist").standardized.path
  }()
}
