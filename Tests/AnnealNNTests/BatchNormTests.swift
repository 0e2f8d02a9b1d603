// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealNN
import Foundation
import Testing
import _AnnealTestSupport

/// BatchNorm1d/2d against PyTorch (`Scripts/make_fixtures.py batch_norm`): training outputs and
/// gradients, running statistics and `num_batches_tracked` after two batches (momentum 0.1,
/// 0.3 and `nil`), evaluation outputs, and the state dict's keys and dtypes.
@Suite struct BatchNormTests {
  struct Case: Decodable, Sendable {
    let shape: [Int]
    let weight: [Float]
    let bias: [Float]
    let x1: [Float]
    let x2: [Float]
    let x3: [Float]
    let y1: [Double]
    let x1Grad: [Double]
    let weightGrad: [Double]
    let biasGrad: [Double]
    let runningMean: [Double]
    let runningVar: [Double]
    let numBatchesTracked: Int64
    let y3: [Double]
    let keys: [String]
    let dtypes: [String]
    enum CodingKeys: String, CodingKey {
      case shape, weight, bias, x1, x2, x3, y1, y3, keys, dtypes
      case x1Grad = "x1.grad"
      case weightGrad = "weight.grad"
      case biasGrad = "bias.grad"
      case runningMean = "running_mean"
      case runningVar = "running_var"
      case numBatchesTracked = "num_batches_tracked"
    }
  }

  struct File: Decodable { let cases: [String: Case] }

  static let cases = (try? Fixtures.load(File.self, named: "batch_norm.json", in: .module).cases) ?? [:]

  static func layer(_ name: String, _ c: Case) -> BatchNorm {
    switch name {
    case "bn2d": BatchNorm2d(c.shape[1])
    case "bn2d_cumulative": BatchNorm2d(c.shape[1], momentum: nil)
    case "bn1d": BatchNorm1d(c.shape[1])
    default: BatchNorm1d(c.shape[1], eps: 1e-3, momentum: 0.3)
    }
  }

  @Test(arguments: ["bn2d", "bn2d_cumulative", "bn1d", "bn1d_3d"])
  func matchesPyTorch(_ name: String) throws {
    let c = try #require(Self.cases[name])
    let bn = Self.layer(name, c)
    withNoGrad {
      bn.weight?.copy(from: Tensor(c.weight))
      bn.bias?.copy(from: Tensor(c.bias))
    }
    let x1 = Tensor(c.x1, shape: c.shape, requiresGrad: true)
    let y1 = bn(x1)
    expectClose(y1.scalars.map(Double.init), c.y1, rtol: 1e-5, atol: 1e-5, "train output")
    let w = Tensor((0..<y1.count).map { Float(($0 * 7919) % 17) / 17 - 0.4 }, shape: y1.shape)
    try (y1 * w).sum().backward()
    expectClose(try #require(x1.grad).scalars.map(Double.init), c.x1Grad, rtol: 1e-4, atol: 1e-5, "input gradient")
    expectClose(try #require(bn.weight?.grad).scalars.map(Double.init), c.weightGrad, rtol: 1e-5, atol: 1e-5)
    expectClose(try #require(bn.bias?.grad).scalars.map(Double.init), c.biasGrad, rtol: 1e-5, atol: 1e-5)
    _ = bn(Tensor(c.x2, shape: c.shape))
    expectClose(try #require(bn.runningMean).scalars.map(Double.init), c.runningMean, rtol: 1e-5, atol: 1e-6)
    expectClose(try #require(bn.runningVar).scalars.map(Double.init), c.runningVar, rtol: 1e-5, atol: 1e-6)
    #expect(bn.numBatchesTracked?.item(as: Int64.self) == c.numBatchesTracked)
    bn.eval()
    let y3 = bn(Tensor(c.x3, shape: c.shape))
    expectClose(y3.scalars.map(Double.init), c.y3, rtol: 1e-5, atol: 1e-5, "eval output")
    #expect(bn.stateDictKeys() == c.keys)
    #expect(bn.stateDictKeys().map { bn.stateDict()[$0]?.dtype.rawValue ?? "" } == c.dtypes)
  }

  @Test func gradientsMatchFiniteDifferencesOnAPermutedInput() {
    let bn = BatchNorm2d(2)
    withNoGrad {
      bn.weight?.copy(from: Tensor([1.5, -0.5]))
      bn.bias?.copy(from: Tensor([0.2, 0.1]))
    }
    let base = Tensor.randn([3, 4, 4, 2], generator: Generator(seed: 3)).requiresGrad_()
    let failures = gradCheck([base], eps: 1e-2, rtol: 5e-2, atol: 5e-3) { xs in bn(xs[0].permute([0, 3, 1, 2])) }
    #expect(failures.isEmpty, "\(failures.prefix(3))")
  }

  @Test func withoutRunningStatisticsTheBatchNormalisesInEveryMode() {
    let bn = BatchNorm2d(2, affine: false, trackRunningStats: false)
    #expect(bn.parameters().isEmpty && bn.buffers().isEmpty && bn.stateDictKeys().isEmpty)
    bn.eval()
    let y = bn(Tensor.randn([4, 2, 3, 3], generator: Generator(seed: 4)))
    let mean = y.mean(dims: [0, 2, 3]).scalars
    #expect(mean.allSatisfy { abs($0) < 1e-5 })
  }
}
