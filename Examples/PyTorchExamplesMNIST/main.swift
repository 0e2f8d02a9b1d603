// Copyright © 2026 the Anneal authors.

// pytorch/examples' `mnist/main.py`, transliterated line by line: a CNN trained with Adadelta
// and StepLR(step_size=1, gamma=0.7), printing the example's lines. On the CPU the example's
// loaders do not shuffle (PyTorch only shuffles there with an accelerator), and neither does this.
//
//   swift run -c release PyTorchExamplesMNIST [--epochs N] [--data-dir DIR] [--dry-run]

import Anneal
import AnnealData
import AnnealNN
import AnnealOptim
import Foundation

final class Net: Module, Layer {
  let conv1: Conv2d
  let conv2: Conv2d
  let dropout1 = Dropout(0.25)
  let dropout2 = Dropout(0.5)
  let fc1: Linear
  let fc2: Linear

  override init() {
    conv1 = Conv2d(1, 32, kernelSize: 3, stride: 1)
    conv2 = Conv2d(32, 64, kernelSize: 3, stride: 1)
    fc1 = Linear(9216, 128)
    fc2 = Linear(128, 10)
    super.init()
  }

  func forward(_ input: Tensor) -> Tensor {
    var x = conv1(input)
    x = x.relu()
    x = conv2(x)
    x = x.relu()
    x = maxPool2d(x, 2)
    x = dropout1(x)
    x = x.flatten(startDim: 1)
    x = fc1(x)
    x = x.relu()
    x = dropout2(x)
    x = fc2(x)
    let output = x.logSoftmax(dim: 1)
    return output
  }
}

/// transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
func transform(_ images: Tensor) -> Tensor { (images - 0.1307) / 0.3081 }

func train(_ args: Arguments, _ model: Net, _ trainLoader: DataLoader<MNIST>, _ optimizer: Adadelta, _ epoch: Int)
  throws
{
  model.train()
  for (batchIdx, batch) in trainLoader.enumerated() {
    let (data, target) = (transform(batch.inputs), batch.labels)
    optimizer.zeroGrad()
    let output = model(data)
    let loss = output.nllLoss(targets: target)
    try loss.backward()
    optimizer.step()
    if batchIdx % args.logInterval == 0 {
      print(
        "Train Epoch: \(epoch) [\(batchIdx * data.size(0))/\(trainLoader.dataset.count) "
          + "(\(String(format: "%.0f", 100.0 * Double(batchIdx) / Double(trainLoader.count)))%)]\tLoss: "
          + String(format: "%.6f", loss.item()))
      if args.dryRun { break }
    }
  }
}

func test(_ model: Net, _ testLoader: DataLoader<MNIST>) {
  model.eval()
  var testLoss = 0.0
  var correct = 0
  withNoGrad {
    for batch in testLoader {
      let (data, target) = (transform(batch.inputs), batch.labels)
      let output = model(data)
      testLoss += Double(output.nllLoss(targets: target, reduction: .sum).item())  // sum up batch loss
      let pred = output.argmax(dim: 1, keepDim: true)  // get the index of the max log-probability
      correct += Int(pred.eq(target.viewAs(pred)).sum().item(as: Int64.self))
    }
  }
  testLoss /= Double(testLoader.dataset.count)
  let count = testLoader.dataset.count
  print(
    "\nTest set: Average loss: \(String(format: "%.4f", testLoss)), Accuracy: \(correct)/\(count) "
      + "(\(String(format: "%.0f", 100.0 * Double(correct) / Double(count)))%)\n")
}

struct Arguments {
  var batchSize = 64
  var testBatchSize = 1000
  var epochs = 14
  var lr = 1.0
  var gamma = 0.7
  var dryRun = false
  var seed: UInt64 = 1
  var logInterval = 10
  var saveModel = false
  var dataDir = "../data"

  init(_ arguments: [String]) {
    var rest = arguments[...]
    while let flag = rest.popFirst() {
      switch flag {
      case "--batch-size": batchSize = rest.popFirst().flatMap { Int($0) } ?? batchSize
      case "--test-batch-size": testBatchSize = rest.popFirst().flatMap { Int($0) } ?? testBatchSize
      case "--epochs": epochs = rest.popFirst().flatMap { Int($0) } ?? epochs
      case "--lr": lr = rest.popFirst().flatMap { Double($0) } ?? lr
      case "--gamma": gamma = rest.popFirst().flatMap { Double($0) } ?? gamma
      case "--dry-run": dryRun = true
      case "--seed": seed = rest.popFirst().flatMap { UInt64($0) } ?? seed
      case "--log-interval": logInterval = rest.popFirst().flatMap { Int($0) } ?? logInterval
      case "--save-model": saveModel = true
      case "--data-dir": dataDir = rest.popFirst() ?? dataDir
      default:
        FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
        exit(2)
      }
    }
  }
}

func main() async throws {
  let args = Arguments(Array(CommandLine.arguments.dropFirst()))
  manualSeed(args.seed)
  print("Using Device: cpu\n")
  let dataset1 = try await MNIST(root: args.dataDir, train: true, download: true)
  let dataset2 = try await MNIST(root: args.dataDir, train: false, download: true)
  let trainLoader = DataLoader(dataset1, batchSize: args.batchSize)
  let testLoader = DataLoader(dataset2, batchSize: args.testBatchSize)

  let model = Net()
  let optimizer = try Adadelta(model.parameters(), lr: args.lr)
  let scheduler = try StepLR(optimizer, stepSize: 1, gamma: args.gamma)
  for epoch in 1...args.epochs {
    try train(args, model, trainLoader, optimizer, epoch)
    test(model, testLoader)
    scheduler.step()
  }
  if args.saveModel { try model.save(safetensors: "mnist_cnn.safetensors") }
}

do {
  try await main()
} catch {
  FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
  exit(1)
}
