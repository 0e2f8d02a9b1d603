// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealNN
import Testing
import _AnnealTestSupport

/// The loss modules against their functional forms (whose values and gradients are checked
/// against PyTorch in `TensorOpFixtureTests`), the shapes PyTorch's fixtures cannot cover, and
/// the messages for bad targets.
@Suite struct LossTests {
  let generator = Generator(seed: 3)

  @Test func modulesApplyTheirOptions() {
    let logits = Tensor.randn([6, 4], generator: generator)
    let targets = Tensor(elements: [Int64(0), 3, -1, 2, 1, 3])
    let weight = Tensor([0.5, 1, 2, 0.25])
    let module = CrossEntropyLoss(weight: weight, ignoreIndex: -1, reduction: .sum, labelSmoothing: 0.1)
    let functional = crossEntropy(
      logits, targets: targets, weight: weight, ignoreIndex: -1, reduction: .sum, labelSmoothing: 0.1)
    #expect(module(logits, targets).item() == functional.item())
    let logp = logits.logSoftmax(dim: 1)
    #expect(
      NLLLoss(weight: weight, ignoreIndex: -1)(logp, targets).item()
        == logp.nllLoss(targets: targets, weight: weight, ignoreIndex: -1).item())
    let (a, b) = (Tensor.randn([3, 5], generator: generator), Tensor.randn([3, 5], generator: generator))
    #expect(MSELoss(reduction: .none)(a, b).toArray(of: Float.self) == mseLoss(a, b, reduction: .none).scalars)
    #expect(L1Loss()(a, b).item() == l1Loss(a, b).item())
    #expect(SmoothL1Loss(beta: 0.3)(a, b).item() == smoothL1Loss(a, b, beta: 0.3).item())
    #expect(HuberLoss(delta: 0.3)(a, b).item() == huberLoss(a, b, delta: 0.3).item())
    let p = a.sigmoid()
    let y = b.gt(0).to(.float32)
    #expect(BCELoss()(p, y).item() == binaryCrossEntropy(p, y).item())
    let pos = Tensor([1, 2, 3, 4, 5])
    #expect(
      BCEWithLogitsLoss(posWeight: pos)(a, y).item() == binaryCrossEntropyWithLogits(a, y, posWeight: pos).item())
    #expect(
      KLDivLoss(reduction: .batchMean)(logp, logits.softmax(dim: 1)).item()
        == klDiv(logp, logits.softmax(dim: 1), reduction: .batchMean).item())
  }

  @Test func theDefaultCrossEntropyIsTheFusedKernel() throws {
    // The fused path (defaults) and the general path (an ignore index nobody uses) agree.
    let logits = Tensor.randn([8, 10], generator: generator).requiresGrad_()
    let targets = Tensor(elements: (0..<8).map { Int64($0 % 10) })
    let fused = crossEntropy(logits, targets: targets)
    let general = crossEntropy(logits, targets: targets, reduction: .sum) / 8
    #expect(abs(fused.item() - general.item()) < 1e-6)
    try fused.backward()
    let fusedGrad = try #require(logits.grad).scalars
    logits.grad = nil
    try general.backward()
    expectClose(try #require(logits.grad).scalars.map(Double.init), fusedGrad.map(Double.init), rtol: 1e-5, atol: 1e-7)
  }

  @Test func unbatchedInputsEqualABatchOfOne() {
    let logits = Tensor.randn([5], generator: generator)
    let target = Tensor(elements: [Int64(3)]).reshape([])
    let batched = crossEntropy(logits.unsqueeze(0), targets: target.unsqueeze(0), labelSmoothing: 0.2)
    #expect(crossEntropy(logits, targets: target, labelSmoothing: 0.2).item() == batched.item())
    let logp = logits.logSoftmax(dim: 0)
    #expect(logp.nllLoss(targets: target, reduction: .none).shape == [])
  }

  @Test func everyTargetIgnoredGivesNaNAsPyTorch() {
    let logits = Tensor.randn([2, 3], generator: generator)
    let loss = crossEntropy(logits, targets: Tensor(elements: [Int64(-100), -100]), reduction: .mean)
    #expect(loss.item().isNaN)
  }

  @Test func anOutOfRangeTargetStopsWithPyTorchsMessage() async throws {
    let result = try #require(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        _ = crossEntropy(Tensor.zeros([2, 3]), targets: Tensor(elements: [Int64(1), 7]), labelSmoothing: 0.1)
      })
    let text = String(decoding: result.standardErrorContent, as: UTF8.self)
    #expect(text.contains("Target 7 is out of bounds."), "\(text)")
  }

  @Test func aMismatchedTargetStopsWithAMessage() async throws {
    let result = try #require(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        _ = mseLoss(Tensor.zeros([4, 1]), Tensor.zeros([4]))
      })
    let text = String(decoding: result.standardErrorContent, as: UTF8.self)
    #expect(text.contains("mse_loss: target size [4] differs from input size [4, 1]"), "\(text)")
  }

  @Test func probabilitiesOutsideTheUnitIntervalStopBCE() async throws {
    let result = try #require(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        _ = binaryCrossEntropy(Tensor([0.5, 1.5]), Tensor([1, 0]))
      })
    let text = String(decoding: result.standardErrorContent, as: UTF8.self)
    #expect(text.contains("all elements of input should be between 0 and 1"), "\(text)")
  }
}
