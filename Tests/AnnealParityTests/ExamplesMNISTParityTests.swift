// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealData
import AnnealModels
import AnnealNN
import AnnealOptim
import Testing
import _AnnealTestSupport

/// The first 50 steps of pytorch/examples' MNIST against PyTorch (`Scripts/make_fixtures.py
/// examples_mnist`): after `manualSeed(1)` both build the same weights, take the same batches
/// and draw the same dropout masks, so the losses agree to float32 summation order.
@Suite struct ExamplesMNISTParityTests {
  struct Fixture: Decodable {
    let steps: Int
    let losses: [Double]
  }

  @Test func fiftyLossesMatchPyTorch() throws {
    let f = try Fixtures.load(Fixture.self, named: "examples_mnist.json", in: .module)
    let train = try MNIST(root: SharedData.mnistDirectory, train: true)
    let losses = try DefaultGeneratorLock.run { () throws -> [Double] in
      manualSeed(1)
      let loader = DataLoader(train, batchSize: 64)
      let model = ExamplesMNISTNet()
      let optimizer = try Adadelta(model.parameters(), lr: 1.0)
      model.train()
      var losses: [Double] = []
      for batch in loader {
        if losses.count == f.steps { break }
        optimizer.zeroGrad()
        let loss = model((batch.inputs - 0.1307) / 0.3081).nllLoss(targets: batch.labels)
        try loss.backward()
        optimizer.step()
        losses.append(Double(loss.item()))
      }
      return losses
    }
    #expect(losses.count == f.steps)
    for (step, (mine, theirs)) in zip(losses, f.losses).enumerated() {
      #expect(abs(mine - theirs) <= 1e-4, "step \(step): \(mine) vs PyTorch \(theirs)")
    }
    #expect(losses.first == f.losses.first.map { Double(Float($0)) })
  }
}
