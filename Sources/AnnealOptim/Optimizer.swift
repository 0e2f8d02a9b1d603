// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealLRScheduler

/// An optimizer that updates parameters from their gradients (PyTorch: `torch.optim.Optimizer`).
///
/// Every optimizer is a `SchedulableOptimizer`, so any learning-rate scheduler can drive
/// it. The training-loop contract is PyTorch's:
///
/// ```swift
/// optimizer.zeroGrad()
/// let loss = criterion(model(images), labels)
/// loss.backward()
/// optimizer.step()
/// ```
public protocol Optimizer: SchedulableOptimizer {
  /// Every parameter this optimizer updates, in group order.
  var parameters: [Tensor] { get }
  /// Applies one update to every parameter that has a gradient (PyTorch: `step()`).
  func step()
  /// The hyperparameters and per-parameter buffers to save (PyTorch: `state_dict()`).
  func stateDict() -> OptimizerState
  /// Restores a saved state (PyTorch: `load_state_dict`).
  func loadStateDict(_ state: OptimizerState) throws(OptimizerError)
}

extension Optimizer {
  /// Clears the gradients of every parameter (PyTorch: `zero_grad(set_to_none=True)`).
  ///
  /// - Parameter setToNone: Whether to drop the gradients (the default, as in PyTorch) or
  ///   fill them with zeros.
  public func zeroGrad(setToNone: Bool = true) {
    for parameter in parameters {
      if setToNone {
        parameter.grad = nil
      } else {
        parameter.grad?.fill(with: 0)
      }
    }
  }
}
