// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealNN
import Testing

/// Bad shapes reaching the newer layers stop with PyTorch's message (release builds keep it);
/// empty batches pass through.
@Suite struct LayerMessageTests {
  static func text(_ result: ExitTest.Result?) throws -> String {
    String(decoding: try #require(result).standardErrorContent, as: UTF8.self)
  }

  @Test func layerNormNamesTheExpectedShape() async throws {
    let text = try Self.text(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        _ = LayerNorm(5)(Tensor.zeros([2, 4]))
      })
    #expect(
      text.contains("Given normalized_shape=[5], expected input with shape [*, 5], but got input of size[2, 4]"),
      "\(text)")
  }

  @Test func groupNormNeedsDivisibleChannels() async throws {
    let text = try Self.text(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        _ = groupNorm(Tensor.zeros([2, 6, 3]), numGroups: 4)
      })
    #expect(
      text.contains(
        "Expected number of channels in input to be divisible by num_groups, but got input of shape [2, 6, 3] and num_groups=4"
      ), "\(text)")
  }

  @Test func convTransposeNamesTheChannels() async throws {
    let text = try Self.text(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        _ = ConvTranspose2d(3, 2, kernelSize: 2, generator: Generator(seed: 0))(Tensor.zeros([1, 4, 5, 5]))
      })
    #expect(
      text.contains(
        "Given transposed=1, weight of size [3, 2, 2, 2], expected input[1, 4, 5, 5] to have 3 channels, but got 4 channels instead"
      ), "\(text)")
  }

  @Test func anEmbeddingIndexOutOfRangeStops() async throws {
    let text = try Self.text(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        _ = Embedding(4, 2, generator: Generator(seed: 0))(Tensor(elements: [Int64(1), 4]))
      })
    #expect(text.contains("index out of range in self"), "\(text)")
  }

  @Test func emptyBatchesPassThrough() throws {
    let generator = Generator(seed: 0)
    #expect(Conv1d(2, 3, kernelSize: 3, generator: generator)(Tensor.zeros([0, 2, 7])).shape == [0, 3, 5])
    let x = Tensor.zeros([0, 2, 3, 3], requiresGrad: true)
    let up = ConvTranspose2d(2, 1, kernelSize: 2, stride: 2, generator: generator)
    let y = up(x)
    #expect(y.shape == [0, 1, 6, 6])
    try y.sum().backward()
    #expect(x.grad?.shape == [0, 2, 3, 3])
    #expect(LayerNorm(3)(Tensor.zeros([0, 3])).shape == [0, 3])
    #expect(Embedding(3, 2, generator: generator)(Tensor.zeros([0], dtype: .int64)).shape == [0, 2])
  }
}
