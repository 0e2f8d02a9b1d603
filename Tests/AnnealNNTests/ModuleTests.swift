// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealNN
import Testing

/// The tutorial's network, declared as a PyTorch user would.
final class FFNN: Module, Layer {
  let fc1: Linear
  let relu = ReLU()
  let fc2: Linear

  init(generator: Generator) {
    fc1 = Linear(784, 100, generator: generator)
    fc2 = Linear(100, 10, generator: generator)
    super.init()
    for case let linear as Linear in modules() {
      Init.kaimingNormal(linear.weight, generator: generator)
      if let bias = linear.bias { Init.zeros(bias) }
    }
  }

  func forward(_ x: Tensor) -> Tensor { fc2(relu(fc1(x))) }
}

@Suite struct ModuleTests {
  @Test func parametersHavePyTorchNamesInDeclarationOrder() {
    let model = FFNN(generator: Generator(seed: 0))
    #expect(model.namedParameters().map(\.name) == ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"])
    #expect(model.parameters().map(\.shape) == [[100, 784], [100], [10, 100], [10]])
    #expect(model.parameters().allSatisfy { $0.requiresGrad })
  }

  @Test func sequentialNumbersItsLayers() {
    let generator = Generator(seed: 2)
    let model = Sequential(
      Flatten(), Linear(4, 3, generator: generator), ReLU(), Linear(3, 2, bias: false, generator: generator))
    #expect(model.namedParameters().map(\.name) == ["1.weight", "1.bias", "3.weight"])
    #expect(model(Tensor.zeros([5, 2, 2])).shape == [5, 2])
  }

  @Test func trainAndEvalPropagate() {
    let model = FFNN(generator: Generator(seed: 0))
    model.eval()
    #expect(model.modules().allSatisfy { !$0.isTraining })
    model.train()
    #expect(model.modules().allSatisfy { $0.isTraining })
    #expect(model.modules().count == 4)
  }

  @Test func forwardBackwardFillsEveryGradient() throws {
    let model = FFNN(generator: Generator(seed: 0))
    let x = Tensor.rand([8, 784], generator: Generator(seed: 1))
    try CrossEntropyLoss()(model(x), [0, 1, 2, 3, 4, 5, 6, 7]).backward()
    #expect(model.parameters().allSatisfy { $0.grad?.shape == $0.shape })
    model.zeroGrad()
    #expect(model.parameters().allSatisfy { $0.grad == nil })
  }
}
