// Copyright © 2026 the Anneal authors.

import Foundation

/// The MNIST handwritten digits shipped with the package: the four original IDX files
/// (11 MB, CC BY-SA 3.0, see `MNIST/LICENSE.md`) as a SwiftPM resource.
///
/// `anneal mnist` trains on this copy when neither `--data-dir` nor `./data/MNIST` is given,
/// so it works offline on a fresh clone. A library user opts in by depending on the
/// `AnnealBundledMNIST` product and passing ``directory`` as the root of `MNIST`:
///
/// ```swift
/// import AnnealBundledMNIST
/// import AnnealData
///
/// if let root = BundledMNIST.directory {
///   let train = try MNIST(root: root, train: true)
/// }
/// ```
///
/// PyTorch has no counterpart: torchvision always downloads (`MNIST(root, download=True)`).
public enum BundledMNIST {
  /// The folder holding the four `.gz` files, or `nil` when the package's resource bundle is
  /// not beside the program (a binary copied elsewhere without its
  /// `swift-anneal_AnnealBundledMNIST.resources` folder) and the sources are gone.
  public static let directory: String? = candidates.first(where: holdsMNIST)

  /// The files the folder must hold.
  public static let files = [
    "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
  ]

  /// Where SwiftPM puts the resource bundle (beside the executable, as `.resources` on Linux
  /// and Windows or `.bundle` on Apple platforms), then this target's source folder, which
  /// serves a checkout whose build folder is elsewhere (Xcode's test runner, for one).
  ///
  /// The generated `Bundle.module` is not used: it stops the program when it finds no bundle.
  private static var candidates: [String] {
    let bundleName = "swift-anneal_AnnealBundledMNIST"
    var folders = [Bundle.main.bundleURL]
    if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
      folders.append(executable.deletingLastPathComponent())
    }
    var result: [String] = []
    for folder in folders {
      for suffix in [".resources", ".bundle", ".bundle/Contents/Resources"] {
        result.append(folder.appendingPathComponent(bundleName + suffix).appendingPathComponent("MNIST").path)
      }
    }
    result.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("MNIST").path)
    return result
  }

  private static func holdsMNIST(_ folder: String) -> Bool {
    files.allSatisfy { FileManager.default.isReadableFile(atPath: folder + "/" + $0) }
  }
}
