// Copyright © 2026 the Anneal authors.
//
// The PyTorch tutorial "Learning Rate Scheduler 사용하기", line by line in Swift.
// Run: swift run -c release MNISTExample [path/to/mnist]

import Anneal
import AnnealData
import AnnealNN
import AnnealOptim
import Foundation

final class FFNN: Module, Layer {
  let fc1: Linear
  let relu = ReLU()
  let fc2: Linear

  init(inputDim: Int, hiddenDim: Int, outputDim: Int) {
    fc1 = Linear(inputDim, hiddenDim)
    fc2 = Linear(hiddenDim, outputDim)
    super.init()
    initWeight()
  }

  func forward(_ images: Tensor) -> Tensor {
    var out = fc1(images)
    out = relu(out)
    out = fc2(out)
    return out
  }

  private func initWeight() {
    for case let module as Linear in modules() {
      Init.kaimingNormal(module.weight)
      if let bias = module.bias { Init.zeros(bias) }
    }
  }
}

@main
struct MNISTExample {
  static func main() async throws {
    manualSeed(0)
    let root = CommandLine.arguments.dropFirst().first ?? "./data/MNIST"
    let trainDataset = try await MNIST(root: root, train: true, download: true)
    let testDataset = try await MNIST(root: root, train: false, download: true)

    let batchSize = 100
    let nIters = 3000
    let numEpochs = nIters / (trainDataset.count / batchSize)

    let trainLoader = DataLoader(trainDataset, batchSize: batchSize, shuffle: true)
    let testLoader = DataLoader(testDataset, batchSize: batchSize, shuffle: true)

    let model = FFNN(inputDim: 28 * 28, hiddenDim: 100, outputDim: 10)
    let criterion = CrossEntropyLoss()
    let optimizer = try SGD(model.parameters(), lr: 1e-1, momentum: 0.9, nesterov: true)
    let scheduler = try StepLR(optimizer, stepSize: 1, gamma: 0.1)

    var iter = 0
    for epoch in 0..<numEpochs {
      print("Epoch: \(epoch), LR: \(scheduler.lastLR)")

      model.train()
      for batch in trainLoader {
        let images = batch.inputs.reshaped([-1, 28 * 28])

        optimizer.zeroGrad()
        let predY = model(images)
        let loss = criterion(predY, batch.labels)
        try loss.backward()
        optimizer.step()

        iter += 1
        if iter % 500 == 0 {
          var correct = 0
          var total = 0
          model.eval()
          for batch in testLoader {
            let predY = withNoGrad { model(batch.inputs.reshaped([-1, 28 * 28])) }.argmax(dim: 1)
            total += batch.count
            correct += Int(predY.eq(batch.labels).sum().item(as: Int64.self))
          }
          let accuracy = Float(100 * correct) / Float(total)
          print(
            "Iteration: \(iter), Loss: \(String(format: "%.4f", loss.item())), Accuracy: \(String(format: "%.2f", accuracy))%"
          )
        }
      }
      scheduler.step()
    }
  }
}
