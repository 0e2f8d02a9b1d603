// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealData
import AnnealNN
import AnnealOptim
import ArgumentParser
import Foundation

/// `anneal mnist`: the seed program — a 784-100-10 ReLU network trained on MNIST with SGD
/// (Nesterov momentum) and a learning-rate scheduler, printing the tutorial's lines.
struct MNISTCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mnist",
    abstract: "Train the tutorial's feed-forward network on MNIST.",
    discussion: """
      The defaults reproduce the PyTorch tutorial: seed 0, batch 100, 3000 iterations \
      (5 epochs), hidden 100, Kaiming-normal weights, SGD lr 0.1 momentum 0.9 Nesterov, \
      StepLR(step_size=1, gamma=0.1) stepped per epoch, evaluation every 500 iterations.
      """)

  enum Split: String, ExpressibleByArgument, CaseIterable {
    case test, train
  }

  @Option(help: "Folder holding the four MNIST IDX files (.gz or raw).")
  var dataDir: String?

  @Flag(inversion: .prefixedNo, help: "Download missing files (default: only for the default --data-dir).")
  var download: Bool?

  @Option(help: "Split to evaluate on; 'train' reproduces the tutorial, which evaluates on the training set.")
  var evalSplit: Split = .test

  @Option(help: "Random seed (PyTorch: torch.manual_seed).")
  var seed: UInt64 = 0

  @Option(help: "Samples per batch.")
  var batchSize: Int = 100

  @Option(help: "Training iterations (batches); training stops after exactly this many.")
  var iterations: Int = 3000

  @Option(help: "Training epochs; overrides --iterations.")
  var epochs: Int?

  @Option(help: "Hidden units.")
  var hidden: Int = 100

  @Option(help: "Learning rate.")
  var lr: Double = 0.1

  @Option(help: "SGD momentum.")
  var momentum: Double = 0.9

  @Flag(inversion: .prefixedNo, help: "Use Nesterov momentum.")
  var nesterov: Bool = true

  @Option(help: "Learning-rate scheduler in PyTorch syntax, stepped once per epoch.")
  var scheduler: String = "StepLR(step_size=1, gamma=0.1)"

  @Option(help: "Evaluate every N iterations.")
  var evalEvery: Int = 500

  func validate() throws {
    guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
    guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1") }
    if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1") }
    guard hidden >= 1 else { throw ValidationError("--hidden must be at least 1") }
    guard evalEvery >= 1 else { throw ValidationError("--eval-every must be at least 1") }
    guard lr >= 0, lr.isFinite else { throw ValidationError("--lr must be a non-negative number") }
  }

  func run() async throws {
    do {
      try await train()
    } catch let error as CLIError {
      throw error
    } catch {
      throw CLIError(message: "\(error)")
    }
  }

  private func train() async throws {
    // Parse the scheduler before the slow data load, so a typo fails at once.
    let spec = try SchedulerSpec(parsing: scheduler)
    try spec.validate()

    let root = dataDir ?? "./data/MNIST"
    let fetch = download ?? (dataDir == nil)
    let trainSet = try await MNIST(root: root, train: true, download: fetch)
    let evalSet = evalSplit == .train ? trainSet : try await MNIST(root: root, train: false, download: fetch)

    manualSeed(seed)
    let model = FFNN(inputDim: 28 * 28, hiddenDim: hidden, outputDim: 10)
    let criterion = CrossEntropyLoss()
    let optimizer = try SGD(model.parameters(), lr: lr, momentum: momentum, nesterov: nesterov)
    let scheduler = try spec.makeScheduler(optimizer)

    // Both loaders shuffle, as in the tutorial, so the random stream matches PyTorch's.
    let trainLoader = DataLoader(trainSet, batchSize: batchSize, shuffle: true)
    let evalLoader = DataLoader(evalSet, batchSize: batchSize, shuffle: true)
    let totalIterations = epochs.map { $0 * trainLoader.count } ?? iterations
    let epochCount = (totalIterations + trainLoader.count - 1) / trainLoader.count

    var iteration = 0
    for epoch in 0..<epochCount {
      emit("Epoch: \(epoch), LR: \(PythonRepr.repr(scheduler.lastLR))")
      model.train()
      for batch in trainLoader {
        let images = batch.inputs.reshaped([-1, 28 * 28])
        optimizer.zeroGrad()
        let loss = criterion(model(images), batch.labels)
        loss.backward()
        optimizer.step()
        iteration += 1
        if iteration % evalEvery == 0 {
          let accuracy = evaluate(model, evalLoader)
          emit(
            "Iteration: \(iteration), Loss: \(fixed(Double(loss.item()), digits: 4)), "
              + "Accuracy: \(fixed(Double(accuracy), digits: 2))%")
        }
        if iteration == totalIterations { break }
      }
      if iteration == totalIterations && iteration % trainLoader.count != 0 { break }
      scheduler.step()
    }
  }

  /// The percentage of correct predictions, computed in `Float` as PyTorch's
  /// `100 * correct / total` is.
  private func evaluate(_ model: FFNN, _ loader: DataLoader<MNIST>) -> Float {
    model.eval()
    defer { model.train() }
    var correct = 0
    var total = 0
    withNoGrad {
      for batch in loader {
        let predictions = model(batch.inputs.reshaped([-1, 28 * 28])).argmax(dim: 1)
        total += batch.count
        correct += zip(predictions, batch.labels).count { $0 == $1 }
      }
    }
    return Float(100 * correct) / Float(total)
  }

  /// Python's `f"{value:.{digits}f}"`.
  private func fixed(_ value: Double, digits: Int) -> String {
    String(format: "%.\(digits)f", value)
  }

  private func emit(_ line: String) {
    // Unbuffered so that progress shows at once even when piped.
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
  }
}
