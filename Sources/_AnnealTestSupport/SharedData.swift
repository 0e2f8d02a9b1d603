// Copyright © 2026 the Anneal authors.

import AnnealBundledMNIST
import Foundation

/// Locations of the test data.
public enum SharedData {
  /// The real MNIST files: `$ANNEAL_MNIST_DIR`, or the copy the package ships
  /// (``BundledMNIST``), so that the tests need nothing outside the repository.
  public static let mnistDirectory: String = {
    if let override = ProcessInfo.processInfo.environment["ANNEAL_MNIST_DIR"], !override.isEmpty { return override }
    guard let bundled = BundledMNIST.directory else {
      fatalError("the package's MNIST resource is missing: set ANNEAL_MNIST_DIR to a folder with the four .gz files")
    }
    return bundled
  }()
}
