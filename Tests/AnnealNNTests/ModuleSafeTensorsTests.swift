// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealNN
import Foundation
import Testing

@Suite struct ModuleSafeTensorsTests {
  @Test func saveAndLoadRoundTrip() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("anneal-\(UUID().uuidString).safetensors")
      .path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let source = FFNN(generator: Generator(seed: 1))
    try source.save(safetensors: path)
    let target = FFNN(generator: Generator(seed: 2))
    #expect(target.fc1.weight.scalars != source.fc1.weight.scalars)
    try target.load(safetensors: path)
    for (a, b) in zip(source.parameters(), target.parameters()) { #expect(a.scalars == b.scalars) }
    #expect(try SafeTensors.read(from: path).names == ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"])
  }

  @Test func mismatchesAreNamedAndLeaveTheModelUnchanged() throws {
    let model = FFNN(generator: Generator(seed: 1))
    let before = model.parameters().map(\.scalars)
    var state = model.stateDict()
    state["fc2.bias"] = TensorData(shape: [11], scalars: [Float](repeating: 0, count: 11))
    #expect(throws: StateDictError.shapeMismatch(key: "fc2.bias", expected: [10], found: [11])) {
      try model.loadStateDict(state)
    }
    state = model.stateDict()
    state["fc3.weight"] = TensorData(shape: [1], scalars: [0])
    #expect(throws: StateDictError.unexpectedKey("fc3.weight")) { try model.loadStateDict(state) }
    state = model.stateDict()
    state.removeValue(forKey: "fc1.bias")
    #expect(throws: StateDictError.missingKey("fc1.bias")) { try model.loadStateDict(state) }
    try model.loadStateDict(state, strict: false)
    #expect(model.parameters().map(\.scalars) == before)
  }
}
