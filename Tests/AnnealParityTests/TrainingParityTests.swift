// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealData
import AnnealNN
import AnnealOptim
import Testing
import _AnnealTestSupport

/// The tutorial's network.
final class FFNN: Module, Layer {
  let fc1: Linear
  let relu = ReLU()
  let fc2: Linear

  override init() {
    fc1 = Linear(784, 100)
    fc2 = Linear(100, 10)
    super.init()
    for case let linear as Linear in modules() {
      Init.kaimingNormal(linear.weight)
      if let bias = linear.bias { Init.zeros(bias) }
    }
  }

  func forward(_ x: Tensor) -> Tensor { fc2(relu(fc1(x))) }
}

/// Whole training against PyTorch: after `torch.manual_seed(0)` both build the same weights
/// and draw the same batches, so 100 SGD steps on the real MNIST files must end at weights
/// that agree closely (they differ only by float32 summation order).
@Suite struct TrainingParityTests {
  struct Fixture: Decodable {
    let steps: Int
    let losses: [Double]
    let fc1WeightFirst: [Double]
    let fc1Bias: [Double]
    let fc2Weight: [Double]
    let fc2Bias: [Double]

    enum CodingKeys: String, CodingKey {
      case steps, losses
      case fc1WeightFirst = "fc1.weight.first"
      case fc1Bias = "fc1.bias"
      case fc2Weight = "fc2.weight"
      case fc2Bias = "fc2.bias"
    }
  }

  @Test func hundredStepsMatchPyTorch() throws {
    let f = try Fixtures.load(Fixture.self, named: "training.json", in: .module)
    let train = try MNIST(root: SharedData.mnistDirectory, train: true)
    let (model, losses) = try DefaultGeneratorLock.run { () throws -> (FFNN, [Double]) in
      manualSeed(0)
      let loader = DataLoader(train, batchSize: 100, shuffle: true)
      let model = FFNN()
      let optimizer = try SGD(model.parameters(), lr: 0.1, momentum: 0.9, nesterov: true)
      var losses: [Double] = []
      for batch in loader {
        if losses.count == f.steps { break }
        optimizer.zeroGrad()
        let loss = crossEntropy(model(batch.inputs.reshaped([-1, 784])), targets: batch.labels)
        try loss.backward()
        optimizer.step()
        losses.append(Double(loss.item()))
      }
      return (model, losses)
    }
    // The first loss is computed from identical weights and batch.
    expectClose([losses[0]], [f.losses[0]], rtol: 1e-5, atol: 0)
    expectClose(losses, f.losses, rtol: 2e-3, atol: 1e-4)
    expectClose(Array(model.fc1.weight.scalars.prefix(400)), f.fc1WeightFirst, rtol: 1e-3, atol: 2e-4)
    expectClose(try #require(model.fc1.bias).scalars, f.fc1Bias, rtol: 1e-3, atol: 2e-4)
    expectClose(model.fc2.weight.scalars, f.fc2Weight, rtol: 1e-3, atol: 2e-4)
    expectClose(try #require(model.fc2.bias).scalars, f.fc2Bias, rtol: 1e-3, atol: 2e-4)
  }
}
