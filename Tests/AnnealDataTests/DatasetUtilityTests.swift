// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealData
import Testing
import _AnnealTestSupport

/// `randomSplit` against `torch.utils.data.random_split` with the same seeds
/// (`torchvision_datasets.json`), and `TensorDataset`, `Subset`, `ConcatDataset` through a
/// `DataLoader`.
@Suite struct DatasetUtilityTests {
  struct Split: Decodable {
    let n: Int
    let lengths: [Double]
    let seed: UInt64
    let indices: [[Int]]
  }

  struct File: Decodable {
    let random_split: [String: Split]
  }

  /// `0..<n` as a dataset.
  struct Range: Dataset {
    let count: Int
    subscript(index: Int) -> Int { index }
  }

  @Test func randomSplitIsPyTorchs() throws {
    let splits = try Fixtures.load(File.self, named: "torchvision_datasets.json", in: .module).random_split
    #expect(splits.count == 3)
    for (name, split) in splits {
      let generator = Generator(seed: split.seed)
      let parts =
        split.lengths.allSatisfy { $0 == $0.rounded() } && split.lengths.reduce(0, +) == Double(split.n)
        ? randomSplit(Range(count: split.n), lengths: split.lengths.map { Int($0) }, generator: generator)
        : randomSplit(Range(count: split.n), fractions: split.lengths, generator: generator)
      #expect(parts.map(\.indices) == split.indices, "\(name)")
      #expect(parts.map { $0.collate(Array(0..<$0.count)[...]) } == split.indices, "\(name)")
    }
  }

  @Test func tensorDatasetBatchesRows() {
    let x = Tensor((0..<12).map(Float.init), shape: [6, 2])
    let y = Tensor(elements: (0..<6).map { Int64($0 * 10) })
    let dataset = TensorDataset(x, y)
    #expect(dataset.count == 6)
    #expect(dataset[2].map(\.shape) == [[2], []])
    let batches = Array(DataLoader(Subset(dataset, indices: [5, 0, 3]), batchSize: 2, generator: Generator(seed: 0)))
    #expect(batches.count == 2)
    #expect(batches[0][0].scalars == [10, 11, 0, 1])
    #expect(batches[0][1].toArray(of: Int64.self) == [50, 0])
    #expect(batches[1][1].toArray(of: Int64.self) == [30])
  }

  @Test func concatenationIndexesAcrossDatasets() {
    let joined = ConcatDataset([Range(count: 3), Range(count: 0), Range(count: 2)])
    #expect(joined.count == 5 && joined.cumulativeSizes == [3, 3, 5])
    #expect((0..<5).map { joined[$0] } == [0, 1, 2, 0, 1])
  }
}
