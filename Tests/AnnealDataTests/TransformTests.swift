// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealData
import Testing
import _AnnealTestSupport

/// `RandomCrop`, `RandomHorizontalFlip`, `RandomRotation`, `Normalize` and `Compose` against torchvision on
/// tensors (`transforms.json`): the same crops and flips from the same seed, image after image,
/// and the generator left where PyTorch's is; `Generator.randint` against `torch.randint`.
@Suite struct TransformTests {
  struct Fixture: Decodable {
    let images: [[Float]]
    let image_shape: [Int]
    let outputs: [[Float]]
    let output_shapes: [[Int]]
    let after: Float
    let randint_ranges: [Int]
    let randints: [Int]
    let digits: [[Float]]
    let rotations: [[Float]]
    let rotation_after: Float
    let fixed_angles: [Double]
    let fixed_rotations: [[Float]]
  }

  static let fixture = try! Fixtures.load(Fixture.self, named: "transforms.json", in: .module)

  @Test func transformsDrawAsTorchvision() {
    let f = Self.fixture
    let generator = Generator(seed: 3)
    let first = Compose([
      RandomCrop(4, padding: 1, generator: generator), RandomHorizontalFlip(generator: generator),
      Normalize(mean: [0.5], std: [0.25]),
    ])
    let second = RandomCrop((3, 5), padding: (1, 0, 2, 1), fill: 0.5, generator: generator)
    let images = f.images.map { Tensor($0, shape: f.image_shape) }
    let outputs = images.prefix(4).map { first($0) } + images.suffix(2).map { second($0) }
    #expect(outputs.map(\.shape) == f.output_shapes)
    for (out, expected) in zip(outputs, f.outputs) {
      expectClose(out.scalars.map(Double.init), expected.map(Double.init), rtol: 1e-6, atol: 1e-7)
    }
    #expect(Tensor.rand([1], generator: generator).item() == f.after)
  }

  @Test func rotationsAreTorchvisions() {
    let f = Self.fixture
    let digits = f.digits.map { Tensor($0, shape: [1, 28, 28]) }
    for (angle, expected) in zip(f.fixed_angles, f.fixed_rotations) {
      #expect(rotate(digits[0], angle: angle).scalars == expected, "angle \(angle)")
    }
    let generator = Generator(seed: 5)
    let first = RandomRotation(30, generator: generator)
    let second = RandomRotation(degrees: (-10, 60), fill: 0.5, generator: generator)
    let rotated = digits.prefix(4).map { first($0) } + digits.suffix(2).map { second($0) }
    for (i, (out, expected)) in zip(rotated, f.rotations).enumerated() {
      #expect(out.shape == [1, 28, 28])
      #expect(out.scalars == expected, "digit \(i)")
    }
    #expect(Tensor.rand([1], generator: generator).item() == f.rotation_after)
  }

  @Test func rotationKeepsChannelsAndBatches() {
    let g = Generator(seed: 1)
    let images = Tensor.rand([2, 3, 5, 4], generator: g)
    let turned = rotate(images, angle: 17, fill: -1)
    #expect(turned.shape == images.shape)
    for n in 0..<2 {
      for c in 0..<3 {
        #expect(turned[n][c].contiguous().scalars == rotate(images[n][c], angle: 17, fill: -1).scalars)
      }
    }
  }

  @Test func randintIsTorchs() {
    let generator = Generator(seed: 4)
    #expect(Self.fixture.randint_ranges.map { generator.randint(0, $0) } == Self.fixture.randints)
  }

  @Test func aTransformedDatasetTransformsEveryImageOfABatch() throws {
    let train = try MNIST(root: SharedData.mnistDirectory, train: false)
    let normalize = Normalize(mean: [0.1307], std: [0.3081])
    let dataset = train.transformed(Compose([normalize, RandomCrop(24, generator: Generator(seed: 1))]))
    let batch = try #require(Array(DataLoader(dataset, batchSize: 5, generator: Generator(seed: 2)).prefix(1)).first)
    #expect(batch.inputs.shape == [5, 1, 24, 24])
    #expect(batch.labels.toArray(of: Int64.self) == train.collate(Array(0..<5)[...]).labels.toArray(of: Int64.self))
    // The same draws by hand, image after image.
    let generator = Generator(seed: 1)
    let raw = train.collate(Array(0..<5)[...]).inputs
    for i in 0..<5 {
      let expected = RandomCrop(24, generator: generator)(normalize(raw[i]))
      #expect(batch.inputs[i].contiguous().scalars == expected.scalars)
    }
  }
}
