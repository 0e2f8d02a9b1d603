// Copyright © 2026 the Anneal authors.

import Anneal
import Foundation

/// The learning-rate range test (Smith, "Cyclical Learning Rates for Training Neural
/// Networks", 2017; fastai's `lr_find`): train briefly while the learning rate grows
/// exponentially, record the smoothed loss, and suggest a learning rate from the curve.
///
/// The model's parameters and buffers (BatchNorm's running statistics) and the optimizer's
/// state are restored afterwards, as torch-lr-finder restores the model's `state_dict()`, so
/// the test can run before training with the same objects:
///
/// ```swift
/// let result = try LRFinder().run(
///   optimizer: optimizer, parameters: model.parameters(), buffers: model.buffers()
/// ) { _ in
///   let batch = nextBatch()
///   return criterion(model(batch.inputs), batch.labels)
/// }
/// print(result.suggestions.valley)
/// ```
public struct LRFinder: Sendable {
  /// The first learning rate. The default is `1e-7`, as fastai's.
  public var startLR: Double
  /// The last learning rate. The default is `10`.
  public var endLR: Double
  /// The number of steps. The default is `100`.
  public var iterations: Int
  /// The factor of the loss's exponential moving average. The default is `0.98`.
  public var smoothing: Double
  /// Stop once the smoothed loss exceeds this multiple of the best one. The default is `4`.
  public var divergenceFactor: Double

  /// Creates a finder; each default is fastai's.
  public init(
    startLR: Double = 1e-7, endLR: Double = 10, iterations: Int = 100, smoothing: Double = 0.98,
    divergenceFactor: Double = 4
  ) {
    check(startLR > 0 && endLR > startLR && iterations >= 2, "LRFinder needs 0 < startLR < endLR and 2+ steps")
    self.startLR = startLR
    self.endLR = endLR
    self.iterations = iterations
    self.smoothing = smoothing
    self.divergenceFactor = divergenceFactor
  }

  /// Runs the test. `loss(step)` computes the loss of the next batch; the finder clears the
  /// gradients, calls `backward()`, sets the learning rate and steps the optimizer.
  ///
  /// - Throws: What `loss` throws, or an `AutogradError` from the backward pass.
  ///
  /// - Parameters:
  ///   - optimizer: The optimizer whose learning rate sweeps; its state is restored afterwards.
  ///   - parameters: Every tensor the optimizer updates, restored afterwards.
  ///   - buffers: Other tensors the forward pass changes (`model.buffers()`: BatchNorm's
  ///     `running_mean`, `running_var` and `num_batches_tracked`), restored afterwards.
  ///   - loss: Computes the loss of the next batch at step `step`.
  public func run(
    optimizer: any Optimizer, parameters: [Tensor], buffers: [Tensor] = [], loss: (Int) throws -> Tensor
  ) throws -> LRFinderResult {
    let savedParameters = parameters.map(\.data)
    let savedBuffers = buffers.map(\.data)
    let savedState = optimizer.stateDict()
    defer {
      withNoGrad {
        for (parameter, data) in zip(parameters, savedParameters) {
          parameter.copy(from: Tensor(data))
          parameter.grad = nil
        }
        for (buffer, data) in zip(buffers, savedBuffers) { buffer.copy(from: Tensor(data)) }
      }
      try? optimizer.loadStateDict(savedState)
    }
    var lrs: [Double] = []
    var smoothed: [Double] = []
    var raw: [Double] = []
    var average = 0.0
    var best = Double.infinity
    var diverged = false
    for step in 0..<iterations {
      let lr = startLR * Foundation.pow(endLR / startLR, Double(step) / Double(iterations - 1))
      var groups = optimizer.schedulableGroups
      for index in groups.indices { groups[index].lr = lr }
      optimizer.schedulableGroups = groups
      optimizer.zeroGrad()
      let value = try loss(step)
      try value.backward()
      optimizer.step()
      let current = Double(value.item())
      average = smoothing * average + (1 - smoothing) * current
      let debiased = average / (1 - Foundation.pow(smoothing, Double(step + 1)))
      lrs.append(lr)
      raw.append(current)
      smoothed.append(debiased)
      best = min(best, debiased)
      if !debiased.isFinite || debiased > divergenceFactor * best {
        diverged = true
        break
      }
    }
    return LRFinderResult(lrs: lrs, losses: smoothed, rawLosses: raw, diverged: diverged)
  }
}
