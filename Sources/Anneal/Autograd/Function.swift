// Copyright © 2026 the Anneal authors.

/// An operation with a hand-written backward rule (PyTorch: `torch.autograd.Function`).
///
/// Implement ``forward(_:_:)`` and ``backward(_:_:)`` as static functions and call
/// `apply(_:)`; the forward pass runs without recording, and its outputs are recorded as
/// one node whose rule is your backward:
///
/// ```swift
/// enum Cube: Function {
///   static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> [Tensor] {
///     ctx.saveForBackward(inputs[0])
///     return [inputs[0] * inputs[0] * inputs[0]]
///   }
///   static func backward(_ ctx: FunctionContext, _ gradOutputs: [Tensor]) throws -> [Tensor?] {
///     let x = try ctx.savedTensors[0]
///     return [gradOutputs[0] * 3 * x * x]
///   }
/// }
/// let y = try Cube.apply(x)[0]
/// ```
///
/// As in PyTorch, a missing output gradient reaches `backward` as zeros, tensors saved with
/// ``FunctionContext/saveForBackward(_:)`` are checked against in-place changes, and
/// `backward` returns one gradient (or `nil`) per input.
public protocol Function {
  /// Computes the outputs from the inputs (PyTorch: `forward(ctx, *inputs)`).
  static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> [Tensor]
  /// Maps the outputs' gradients to the inputs' gradients (PyTorch: `backward(ctx, *grads)`).
  static func backward(_ ctx: FunctionContext, _ gradOutputs: [Tensor]) throws -> [Tensor?]
}

/// What a ``Function`` keeps between its forward and backward passes (PyTorch: `ctx`).
public final class FunctionContext {
  /// Whether each input needs a gradient (PyTorch: `ctx.needs_input_grad`).
  public let needsInputGrad: [Bool]
  private var saved: [Tensor] = []
  private var versions: [Int] = []
  private var nonDifferentiable: Set<ObjectIdentifier> = []
  /// Values other than tensors, for the backward pass (PyTorch: attributes set on `ctx`).
  public var values: [String: Double] = [:]
  package var name = "Function"

  init(needsInputGrad: [Bool]) { self.needsInputGrad = needsInputGrad }

  /// Keeps tensors for the backward pass (PyTorch: `ctx.save_for_backward`).
  public func saveForBackward(_ tensors: Tensor...) {
    saved += tensors.map { $0.detach() }
    versions += tensors.map(\.version)
  }

  /// The saved tensors (PyTorch: `ctx.saved_tensors`).
  ///
  /// - Throws: ``AutogradError/modifiedByInplaceOperation(tensor:output:of:version:expected:)``
  ///   if one was changed in place after it was saved.
  public var savedTensors: [Tensor] {
    get throws(AutogradError) {
      for (t, version) in zip(saved, versions) where t.version != version {
        throw .modifiedByInplaceOperation(
          tensor: "\(t.dtype.legacyName) \(t.shapeDescription)", output: 0, of: name, version: t.version,
          expected: version)
      }
      return saved
    }
  }

  /// Marks outputs that get no gradient (PyTorch: `ctx.mark_non_differentiable`).
  public func markNonDifferentiable(_ tensors: Tensor...) {
    for t in tensors { nonDifferentiable.insert(ObjectIdentifier(t)) }
  }

  func isNonDifferentiable(_ t: Tensor) -> Bool { nonDifferentiable.contains(ObjectIdentifier(t)) }

  /// The saved tensors without the check, for the engine's check before any node runs.
  var savedUnchecked: [Tensor] { saved }
}

extension Function {
  /// Runs the function and records it for autograd (PyTorch: `Function.apply`).
  ///
  /// - Throws: What ``forward(_:_:)`` throws.
  public static func apply(_ inputs: Tensor...) throws -> [Tensor] { try apply(inputs) }

  /// Runs the function on an array of inputs and records it for autograd.
  public static func apply(_ inputs: [Tensor]) throws -> [Tensor] {
    let ctx = FunctionContext(needsInputGrad: inputs.map(\.requiresGrad))
    let name = "\(Self.self)Backward"
    ctx.name = name
    let produced = try withNoGrad { try forward(ctx, inputs) }
    // Outputs are fresh tensors sharing the produced storage, so that recording never
    // rewrites an input's history.
    let outputs = produced.map { $0.detach() }
    let differentiable = zip(produced, outputs).compactMap { p, o in
      ctx.isNonDifferentiable(p) || !o.dtype.isFloatingPoint ? nil : o
    }
    let shapes = outputs.map { ($0.shape, $0.dtype) }
    Tensor.record(name, inputs: inputs, outputs: differentiable, saving: ctx.savedUnchecked) {
      (gradients: [Tensor?]) throws(AutogradError) in
      var materialized: [Tensor] = []
      var next = 0
      for (output, meta) in zip(outputs, shapes) {
        if differentiable.contains(where: { $0 === output }) {
          materialized.append(gradients[next] ?? Tensor.zeros(meta.0))
          next += 1
        } else {
          materialized.append(Tensor.zeros(meta.0, dtype: meta.1))
        }
      }
      let result: [Tensor?]
      do {
        result = try backward(ctx, materialized)
      } catch let error as AutogradError {
        throw error
      } catch {
        throw .functionFailed(name: name, reason: "\(error)")
      }
      guard result.count == inputs.count else {
        throw .functionFailed(
          name: name,
          reason:
            "function backward returned an incorrect number of gradients (expected \(inputs.count), got \(result.count))"
        )
      }
      for (g, input) in zip(result, inputs) {
        if let g, g.shape != input.shape {
          throw .functionFailed(
            name: name,
            reason:
              "Function \(name) returned an invalid gradient - got \(g.shape) but expected shape compatible with \(input.shape)"
          )
        }
      }
      return result
    }
    return outputs
  }
}
