// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealNN
import Testing
import _AnnealTestSupport

/// `clipGradNorm_`, `clipGradValue_` and `parametersToVector` against `torch.nn.utils`
/// (`clip_grad.json`), and the non-finite refusal.
@Suite struct ClipGradTests {
  struct NormCase: Decodable, Sendable {
    let max_norm: Double
    let norm_type: NormType
    let total: Double
    let grads: [[Float]]
  }

  /// A norm order: a number or `"inf"`.
  enum NormType: Decodable, Sendable {
    case order(Double)
    init(from decoder: any Decoder) throws {
      let c = try decoder.singleValueContainer()
      self = .order((try? c.decode(Double.self)) ?? .infinity)
    }
    var value: Double {
      switch self {
      case .order(let v): v
      }
    }
  }

  struct Fixture: Decodable, Sendable {
    let shapes: [[Int]]
    let values: [[Float]]
    let grads: [[Float]]
    let norm_cases: [NormCase]
    let value_clipped: [[Float]]
    let vector: [Float]
  }

  static let fixture = try! Fixtures.load(Fixture.self, named: "clip_grad.json", in: .module)

  static func parameters() -> [Tensor] {
    let f = fixture
    return zip(f.values, f.shapes).enumerated().map { i, pair in
      let p = Tensor(pair.0, shape: pair.1, requiresGrad: true)
      p.grad = Tensor(f.grads[i], shape: pair.1)
      return p
    }
  }

  @Test(arguments: fixture.norm_cases.indices)
  func normClippingMatchesPyTorch(_ index: Int) throws {
    let c = Self.fixture.norm_cases[index]
    let params = Self.parameters()
    let total = try clipGradNorm_(params, maxNorm: c.max_norm, normType: c.norm_type.value)
    expectClose([Double(total.item())], [c.total], rtol: 1e-6, atol: 0, "total norm")
    for (p, expected) in zip(params, c.grads) {
      expectClose(try #require(p.grad).scalars.map(Double.init), expected.map(Double.init), rtol: 2e-6, atol: 1e-7)
    }
  }

  @Test func valueClippingAndVectorsMatchPyTorch() throws {
    let params = Self.parameters()
    clipGradValue_(params, clipValue: 0.7)
    #expect(params.map { $0.grad?.scalars ?? [] } == Self.fixture.value_clipped)
    #expect(parametersToVector(params).scalars == Self.fixture.vector)
  }

  @Test func vectorToParametersInvertsAndGradientsFlow() throws {
    let params = Self.parameters()
    let doubled = parametersToVector(params) * 2
    vectorToParameters(doubled, params)
    #expect(parametersToVector(params).scalars == Self.fixture.vector.map { $0 * 2 })
    for p in params { p.grad = nil }
    try parametersToVector(params).sum().backward()
    #expect(params.allSatisfy { $0.grad?.scalars.allSatisfy { $0 == 1 } == true })
  }

  @Test func aNonFiniteNormIsRefusedAndLeavesTheGradients() throws {
    let p = Tensor([1, 2], requiresGrad: true)
    p.grad = Tensor([Float.nan, 1])
    #expect(throws: ClipGradError.self) { try clipGradNorm_([p], maxNorm: 1, errorIfNonfinite: true) }
    #expect(p.grad?.scalars[1] == 1)
    // Without the flag, PyTorch scales by the NaN factor.
    let total = try clipGradNorm_([p], maxNorm: 1)
    #expect(total.item().isNaN && p.grad?.scalars[1].isNaN == true)
  }

  @Test func noGradientsGiveANormOfZero() throws {
    #expect(try clipGradNorm_([Tensor([1], requiresGrad: true)], maxNorm: 1).item() == 0)
  }
}
