// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealNN
import Testing
import _AnnealTestSupport

/// Initialisers against PyTorch after the same seed: bit for bit.
@Suite struct InitTests {
  struct InitFixture: Decodable {
    let linear_default_seed0: [String: [Double]]
    let ffnn_kaiming_seed0: [String: [Double]]
    let seed1_sequence: [String: [Double]]
  }

  static let fixture = Result { try Fixtures.load(InitFixture.self, named: "init.json", in: .module) }

  @Test func linearDefaultInitMatchesPyTorch() throws {
    let f = try Self.fixture.get().linear_default_seed0
    let generator = Generator(seed: 0)
    let fc1 = Linear(784, 100, generator: generator)
    let fc2 = Linear(100, 10, generator: generator)
    #expect(Array(fc1.weight.scalars.prefix(50)).map(Double.init) == f["fc1.weight"])
    let bias1 = try #require(fc1.bias)
    #expect(bias1.scalars.map(Double.init) == f["fc1.bias"])
    #expect(Array(fc2.weight.scalars.prefix(50)).map(Double.init) == f["fc2.weight"])
    let bias2 = try #require(fc2.bias)
    #expect(bias2.scalars.map(Double.init) == f["fc2.bias"])
  }

  @Test func tutorialModelInitMatchesPyTorch() throws {
    let f = try Self.fixture.get().ffnn_kaiming_seed0
    let model = FFNN(generator: Generator(seed: 0))
    #expect(Array(model.fc1.weight.scalars.suffix(50)).map(Double.init) == f["fc1.weight"])
    #expect(model.fc2.weight.scalars.map(Double.init) == f["fc2.weight"])
    let sum = model.fc1.weight.scalars.reduce(0.0) { $0 + Double($1) }
    expectClose([sum], try #require(f["fc1.weight.sum"]), rtol: 1e-12, atol: 1e-9)
    let bias = try #require(model.fc1.bias)
    #expect(bias.scalars.allSatisfy { $0 == 0 })
  }

  @Test func otherInitialisersMatchPyTorch() throws {
    let f = try Self.fixture.get().seed1_sequence
    let generator = Generator(seed: 1)
    func fresh() -> Tensor { Tensor.zeros([30, 20]) }
    let a = fresh()
    Init.xavierUniform(a, generator: generator)
    let b = fresh()
    Init.xavierNormal(b, generator: generator)
    let c = fresh()
    Init.kaimingUniform(c, mode: .fanOut, nonlinearity: .relu, generator: generator)
    let d = fresh()
    Init.kaimingNormal(d, a: 0.2, generator: generator)
    #expect(Array(a.scalars.prefix(20)).map(Double.init) == f["xavier_uniform"])
    #expect(Array(b.scalars.prefix(20)).map(Double.init) == f["xavier_normal"])
    #expect(Array(c.scalars.prefix(20)).map(Double.init) == f["kaiming_uniform_fan_out_relu"])
    #expect(Array(d.scalars.prefix(20)).map(Double.init) == f["kaiming_normal_a0.2"])
  }

  @Test func gains() {
    #expect(Init.calculateGain(.relu) == 2.0.squareRoot())
    #expect(Init.calculateGain(.tanh) == 5.0 / 3)
    #expect(Init.calculateGain(.leakyReLU, param: 0) == 2.0.squareRoot())
    #expect(Init.calculateGain(.linear) == 1)
  }
}
