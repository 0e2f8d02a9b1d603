// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealData
import Testing
import _AnnealTestSupport

/// A dataset of the integers `0..<count`.
struct Numbers: Dataset, Sendable {
  let count: Int
  subscript(index: Int) -> Int { index }
}

@Suite struct DataLoaderTests {
  struct LoaderFixture: Decodable { let cases: [String: [Double]] }
  static let fixture = Result { try Fixtures.load(LoaderFixture.self, named: "loader.json", in: .module) }

  @Test func batchesInOrderWithoutShuffle() {
    let generator = Generator(seed: 0)
    let loader = DataLoader(Numbers(count: 10), batchSize: 4, generator: generator)
    #expect(loader.count == 3)
    #expect(Array(loader) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
    let dropping = DataLoader(Numbers(count: 10), batchSize: 4, dropLast: true, generator: generator)
    #expect(dropping.count == 2)
    #expect(Array(dropping) == [[0, 1, 2, 3], [4, 5, 6, 7]])
    #expect(Array(DataLoader(Numbers(count: 0), batchSize: 4, generator: generator)).isEmpty)
  }

  @Test func shuffledOrderMatchesPyTorchAcrossPasses() throws {
    let cases = try Self.fixture.get().cases
    let twoPasses = DefaultGeneratorLock.run {
      manualSeed(3)
      let loader = DataLoader(Numbers(count: 25), batchSize: 4, shuffle: true)
      return (0..<2).flatMap { _ in loader.flatMap { $0 } }
    }
    #expect(twoPasses.map(Double.init) == cases["loader_seed3_two_passes"])

    let seeded = DataLoader(Numbers(count: 25), batchSize: 4, shuffle: true, generator: Generator(seed: 5))
    let seededPasses = (0..<2).flatMap { _ in seeded.flatMap { $0 } }
    #expect(seededPasses.map(Double.init) == cases["loader_generator5_two_passes"])
  }

  @Test func aSequentialPassDrawsLikePyTorch() throws {
    let cases = try Self.fixture.get().cases
    let values = DefaultGeneratorLock.run {
      manualSeed(3)
      _ = Array(DataLoader(Numbers(count: 5), batchSize: 2))
      return Tensor.rand([3]).scalars
    }
    #expect(values.map(Double.init) == cases["rand_after_sequential_pass_seed3"])
  }

  /// A worker thread gathering ahead changes nothing: the same batches, the same draws, with
  /// skipping, dropping the last batch and the explicit generator's end-of-pass permutation.
  @Test(arguments: [false, true])
  func workersGiveTheSameBatches(dropLast: Bool) {
    func passes(workers: Int) -> ([[Int]], UInt64) {
      let generator = Generator(seed: 11)
      let loader =
        workers == 0
        ? DataLoader(Numbers(count: 103), batchSize: 10, shuffle: true, dropLast: dropLast, generator: generator)
        : DataLoader(
          Numbers(count: 103), batchSize: 10, shuffle: true, dropLast: dropLast, generator: generator,
          numWorkers: workers)
      var batches = Array(loader) + Array(loader)
      var iterator = loader.makeIterator()
      batches.append(iterator.next() ?? [])
      iterator.skip(3)
      while let batch = iterator.next() { batches.append(batch) }
      return (batches, UInt64(generator.nextInt63()))
    }
    let plain = passes(workers: 0)
    #expect(passes(workers: 1) == plain)
    #expect(passes(workers: 4) == plain)
  }

  @Test func everyPassIsAPermutation() {
    let loader = DataLoader(Numbers(count: 1000), batchSize: 64, shuffle: true, generator: Generator(seed: 1))
    let first = loader.flatMap { $0 }
    let second = loader.flatMap { $0 }
    #expect(first.sorted() == Array(0..<1000))
    #expect(second.sorted() == Array(0..<1000))
    #expect(first != second)
  }
}
