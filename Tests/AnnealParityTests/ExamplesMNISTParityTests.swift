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
/// and draw the same dropout masks, so the first loss is PyTorch's to the last bit and the next
/// ones differ by float32 summation order only.
///
/// Summation order alone is enough to part the trajectories after some ten steps: Adadelta's
/// first updates are close to `sign(grad) · sqrt(10 · eps)`, so a gradient entry whose sign
/// rounding decides moves a weight by a whole step. PyTorch itself parts from its default run
/// that way on one thread or without oneDNN (the fixture's `variants`), so each step is allowed
/// 1e-4, or twice the largest distance PyTorch's own configurations have reached by then,
/// whichever is larger: tight while the runs are comparable, and whatever BLAS Anneal uses.
@Suite struct ExamplesMNISTParityTests {
  struct Fixture: Decodable {
    let steps: Int
    let losses: [Double]
    let variants: [String: [Double]]

    /// PyTorch's own spread by each step: the largest distance of a variant from the default
    /// run at that step or before.
    var spread: [Double] {
      var largest = 0.0
      return losses.indices.map { step in
        for variant in variants.values { largest = max(largest, abs(variant[step] - losses[step])) }
        return largest
      }
    }
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
    #expect(f.variants.values.allSatisfy { $0.count == f.steps })
    let spread = f.spread
    for (step, (mine, theirs)) in zip(losses, f.losses).enumerated() {
      let tolerance = max(1e-4, 2 * spread[step])
      #expect(abs(mine - theirs) <= tolerance, "step \(step): \(mine) vs PyTorch \(theirs) (tolerance \(tolerance))")
    }
    #expect(losses.first == f.losses.first.map { Double(Float($0)) })
  }
}
