// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "swift-anneal",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "Anneal", targets: ["Anneal"]),  // ≈ torch
    .library(name: "AnnealNN", targets: ["AnnealNN"]),  // ≈ torch.nn
    .library(name: "AnnealOptim", targets: ["AnnealOptim"]),  // ≈ torch.optim
    .library(name: "AnnealLRScheduler", targets: ["AnnealLRScheduler"]),  // ≈ torch.optim.lr_scheduler
    .library(name: "AnnealState", targets: ["AnnealState"]),  // ≈ state_dict() values
    .library(name: "AnnealData", targets: ["AnnealData"]),  // ≈ torch.utils.data + torchvision.datasets
    .library(name: "AnnealTraining", targets: ["AnnealTraining"]),  // the loop: checkpoints, evaluation
    .library(name: "AnnealModels", targets: ["AnnealModels"]),  // ≈ torchvision.models: reference networks
    .library(name: "AnnealBundledMNIST", targets: ["AnnealBundledMNIST"]),  // MNIST's four files, offline
    .executable(name: "anneal", targets: ["AnnealCLI"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
  ],
  targets: [
    // MARK: - Public API
    .target(
      name: "Anneal",
      dependencies: ["CAnnealSIMD", .product(name: "RealModule", package: "swift-numerics")]),
    .target(name: "AnnealNN", dependencies: ["Anneal"]),
    .target(name: "AnnealState"),
    .target(name: "AnnealLRScheduler", dependencies: ["AnnealState"]),
    .target(name: "AnnealOptim", dependencies: ["Anneal", "AnnealState", "AnnealLRScheduler"]),
    .target(name: "AnnealData", dependencies: ["Anneal", "CZlib"]),
    .target(name: "AnnealTraining", dependencies: ["Anneal", "AnnealNN", "AnnealOptim"]),
    .target(name: "AnnealModels", dependencies: ["Anneal", "AnnealNN"]),
    .target(name: "AnnealBundledMNIST", resources: [.copy("MNIST")]),

    // MARK: - Implementation details
    .systemLibrary(
      name: "CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
    // SGEMM micro-kernels for AVX2+FMA, AVX-512 and NEON, chosen at run time (clang, C11).
    .target(name: "CAnnealSIMD"),
    .target(name: "_AnnealTestSupport", dependencies: ["Anneal", "AnnealBundledMNIST"]),

    // MARK: - Tools and examples
    .executableTarget(
      name: "AnnealCLI",
      dependencies: [
        "Anneal", "AnnealNN", "AnnealOptim", "AnnealData", "AnnealTraining", "AnnealModels", "AnnealBundledMNIST",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Tools/anneal"),
    .executableTarget(
      name: "FuzzParsers",
      dependencies: ["Anneal", "AnnealData", "AnnealOptim", "AnnealLRScheduler"],
      path: "Fuzz/FuzzParsers"),
    .executableTarget(
      name: "MNISTExample",
      dependencies: ["Anneal", "AnnealNN", "AnnealOptim", "AnnealData"],
      path: "Examples/MNIST"),
    .executableTarget(
      name: "PyTorchExamplesMNIST",
      dependencies: ["Anneal", "AnnealNN", "AnnealOptim", "AnnealData"],
      path: "Examples/PyTorchExamplesMNIST"),

    // MARK: - Tests
    .testTarget(
      name: "AnnealTests",
      dependencies: ["Anneal", "_AnnealTestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "AnnealNNTests",
      dependencies: ["AnnealNN", "_AnnealTestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "AnnealOptimTests",
      dependencies: ["AnnealOptim", "_AnnealTestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "AnnealLRSchedulerTests",
      dependencies: ["AnnealLRScheduler", "_AnnealTestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "AnnealDataTests",
      dependencies: ["AnnealData", "_AnnealTestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "AnnealParityTests",
      dependencies: ["AnnealNN", "AnnealOptim", "AnnealData", "AnnealModels", "_AnnealTestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "AnnealTrainingTests",
      dependencies: ["AnnealTraining", "_AnnealTestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "AnnealCLITests",
      dependencies: ["AnnealCLI", "AnnealLRScheduler", "AnnealOptim", "AnnealTraining", "_AnnealTestSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
