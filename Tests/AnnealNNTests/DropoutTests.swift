// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealNN
import Testing
import _AnnealTestSupport

/// Dropout masks equal PyTorch's for the same seed (`Scripts/make_fixtures.py dropout`), values
/// and gradients included, and the default stream continues as PyTorch's does.
@Suite struct DropoutTests {
  struct Fixture: Decodable {
    let x: [Float]
    let x2: [Float]
    let y: [Float]
    let y2: [Float]
    let after: [Float]
    let xGrad: [Float]
    let x2Grad: [Float]
    let bigKept: Int
    let bigFirstZeros: [Int64]
    enum CodingKeys: String, CodingKey {
      case x, x2, y, y2, after
      case xGrad = "x.grad"
      case x2Grad = "x2.grad"
      case bigKept = "big_kept"
      case bigFirstZeros = "big_first_zeros"
    }
  }

  @Test func masksValuesAndGradientsMatchPyTorch() throws {
    let f = try Fixtures.load(Fixture.self, named: "dropout.json", in: .module)
    let x = Tensor(f.x, shape: [5, 7], requiresGrad: true)
    let x2 = Tensor(f.x2, shape: [2, 3, 2, 2], requiresGrad: true)
    try DefaultGeneratorLock.run {
      manualSeed(7)
      let y = Dropout(0.3)(x)
      let y2 = Dropout2d(0.5)(x2)
      #expect(y.scalars == f.y)
      #expect(y2.scalars == f.y2)
      #expect(Tensor.rand([3]).scalars == f.after)
      try (y.sum() + (y2 * 2).sum()).backward()
      #expect(x.grad?.scalars == f.xGrad)
      #expect(x2.grad?.scalars == f.x2Grad)

      manualSeed(11)
      let big = dropout(Tensor.ones([64, 9216]), p: 0.5)
      #expect(Int(big.ne(0).sum().item(as: Int64.self)) == f.bigKept)
      let firstRow = big[0].eq(0).toArray(of: Bool.self)
      let zeros = firstRow.indices.filter { firstRow[$0] }.prefix(40).map(Int64.init)
      #expect(Array(zeros) == f.bigFirstZeros)
    }
  }

  @Test func evaluationModeAndEdgeProbabilitiesDrawNothing() {
    let x = Tensor([1, 2, 3])
    let layer = Dropout(0.5)
    layer.eval()
    let generator = Generator(seed: 1)
    let before = generator.getState()
    #expect(layer(x) === x)
    #expect(dropout(x, p: 0, generator: generator) === x)
    #expect(dropout(x, p: 1, generator: generator).scalars == [0, 0, 0])
    #expect(generator.getState() == before)
  }
}
