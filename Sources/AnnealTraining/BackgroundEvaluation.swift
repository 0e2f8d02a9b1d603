// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealNN
import Dispatch
import Synchronization

/// Evaluates a copy of a model on another thread while training goes on.
///
/// The copy is built on the evaluating thread by `make` (an untrained model of the same
/// architecture; give it its own `Generator` so that building it draws nothing from the
/// training's random stream) and receives copies of the model's current parameters and
/// buffers (those of `Module/stateDict()`, copied tensor to tensor), so the
/// numbers are those of an evaluation in place: the same weights, the same arithmetic, and the
/// caller's floating-point mode (denormal flushing). The evaluation sets a kernel thread aside
/// for itself, so that the training thread keeps its processor.
///
/// ```swift
/// let evaluation = BackgroundEvaluation(of: model, make: { Net(generator: Generator(seed: 0)) }) { copy in
///   accuracy(of: copy, on: testSet)
/// }
/// // … go on training …
/// print(evaluation.result())
/// ```
public final class BackgroundEvaluation<Result: Sendable>: Sendable {
  private let outcome = Mutex<Result?>(nil)
  private let finished = DispatchSemaphore(value: 0)

  /// Starts evaluating `model`'s current parameters and buffers with `evaluate`, which runs
  /// without recording gradients, in evaluation mode.
  public init<M: Module>(
    of model: M, make: @escaping @Sendable () -> M, evaluate: @escaping @Sendable (M) -> Result
  ) {
    let snapshot = Snapshot(model.stateTensors().map { ($0.name, $0.tensor.detach().contiguousCopy()) })
    let flush = isFlushingDenormals
    DispatchQueue.global().async { [self] in
      let result = WorkerPool.shared.withReservedThread {
        withFlushDenormal(flush) {
          let copy = make()
          let targets = copy.stateTensors()
          check(
            targets.map(\.name) == snapshot.tensors.map(\.name),
            "BackgroundEvaluation: make() built a model with other parameters and buffers")
          withNoGrad {
            for (target, source) in zip(targets, snapshot.tensors) {
              check(
                target.tensor.shape == source.tensor.shape,
                "BackgroundEvaluation: '\(target.name)' has shape \(target.tensor.shape) in the copy, \(source.tensor.shape) in the model"
              )
              target.tensor.copy(from: source.tensor)
            }
          }
          copy.eval()
          return withNoGrad { evaluate(copy) }
        }
      }
      outcome.withLock { $0 = result }
      finished.signal()
    }
  }

  /// Copies of a model's tensors, handed to the evaluating thread and used by it alone.
  // @unchecked Sendable: the tensors are fresh copies that no other thread holds.
  private struct Snapshot: @unchecked Sendable {
    let tensors: [(name: String, tensor: Tensor)]
    init(_ tensors: [(name: String, tensor: Tensor)]) { self.tensors = tensors }
  }

  /// Whether the result is known.
  public var isFinished: Bool { outcome.withLock { $0 != nil } }

  /// The result, waiting for it if need be.
  public func result() -> Result {
    if let known = outcome.withLock({ $0 }) { return known }
    finished.wait()
    guard let known = outcome.withLock({ $0 }) else { checkFailed("BackgroundEvaluation finished without a result") }
    return known
  }
}
