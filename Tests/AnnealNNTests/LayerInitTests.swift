// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealNN
import Testing
import _AnnealTestSupport

/// Default initialisation of Conv1d, ConvTranspose2d, Embedding, LayerNorm, GroupNorm and
/// Linear against PyTorch's (`layer_init.json`: the layers built one after another from
/// `torch.manual_seed(5)`): the same draws in the same order, bit for bit, under the same
/// state-dict names.
@Suite struct LayerInitTests {
  struct Entry: Decodable {
    let name: String
    let shape: [Int]
    let values: [Float]
  }

  /// A layer's entries, or the fixture's generator note.
  enum Value: Decodable {
    case entries([Entry]), note(String)
    init(from decoder: any Decoder) throws {
      let c = try decoder.singleValueContainer()
      if let s = try? c.decode(String.self) { self = .note(s) } else { self = .entries(try c.decode([Entry].self)) }
    }
  }

  @Test func layersStartWithPyTorchsParameters() throws {
    let file = try Fixtures.load([String: Value].self, named: "layer_init.json", in: .module)
    let generator = Generator(seed: 5)
    // The order PyTorch built them in, from one stream.
    let layers: [(String, Module)] = [
      ("conv1d", Conv1d(3, 4, kernelSize: 3, generator: generator)),
      ("conv1d_groups", Conv1d(4, 6, kernelSize: 2, groups: 2, bias: false, generator: generator)),
      ("conv_transpose2d", ConvTranspose2d(3, 2, kernelSize: 3, stride: 2, generator: generator)),
      ("conv_transpose2d_groups", ConvTranspose2d(4, 6, kernelSize: (2, 3), groups: 2, generator: generator)),
      ("embedding", Embedding(10, 4, generator: generator)),
      ("embedding_padding", Embedding(6, 3, paddingIdx: -2, generator: generator)),
      ("layer_norm", LayerNorm([2, 3])),
      ("group_norm", GroupNorm(2, 4)),
      ("linear", Linear(5, 3, generator: generator)),
    ]
    #expect(Set(layers.map(\.0)) == Set(file.keys).subtracting(["generator"]))
    for (name, layer) in layers {
      guard case .entries(let expected)? = file[name] else {
        Issue.record("no fixture for \(name)")
        continue
      }
      #expect(layer.stateDictKeys() == expected.map(\.name), "\(name)")
      let state = layer.stateDict()
      for entry in expected {
        #expect(state[entry.name]?.shape == entry.shape, "\(name).\(entry.name)")
        #expect(state[entry.name]?.scalars == entry.values, "\(name).\(entry.name)")
      }
    }
  }
}
