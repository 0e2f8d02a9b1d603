// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealOptim
import Testing

@Suite struct LRFinderTests {
  @Test func valleyFollowsFastai() {
    // fastai's `valley` (fastai/callback/schedule.py) run in Python on this list returns
    // index 3: the longest decreasing subsequence spans 0...8, and 0 + 2 + 1 = 3.
    let losses = [3.0, 3.1, 2.9, 2.7, 2.5, 2.3, 2.1, 1.9, 1.7, 5.0, 9.0]
    #expect(LRFinderResult.valleyIndex(losses) == 3)
    #expect(LRFinderResult.valleyIndex([1.0]) == 0)
  }

  @Test func sweepsExponentiallyStopsOnDivergenceAndRestores() throws {
    // Minimise (w - 3)²: small rates barely move, large ones diverge.
    let w = Tensor([0], requiresGrad: true)
    let optimizer = try SGD([w], lr: 0.5, momentum: 0.9)
    w.grad = Tensor([1])
    optimizer.step()
    let savedState = optimizer.stateDict()
    let saved = w.scalars
    let result = try LRFinder(startLR: 1e-4, endLR: 100, iterations: 60).run(optimizer: optimizer, parameters: [w]) {
      _ in
      let d = w - 3
      return (d * d).sum()
    }
    #expect(result.diverged)
    #expect(result.lrs.count < 60)
    #expect(result.lrs.first == 1e-4)
    let ratio = result.lrs[1] / result.lrs[0]
    #expect(abs(result.lrs[2] / result.lrs[1] - ratio) < 1e-9)
    #expect(w.scalars == saved)
    #expect(optimizer.stateDict() == savedState)
    #expect(w.grad == nil)
    let suggestions = result.suggestions
    #expect(suggestions.steepest > 1e-3 && suggestions.steepest < 10)
  }
}
