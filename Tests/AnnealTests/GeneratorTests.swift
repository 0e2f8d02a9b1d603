// Copyright © 2026 the Anneal authors.

import Anneal
import Foundation
import Testing
import _AnnealTestSupport

/// The random streams against `torch.manual_seed` / `torch.Generator` (fixtures from PyTorch).
@Suite struct GeneratorTests {
  struct RandomFixture: Decodable {
    let cases: [String: [Double]]
  }

  static let fixture = Result { try Fixtures.load(RandomFixture.self, named: "random.json", in: .module) }

  func cases() throws -> [String: [Double]] { try Self.fixture.get().cases }

  @Test func uniformMatchesTorchRandBitForBit() throws {
    let generator = Generator(seed: 0)
    #expect(Tensor.rand([20], generator: generator).scalars.map(Double.init) == (try cases()["rand_20_seed0"]))
    generator.manualSeed(0)
    let t = Tensor.zeros([20])
    t.fillUniform(low: -0.5, high: 0.25, generator: generator)
    #expect(t.scalars.map(Double.init) == (try cases()["uniform_-0.5_0.25_seed0"]))
  }

  @Test func normalMatchesTorchRandn() throws {
    let generator = Generator(seed: 0)
    expectClose(
      Tensor.randn([5], generator: generator).scalars, try #require(try cases()["randn_5_seed0"]), rtol: 0, atol: 0)
    generator.manualSeed(0)
    expectClose(
      Tensor.randn([37], generator: generator).scalars, try #require(try cases()["randn_37_seed0"]), rtol: 0, atol: 0)
    generator.manualSeed(0)
    let t = Tensor.zeros([64])
    t.fillNormal(mean: 1, std: 0.1, generator: generator)
    expectClose(t.scalars, try #require(try cases()["normal_64_mean1_std0.1_seed0"]), rtol: 0, atol: 0)
  }

  @Test func randpermMatchesTorch() throws {
    let generator = Generator(seed: 0)
    #expect(generator.randperm(10).map(Double.init) == (try cases()["randperm_10_seed0"]))
    generator.manualSeed(7)
    #expect(
      Array(generator.randperm(60000).prefix(50)).map(Double.init) == (try cases()["randperm_60000_seed7_first50"]))
  }

  @Test func int64DrawMatchesTorchRandom() throws {
    let generator = Generator(seed: 0)
    let draws = (0..<3).map { _ in Double(generator.nextInt63()) }
    #expect(draws == (try cases()["int64_random_seed0"]))
  }

  @Test func interleavedDrawsFollowTheStream() throws {
    let generator = Generator(seed: 123)
    let values = Tensor.randn([7], generator: generator).scalars + Tensor.rand([3], generator: generator).scalars
    #expect(values.map(Double.init) == (try cases()["seed123_randn7_then_rand3"]))
  }

  @Test func bernoulliFollowsTheStreamAcrossTwists() throws {
    let generator = Generator(seed: 5)
    let first = Tensor.rand([1], generator: generator).scalars
    let mask = Tensor.empty([2001])
    mask.bernoulli_(0.3, generator: generator)
    let values = first + mask.scalars + Tensor.rand([3], generator: generator).scalars
    #expect(values.map(Double.init) == (try cases()["seed5_rand1_bernoulli2001_then_rand3"]))
  }

  @Test func manualSeedResetsTheDefaultGenerator() {
    DefaultGeneratorLock.run {
      manualSeed(99)
      let first = Tensor.randn([20]).scalars
      manualSeed(99)
      #expect(Tensor.randn([20]).scalars == first)
      #expect(Generator.default.initialSeed == 99)
    }
  }

  @Test func sameSeedSameStream() {
    let a = Generator(seed: 42)
    let b = Generator(seed: 42)
    #expect(Tensor.randn([100], generator: a).scalars == Tensor.randn([100], generator: b).scalars)
    #expect(a.randperm(1000) == b.randperm(1000))
    a.manualSeed(42)
    #expect(a.initialSeed == 42)
  }
}
