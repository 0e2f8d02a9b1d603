// Copyright © 2026 the Anneal authors.

import Anneal
import Testing
import _AnnealTestSupport

/// Every differentiable op against central finite differences.
@Suite struct AutogradTests {
  struct OpCase: Sendable, CustomTestStringConvertible {
    let id: String
    let shapes: [[Int]]
    let op: @Sendable ([Tensor]) -> Tensor
    var testDescription: String { id }
  }

  static let cases: [OpCase] = [
    OpCase(id: "add", shapes: [[2, 3], [2, 3]]) { $0[0] + $0[1] },
    OpCase(id: "add broadcast row", shapes: [[4, 3], [3]]) { $0[0] + $0[1] },
    OpCase(id: "add broadcast column", shapes: [[4, 1], [1, 3]]) { $0[0] + $0[1] },
    OpCase(id: "sub broadcast", shapes: [[2, 3], [2, 1]]) { $0[0] - $0[1] },
    OpCase(id: "mul broadcast", shapes: [[3, 2], [2]]) { $0[0] * $0[1] },
    OpCase(id: "div", shapes: [[2, 3], [2, 3]]) { $0[0] / ($0[1].exp() + 1) },
    OpCase(id: "neg and scalars", shapes: [[5]]) { (-$0[0] * 3 + 2) / 4 - 1 },
    OpCase(id: "relu", shapes: [[3, 4]]) { $0[0].relu() },
    OpCase(id: "exp", shapes: [[3]]) { $0[0].exp() },
    OpCase(id: "log", shapes: [[3]]) { ($0[0] * $0[0] + 1).log() },
    OpCase(id: "sigmoid", shapes: [[4]]) { $0[0].sigmoid() },
    OpCase(id: "tanh", shapes: [[4]]) { $0[0].tanh() },
    OpCase(id: "reshaped", shapes: [[2, 6]]) { $0[0].reshaped([3, -1]) * Tensor.arange(12).reshaped([3, 4]) },
    OpCase(id: "flattened", shapes: [[2, 1, 2, 3]]) { $0[0].flattened(startDim: 1) },
    OpCase(id: "transposed", shapes: [[2, 3]]) { $0[0].transposed() },
    OpCase(id: "sum", shapes: [[3, 2]]) { $0[0].sum() },
    OpCase(id: "mean", shapes: [[3, 2]]) { $0[0].mean() },
    OpCase(id: "sum dim 0", shapes: [[3, 2]]) { $0[0].sum(dim: 0) },
    OpCase(id: "mean dim 1 keepDim", shapes: [[3, 2]]) { $0[0].mean(dim: 1, keepDim: true) },
    OpCase(id: "matmul", shapes: [[3, 4], [4, 2]]) { $0[0].matmul($0[1]) },
    OpCase(id: "linear", shapes: [[5, 4], [3, 4], [3]]) { linear($0[0], weight: $0[1], bias: $0[2]) },
    OpCase(id: "linear without bias", shapes: [[5, 4], [3, 4]]) { linear($0[0], weight: $0[1]) },
    // Pre-activations shifted by ±10 so that none is within a finite-difference step of the kink.
    OpCase(id: "linearReLU", shapes: [[5, 4], [3, 4], [3]]) {
      linearReLU($0[0], weight: $0[1], bias: $0[2] + Tensor([10, -10, 10]))
    },
    // Positive inputs, and weights positive in rows 0 and 2, negative in row 1.
    OpCase(id: "linearReLU without bias", shapes: [[5, 4], [3, 4]]) {
      linearReLU($0[0].exp(), weight: $0[1].exp() * Tensor([1, -1, 1], shape: [3, 1]))
    },
    OpCase(id: "logSoftmax", shapes: [[3, 5]]) { $0[0].logSoftmax(dim: 1) },
    OpCase(id: "logSoftmax dim 0", shapes: [[3, 5]]) { $0[0].logSoftmax(dim: 0) },
    OpCase(id: "softmax", shapes: [[2, 4]]) { $0[0].softmax(dim: -1) },
    OpCase(id: "nllLoss", shapes: [[4, 3]]) { $0[0].logSoftmax(dim: 1).nllLoss(targets: [0, 2, 1, 2]) },
    OpCase(id: "crossEntropy", shapes: [[4, 3]]) { crossEntropy($0[0], targets: [0, 2, 1, 2]) },
    OpCase(id: "shared input", shapes: [[3]]) { $0[0] * $0[0] + $0[0].exp() },
  ]

  @Test(arguments: cases)
  func gradientMatchesFiniteDifferences(_ c: OpCase) {
    let generator = Generator(seed: 17)
    let inputs = c.shapes.map { Tensor.randn($0, generator: generator).requiresGrad() }
    let failures = gradCheck(inputs, c.op)
    #expect(failures.isEmpty, "\(failures.prefix(3))")
  }

  @Test func gradientsAccumulateAcrossBackwardCalls() throws {
    let x = Tensor([1, 2, 3], requiresGrad: true)
    try (x * x).sum().backward()
    try (x * 2).sum().backward()
    #expect(try #require(x.grad).scalars == [4, 6, 8])
  }

  /// A gradient is adopted as `.grad` without a copy only when nothing else holds it: a
  /// gradient passed in by the caller, or one flowing to two leaves, is copied.
  @Test func gradNeverAliasesAnotherTensor() throws {
    let x = Tensor([1, 2, 3], requiresGrad: true)
    let seed = Tensor([0.5, 0.25, 2])
    try x.backward(seed)
    try #require(x.grad).scale(by: 10)
    #expect(seed.scalars == [0.5, 0.25, 2])

    let a = Tensor([1, 2], requiresGrad: true)
    let b = Tensor([3, 4], requiresGrad: true)
    try (a + b).sum().backward()
    try #require(a.grad).scale(by: 3)
    #expect(try #require(b.grad).scalars == [1, 1])
    #expect(try #require(a.grad).scalars == [3, 3])
  }

  @Test func noGradScopeRecordsNothing() {
    let x = Tensor([1, 2], requiresGrad: true)
    let y = withNoGrad { x * 3 }
    #expect(!y.requiresGrad)
    #expect(y.isLeaf)
    #expect(GradMode.isEnabled)
  }

  @Test func detachedTensorsDoNotReceiveGradients() throws {
    let x = Tensor([1, 2], requiresGrad: true)
    let y = Tensor([3, 4], requiresGrad: true)
    try (x * y.detach()).sum().backward()
    #expect(try #require(x.grad).scalars == [3, 4])
    #expect(y.grad == nil)
  }
}

/// Forward values and gradients of the MLP's ops against PyTorch.
@Suite struct OpsFixtureTests {
  struct OpsFixture: Decodable {
    let x: [Float]
    let w: [Float]
    let b: [Float]
    let targets: [Int]
    let logits: [Double]
    let log_softmax: [Double]
    let loss: Double
    let xGrad: [Double]
    let wGrad: [Double]
    let bGrad: [Double]

    enum CodingKeys: String, CodingKey {
      case x, w, b, targets, logits, log_softmax, loss
      case xGrad = "x.grad"
      case wGrad = "w.grad"
      case bGrad = "b.grad"
    }
  }

  @Test func linearAndCrossEntropyMatchPyTorch() throws {
    let f = try Fixtures.load(OpsFixture.self, named: "ops.json", in: .module)
    let x = Tensor(f.x, shape: [6, 5], requiresGrad: true)
    let w = Tensor(f.w, shape: [4, 5], requiresGrad: true)
    let b = Tensor(f.b, requiresGrad: true)
    let logits = linear(x, weight: w, bias: b)
    expectClose(logits.scalars, f.logits, rtol: 1e-6, atol: 1e-6)
    expectClose(logits.logSoftmax(dim: 1).scalars, f.log_softmax, rtol: 1e-6, atol: 1e-6)
    let loss = crossEntropy(logits, targets: f.targets)
    expectClose([loss.item()], [f.loss], rtol: 1e-6, atol: 1e-7)
    try loss.backward()
    expectClose(try #require(x.grad).scalars, f.xGrad, rtol: 1e-5, atol: 1e-7)
    expectClose(try #require(w.grad).scalars, f.wGrad, rtol: 1e-5, atol: 1e-7)
    expectClose(try #require(b.grad).scalars, f.bGrad, rtol: 1e-5, atol: 1e-7)
  }
}
