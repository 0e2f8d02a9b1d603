// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealModels
import AnnealNN
import AnnealOptim
import Foundation
import Testing
import _AnnealTestSupport

/// The BatchNorm2d + GELU + AdaptiveAvgPool2d network against PyTorch (`Scripts/make_fixtures.py
/// batchnorm_cnn`): the same initial weights after the same seed, the same state-dict keys and
/// dtypes, and after loading PyTorch's trained weights and running statistics the same
/// eval-mode and train-mode outputs.
@Suite struct BatchNormCNNParityTests {
  struct Fixture: Decodable {
    let keys: [String]
    let dtypes: [String]
    let initial_sums: [String: Double]
    let initial_first: [String: [Double]]
    let inputs: [Float]
    let eval_outputs: [Double]
    let train_outputs: [Double]
  }

  static let fixture = try! Fixtures.load(Fixture.self, named: "batchnorm_cnn.json", in: .module)
  static var inputs: Tensor { Tensor(fixture.inputs, shape: [4, 1, 28, 28]) }

  @Test func initialWeightsAndKeysArePyTorchs() {
    let f = Self.fixture
    let net = batchNormCNN(generator: Generator(seed: 3))
    #expect(net.stateDictKeys() == f.keys)
    let state = net.stateDict()
    #expect(f.keys.map { state[$0]?.dtype == .int64 ? "int64" : "float32" } == f.dtypes)
    for key in f.keys {
      let data = state[key]!
      let values = data.dtype == .int64 ? data.integers.map(Double.init) : data.scalars.map(Double.init)
      #expect(Array(values.prefix(8)) == f.initial_first[key], "\(key)")
      #expect(abs(values.reduce(0, +) - f.initial_sums[key]!) <= 1e-9 * max(1, abs(f.initial_sums[key]!)), "\(key)")
    }
  }

  @Test func loadedWeightsGivePyTorchsOutputs() throws {
    let net = batchNormCNN(generator: Generator(seed: 0))
    try net.load(safetensors: Fixtures.url(named: "batchnorm_cnn.safetensors", in: .module).path)
    net.eval()
    let evaluated = withNoGrad { net(Self.inputs) }
    expectClose(evaluated.scalars.map(Double.init), Self.fixture.eval_outputs, rtol: 1e-5, atol: 1e-5, "eval")
    net.train()
    let trained = withNoGrad { net(Self.inputs) }
    expectClose(trained.scalars.map(Double.init), Self.fixture.train_outputs, rtol: 1e-5, atol: 1e-5, "train")
  }

  /// Anneal's own trained state, written where PyTorch can check it: with
  /// `ANNEAL_KEEP_STATE_DICT=FILE`, `Scripts/check_batchnorm_cnn.py FILE` loads it into the
  /// PyTorch network with `strict=True` and compares the eval outputs stored in its metadata.
  @Test func annealsTrainedStateRoundTrips() throws {
    let net = batchNormCNN(generator: Generator(seed: 7))
    let optimizer = try Adam(net.parameters(), lr: 0.01)
    let generator = Generator(seed: 8)
    for _ in 0..<3 {
      let x = Tensor.rand([8, 1, 28, 28], generator: generator)
      let labels = Tensor(elements: (0..<8).map { Int64($0 % 10) })
      optimizer.zeroGrad()
      try crossEntropy(net(x), targets: labels).backward()
      optimizer.step()
    }
    net.eval()
    let outputs = withNoGrad { net(Self.inputs) }.scalars
    let json = String(decoding: try JSONEncoder().encode(outputs), as: UTF8.self)
    let path =
      ProcessInfo.processInfo.environment["ANNEAL_KEEP_STATE_DICT"]
      ?? FileManager.default.temporaryDirectory.appendingPathComponent("bn-cnn-\(UUID().uuidString).safetensors").path
    defer {
      if ProcessInfo.processInfo.environment["ANNEAL_KEEP_STATE_DICT"] == nil {
        try? FileManager.default.removeItem(atPath: path)
      }
    }
    try net.save(safetensors: path, metadata: ["eval_outputs": json])
    let copy = batchNormCNN(generator: Generator(seed: 0))
    try copy.load(safetensors: path)
    #expect(copy.stateDict() == net.stateDict())
    #expect(copy.buffer("num_batches_tracked") == nil)  // the buffers belong to the BatchNorm2d children
    #expect(copy.stateDict()["1.num_batches_tracked"]?.integers == [3])
    copy.eval()
    #expect(withNoGrad { copy(Self.inputs) }.scalars == outputs)
  }
}
