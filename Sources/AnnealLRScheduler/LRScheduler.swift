// Copyright © 2026 the Anneal authors.

/// A learning-rate scheduler (PyTorch: `torch.optim.lr_scheduler.LRScheduler`).
///
/// A scheduler adjusts the learning rate of every param group of its optimizer. Call
/// ``step()`` after the optimizer's `step()`, once per epoch or per batch as the schedule
/// intends:
///
/// ```swift
/// let scheduler = try StepLR(optimizer, stepSize: 1, gamma: 0.1)
/// for epoch in 0..<5 {
///   print("Epoch: \(epoch), LR: \(scheduler.lastLR)")
///   train()            // calls optimizer.step() per batch
///   scheduler.step()
/// }
/// ```
///
/// Unlike PyTorch there is no `get_lr()`: PyTorch's computes the *next* value and is often
/// mistaken for a getter. Read ``lastLR`` instead (PyTorch: `get_last_lr()`).
public protocol LRScheduler: AnyObject {
  /// The optimizer whose learning rates this scheduler sets.
  var optimizer: any SchedulableOptimizer { get }
  /// The number of steps taken, counting the one taken at construction as epoch 0
  /// (PyTorch: `last_epoch`).
  var lastEpoch: Int { get }
  /// The learning rate of each group as set by the last step (PyTorch: `get_last_lr()`).
  var lastLR: [Double] { get }
  /// Advances the schedule by one epoch (or batch) and updates the optimizer.
  func step()
}
