// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealNN
import Foundation
import Testing
import _AnnealTestSupport

/// Buffers, frozen parameters and containers, against PyTorch's `BufferNet`
/// (`Scripts/make_fixtures.py module_buffer`; `Scripts/check_state_dict.py` loads what this
/// suite saves back into PyTorch with `strict=True`).
@Suite struct ModuleBufferTests {
  /// The Swift twin of `BufferNet`.
  final class BufferNet: Module {
    let fc: Linear
    let blocks: ModuleList
    let heads: ModuleDict
    /// Built from its own generator, so that tests running alongside keep the default stream.
    init(generator: Generator = Generator(seed: 0)) {
      fc = Linear(3, 2, generator: generator)
      blocks = ModuleList([Linear(2, 2, generator: generator)])
      heads = ModuleDict(["out": Linear(2, 1, generator: generator)])
      super.init()
      registerBuffer("steps", Tensor(scalar: Int64(7)))
      registerBuffer("mask", Tensor(elements: [true, false, true]))
      registerBuffer("scratch", Tensor.zeros([2]), persistent: false)
      registerBuffer("running_mean", Tensor([0.5, -0.25]))
      fc.weight.requiresGrad_(false)
    }
  }

  struct Expected: Decodable {
    let keys: [String]
    let dtypes: [String: String]
    let parameters: [String]
    let buffers: [String]
    let modules: [String]
  }

  static func fixture(_ name: String) throws -> String {
    try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")).path
  }

  @Test func namesAndOrderMatchPyTorch() throws {
    let expected = try Fixtures.load(Expected.self, named: "buffer_net.json", in: .module)
    let net = BufferNet()
    #expect(net.namedParameters().map(\.name) == expected.parameters)
    #expect(net.namedBuffers().map(\.name) == expected.buffers)
    #expect(net.namedModules().map(\.name) == expected.modules)
    #expect(net.stateDictKeys() == expected.keys)
    let state = net.stateDict()
    for (key, dtype) in expected.dtypes { #expect(state[key]?.dtype.rawValue == dtype, "\(key)") }
    #expect(!net.fc.weight.requiresGrad && net.parameters().contains { $0 === net.fc.weight })
  }

  @Test func aPyTorchStateDictLoadsStrictlyAndRoundTrips() throws {
    let net = BufferNet()
    withNoGrad { net.buffer("steps")?.fill(with: 0) }
    try net.load(safetensors: Self.fixture("buffer_net.safetensors"))
    let file = try SafeTensors.read(from: Self.fixture("buffer_net.safetensors")).tensors
    #expect(net.stateDict() == file)
    #expect(net.buffer("steps")?.item(as: Int64.self) == 7)
    #expect(net.buffer("steps")?.dtype == .int64)

    let path =
      ProcessInfo.processInfo.environment["ANNEAL_KEEP_STATE_DICT"]
      ?? FileManager.default.temporaryDirectory.appendingPathComponent("buffer-net-\(UUID().uuidString).safetensors")
      .path
    try net.save(safetensors: path)
    let reread = try SafeTensors.read(from: path)
    #expect(reread.names.sorted() == file.keys.sorted())
    #expect(reread.tensors == file)
    let fresh = BufferNet()
    try fresh.load(safetensors: path)
    #expect(fresh.stateDict() == file)
    if ProcessInfo.processInfo.environment["ANNEAL_KEEP_STATE_DICT"] == nil {
      try? FileManager.default.removeItem(atPath: path)
    }
  }

  @Test func strictLoadingNamesWhatDoesNotFit() {
    let net = BufferNet()
    var state = net.stateDict()
    state["steps"] = nil
    #expect(throws: StateDictError.missingKey("steps")) { try net.loadStateDict(state) }
    state = net.stateDict()
    state["scratch"] = TensorData(shape: [2], scalars: [0, 0])  // non-persistent: not part of the state
    #expect(throws: StateDictError.unexpectedKey("scratch")) { try net.loadStateDict(state) }
  }

  @Test func freezingAndApply() {
    let net = BufferNet()
    net.requiresGrad_(false)
    #expect(net.parameters().allSatisfy { !$0.requiresGrad })
    #expect(net.parameters().count == 6)
    var visited: [String] = []
    net.apply { visited.append(String(describing: type(of: $0))) }
    #expect(visited == ["Linear", "Linear", "ModuleList", "Linear", "ModuleDict", "BufferNet"])
    #expect(net.children().count == 3)
  }
}
