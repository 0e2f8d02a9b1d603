// Copyright © 2026 the Anneal authors.

import Anneal
import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The MNIST handwritten digits (PyTorch: `torchvision.datasets.MNIST` with
/// `transforms.ToTensor()`): 60 000 training and 10 000 test images of 28×28 pixels, each
/// sample an image tensor of shape `[1, 28, 28]` with pixels scaled to [0, 1] by `/ 255`
/// and its label 0–9.
///
/// ```swift
/// let train = try await MNIST(root: "./data/MNIST", train: true, download: true)
/// let loader = DataLoader(train, batchSize: 100, shuffle: true)
/// ```
///
/// The folder holds the four original IDX files, gzip-compressed (`*.gz`) or not; the
/// torchvision layout `root/raw/` and `root/MNIST/raw/` is found too. Images stay as bytes
/// in memory and are scaled when a batch is gathered.
public struct MNIST: Dataset, Sendable {
  /// One of the four MNIST files.
  public struct Resource: Sendable, Hashable {
    /// The uncompressed file name, e.g. `train-images-idx3-ubyte`.
    public let name: String
    /// The published MD5 of the uncompressed file.
    public let md5: String
  }

  /// The training and test files with their published checksums.
  public static let trainResources = [
    Resource(name: "train-images-idx3-ubyte", md5: "6bbc9ace898e44ae57da46a324031adb"),
    Resource(name: "train-labels-idx1-ubyte", md5: "a25bea736e30d166cdddb491f175f624"),
  ]
  /// The test files with their published checksums.
  public static let testResources = [
    Resource(name: "t10k-images-idx3-ubyte", md5: "2646ac647ad5339dbf082846283269ea"),
    Resource(name: "t10k-labels-idx1-ubyte", md5: "27ae3e4e09519cfbb04c329615203637"),
  ]

  /// The mirrors torchvision downloads from, tried in order.
  public static let defaultMirrors = [
    URL(string: "https://ossci-datasets.s3.amazonaws.com/mnist/")!,
    URL(string: "http://yann.lecun.com/exdb/mnist/")!,
  ]

  /// Image height and width.
  public static let side = 28

  /// Whether this is the training split.
  public let train: Bool
  /// The pixels of every image, row-major, one byte each.
  public let pixels: [UInt8]
  /// The label of every image.
  public let labels: [UInt8]

  public var count: Int { labels.count }

  /// Loads a split from local files.
  ///
  /// - Parameters:
  ///   - root: The folder with the IDX files.
  ///   - train: The training split (`true`, the default) or the test split.
  /// - Throws: ``MNISTError`` if files are missing, damaged or not MNIST.
  public init(root: String, train: Bool = true) throws(MNISTError) {
    let resources = train ? Self.trainResources : Self.testResources
    var paths: [String] = []
    var missing: [String] = []
    for resource in resources {
      if let path = Self.locate(resource, in: root) {
        paths.append(path)
      } else {
        missing.append(resource.name + "[.gz]")
      }
    }
    guard missing.isEmpty else { throw .missingFiles(root: root, files: missing) }
    let images: IDXFile
    let labels: IDXFile
    do {
      images = try IDXFile(contentsOf: paths[0])
      labels = try IDXFile(contentsOf: paths[1])
    } catch {
      throw .invalidFile(error)
    }
    guard images.shape.count == 3, images.shape[1] == Self.side, images.shape[2] == Self.side else {
      throw .unexpectedLayout(path: paths[0], message: "expected images of shape [n, 28, 28], found \(images.shape)")
    }
    guard labels.shape.count == 1 else {
      throw .unexpectedLayout(path: paths[1], message: "expected a 1-D label array, found shape \(labels.shape)")
    }
    guard labels.shape[0] == images.shape[0] else {
      throw .unexpectedLayout(
        path: paths[1], message: "\(labels.shape[0]) labels for \(images.shape[0]) images in \(paths[0])")
    }
    if let bad = labels.bytes.firstIndex(where: { $0 > 9 }) {
      throw .unexpectedLayout(path: paths[1], message: "label \(labels.bytes[bad]) at index \(bad) is not a digit 0–9")
    }
    self.train = train
    self.pixels = images.bytes
    self.labels = labels.bytes
  }

  /// Loads a split, first downloading any missing file when `download` is `true`
  /// (PyTorch: `MNIST(root, train, download=True)`).
  ///
  /// - Parameters:
  ///   - mirrors: Base URLs to try in order. The default is ``defaultMirrors``.
  ///   - policy: Retries, backoff and timeout. The default is ``DownloadPolicy/standard``.
  public init(
    root: String, train: Bool = true, download: Bool, mirrors: [URL] = MNIST.defaultMirrors,
    policy: DownloadPolicy = .standard
  ) async throws(MNISTError) {
    if download { try await Self.download(root: root, train: train, mirrors: mirrors, policy: policy) }
    try self.init(root: root, train: train)
  }

  /// The image at `index` as a `[1, 28, 28]` tensor, and its label.
  public subscript(index: Int) -> (image: Tensor, label: Int) {
    let batch = collate([index][...])
    return (batch.inputs.reshaped([1, Self.side, Self.side]), Int(labels[index]))
  }

  /// Gathers images straight from the pixel bytes into one `[n, 1, 28, 28]` tensor, each byte
  /// scaled by `/ 255` in `Float` as ToTensor does (a loop the compiler vectorises).
  public func collate(_ indices: ArraySlice<Int>) -> LabeledBatch {
    let area = Self.side * Self.side
    let images = Tensor.collating(
      bytes: pixels, rows: indices, rowLength: area, shape: [indices.count, 1, Self.side, Self.side])
    let batchLabels = indices.map { Int(labels[$0]) }
    return LabeledBatch(inputs: images, labels: batchLabels)
  }

  /// The path of `resource` under `root`, compressed or not, if present.
  static func locate(_ resource: Resource, in root: String) -> String? {
    let folders = [root, root + "/raw", root + "/MNIST/raw"]
    for folder in folders {
      for name in [resource.name, resource.name + ".gz"] {
        let path = folder + "/" + name
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
          return path
        }
      }
    }
    return nil
  }

  /// Downloads the files of a split that are not already in `root`, verifying each against
  /// its published MD5 (of the decompressed content) before moving it into place.
  ///
  /// Failed requests are retried across the mirrors with growing pauses, as `policy` says; a
  /// connection that breaks off is continued where it stopped. A download that fails in the
  /// end leaves no file behind, not even a partial one.
  ///
  /// - Throws: ``MNISTError/downloadFailed(file:reasons:)`` when every attempt fails for a
  ///   file (with the last reason per mirror), or ``MNISTError/unwritable(path:reason:)``.
  public static func download(
    root: String, train: Bool, mirrors: [URL] = defaultMirrors, policy: DownloadPolicy = .standard
  ) async throws(MNISTError) {
    do {
      try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    } catch {
      throw .unwritable(path: root, reason: "cannot create the folder")
    }
    for resource in train ? trainResources : testResources where locate(resource, in: root) == nil {
      try await Downloader.fetch(resource, into: root, mirrors: mirrors, policy: policy)
    }
  }
}
