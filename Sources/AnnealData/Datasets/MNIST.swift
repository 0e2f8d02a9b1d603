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
  /// One of the four files of a split.
  public struct Resource: Sendable, Hashable {
    /// The uncompressed file name, e.g. `train-images-idx3-ubyte`.
    public let name: String
    /// The published MD5, of the uncompressed file or of the `.gz` as `checksum` says.
    public let md5: String
    /// What ``md5`` is the checksum of.
    public let checksum: Checksum

    /// What a published MD5 covers.
    public enum Checksum: Sendable, Hashable {
      /// The decompressed IDX file (MNIST's, which no recompression changes).
      case uncompressed
      /// The `.gz` file as served (torchvision's for Fashion-MNIST and KMNIST).
      case compressed
    }

    /// Describes a file and its checksum.
    public init(name: String, md5: String, checksum: Checksum = .uncompressed) {
      self.name = name
      self.md5 = md5
      self.checksum = checksum
    }
  }

  /// A dataset in MNIST's format: 28×28 grey images and labels 0–9 in four IDX files (PyTorch:
  /// `torchvision.datasets.MNIST`, `FashionMNIST`, `KMNIST`, which share their loader).
  public struct Variant: Sendable, Hashable {
    /// torchvision's class name, also its folder under a root (`root/FashionMNIST/raw/`).
    public let name: String
    /// The training files.
    public let trainResources: [Resource]
    /// The test files.
    public let testResources: [Resource]
    /// The download mirrors, tried in order.
    public let mirrors: [URL]
    /// The names of the ten classes.
    public let classes: [String]

    /// Describes an MNIST-format dataset.
    public init(name: String, trainResources: [Resource], testResources: [Resource], mirrors: [URL], classes: [String])
    {
      self.name = name
      self.trainResources = trainResources
      self.testResources = testResources
      self.mirrors = mirrors
      self.classes = classes
    }

    /// The handwritten digits (PyTorch: `torchvision.datasets.MNIST`).
    public static let mnist = Variant(
      name: "MNIST", trainResources: MNIST.trainResources, testResources: MNIST.testResources,
      mirrors: MNIST.defaultMirrors, classes: (0...9).map { "\($0) - " + digitNames[$0] })

    /// Zalando's clothing images (PyTorch: `torchvision.datasets.FashionMNIST`), with
    /// torchvision's mirror and MD5s (of the `.gz` files).
    public static let fashionMNIST = Variant(
      name: "FashionMNIST",
      trainResources: [
        Resource(name: "train-images-idx3-ubyte", md5: "8d4fb7e6c68d591d4c3dfef9ec88bf0d", checksum: .compressed),
        Resource(name: "train-labels-idx1-ubyte", md5: "25c81989df183df01b3e8a0aad5dffbe", checksum: .compressed),
      ],
      testResources: [
        Resource(name: "t10k-images-idx3-ubyte", md5: "bef4ecab320f06d8554ea6380940ec79", checksum: .compressed),
        Resource(name: "t10k-labels-idx1-ubyte", md5: "bb300cfdad3c16e7a12a480ee83cd310", checksum: .compressed),
      ],
      mirrors: [URL(string: "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")!],
      classes: [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
      ])

    /// Kuzushiji-MNIST, cursive Japanese characters (PyTorch: `torchvision.datasets.KMNIST`),
    /// with torchvision's mirror and MD5s (of the `.gz` files).
    public static let kmnist = Variant(
      name: "KMNIST",
      trainResources: [
        Resource(name: "train-images-idx3-ubyte", md5: "bdb82020997e1d708af4cf47b453dcf7", checksum: .compressed),
        Resource(name: "train-labels-idx1-ubyte", md5: "e144d726b3acfaa3e44228e80efcd344", checksum: .compressed),
      ],
      testResources: [
        Resource(name: "t10k-images-idx3-ubyte", md5: "5c965bf0a639b31b8f53240b1b52f4d7", checksum: .compressed),
        Resource(name: "t10k-labels-idx1-ubyte", md5: "7320c461ea6c1c855c0b718fb2a4b134", checksum: .compressed),
      ],
      mirrors: [URL(string: "http://codh.rois.ac.jp/kmnist/dataset/kmnist/")!],
      classes: ["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"])

    private static let digitNames = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
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
  /// Which MNIST-format dataset this is.
  public let variant: Variant
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
  ///   - variant: MNIST (the default), ``Variant/fashionMNIST`` or ``Variant/kmnist``.
  /// - Throws: ``MNISTError`` if files are missing, damaged or not MNIST.
  public init(root: String, train: Bool = true, variant: Variant = .mnist) throws(MNISTError) {
    let resources = train ? variant.trainResources : variant.testResources
    var paths: [String] = []
    var missing: [String] = []
    for resource in resources {
      if let path = Self.locate(resource, in: root, folder: variant.name) {
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
    self.variant = variant
    self.pixels = images.bytes
    self.labels = labels.bytes
  }

  /// Loads a split, first downloading any missing file when `download` is `true`
  /// (PyTorch: `MNIST(root, train, download=True)`, `FashionMNIST(…)`, `KMNIST(…)`).
  ///
  /// - Parameters:
  ///   - variant: MNIST (the default), ``Variant/fashionMNIST`` or ``Variant/kmnist``.
  ///   - mirrors: Base URLs to try in order. The default is the variant's.
  ///   - policy: Retries, backoff and timeout. The default is ``DownloadPolicy/standard``.
  ///   - progress: Told what the download does (``DownloadEvent``); the default tells nobody.
  ///   - root: The folder holding (or to receive) the four IDX files.
  ///   - train: The training split (60 000 images) or the test split (10 000).
  ///   - download: Whether to download missing files first.
  public init(
    root: String, train: Bool = true, variant: Variant = .mnist, download: Bool, mirrors: [URL]? = nil,
    policy: DownloadPolicy = .standard, progress: DownloadProgressHandler? = nil
  ) async throws(MNISTError) {
    if download {
      try await Self.download(
        root: root, train: train, variant: variant, mirrors: mirrors, policy: policy, progress: progress)
    }
    try self.init(root: root, train: train, variant: variant)
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

  /// The path of `resource` under `root`, compressed or not, if present: in `root`,
  /// `root/raw` or torchvision's `root/<folder>/raw`.
  static func locate(_ resource: Resource, in root: String, folder: String = "MNIST") -> String? {
    let folders = [root, root + "/raw", root + "/\(folder)/raw"]
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
  /// end leaves no file behind, not even a partial one, and no folder it created.
  ///
  /// - Parameters:
  ///   - progress: Told what the download does (``DownloadEvent``); the default tells
  ///     nobody.
  ///   - root: The folder to download into, created if missing.
  ///   - train: The training split's two files, or the test split's.
  ///   - variant: MNIST (the default), `Variant.fashionMNIST` or `Variant.kmnist`.
  ///   - mirrors: Base URLs to try in order. The default is the variant's.
  ///   - policy: Retries, backoff and timeout. The default is ``DownloadPolicy/standard``.
  /// - Throws: ``MNISTError/downloadFailed(file:reasons:)`` when every attempt fails for a
  ///   file (with the last reason per mirror), or ``MNISTError/unwritable(path:reason:)``.
  public static func download(
    root: String, train: Bool, variant: Variant = .mnist, mirrors: [URL]? = nil, policy: DownloadPolicy = .standard,
    progress: DownloadProgressHandler? = nil
  ) async throws(MNISTError) {
    let resources = train ? variant.trainResources : variant.testResources
    let missing = resources.filter { locate($0, in: root, folder: variant.name) == nil }
    guard !missing.isEmpty else { return }
    let created = foldersMissing(on: root)
    do {
      try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    } catch {
      throw .unwritable(path: root, reason: "cannot create the folder")
    }
    do throws(MNISTError) {
      for resource in missing {
        try await Downloader.fetch(
          resource, into: root, mirrors: mirrors ?? variant.mirrors, policy: policy, progress: progress)
      }
    } catch {
      // The innermost first; a folder that holds anything now (another split's files) stays.
      for folder in created.reversed() { rmdir(folder) }
      throw error
    }
  }

  /// The folders on the way to `path` (itself included) that do not exist yet, outermost first:
  /// what a download that fails must remove again.
  package static func foldersMissing(on path: String) -> [String] {
    var result: [String] = []
    var url = URL(fileURLWithPath: path).standardizedFileURL
    while !FileManager.default.fileExists(atPath: url.path), url.path != "/" {
      result.append(url.path)
      url = url.deletingLastPathComponent()
    }
    return result.reversed()
  }
}
