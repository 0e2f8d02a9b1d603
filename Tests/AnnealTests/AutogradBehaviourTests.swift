// Copyright © 2026 the Anneal authors.

import Anneal
import Foundation
import Testing
import _AnnealTestSupport

/// Autograd refuses to compute a wrong gradient: in-place changes of saved tensors, freed
/// graphs, custom functions, and gradients of chosen inputs, with PyTorch's semantics.
@Suite struct AutogradBehaviourTests {
  @Test func changingASavedTensorInPlaceMakesBackwardThrow() throws {
    let x = Tensor([1, 2, 3], requiresGrad: true)
    let y = x.exp()
    y.scale(by: 2)
    #expect(y.version == 1)
    #expect(throws: AutogradError.self) { try y.sum().backward() }
    do {
      try y.sum().backward()
    } catch {
      #expect(
        error.description.hasPrefix(
          "one of the variables needed for gradient computation has been modified by an inplace operation: "
            + "[torch.FloatTensor [3]], which is output 0 of ExpBackward0, is at version 1; expected version 0 instead."
        ))
    }
    #expect(x.grad == nil)
  }

  @Test func anInPlaceChangeOfAnUnsavedTensorIsRecorded() throws {
    // PyTorch: y = x * 3; y.mul_(2); y.sum().backward() gives x.grad == 6.
    let x = Tensor([1, 2, 3], requiresGrad: true)
    let y = x * 3
    y.scale(by: 2)
    let z = x + 0
    z.add(Tensor([1, 1, 1]), alpha: 2)
    try (y.sum() + z.sum()).backward()
    #expect(try #require(x.grad).scalars == [7, 7, 7])
    #expect(y.scalars == [6, 12, 18])
  }

  @Test func aSecondBackwardThroughAFreedGraphThrows() throws {
    let x = Tensor([1, 2], requiresGrad: true)
    let loss = (x * x).sum()
    try loss.backward()
    #expect(throws: AutogradError.graphFreed(node: "SumBackward1")) { try loss.backward() }
    #expect(try #require(x.grad).scalars == [2, 4])
  }

  @Test func retainGraphAllowsASecondBackward() throws {
    let x = Tensor([1, 2], requiresGrad: true)
    let loss = (x * x).sum()
    try loss.backward(retainGraph: true)
    try loss.backward()
    #expect(try #require(x.grad).scalars == [4, 8])
  }

  @Test func backwardErrorsAreTyped() {
    #expect(throws: AutogradError.doesNotRequireGrad) { try Tensor([1]).backward() }
    let x = Tensor([1, 2], requiresGrad: true)
    #expect(throws: AutogradError.implicitGradientNeedsScalar(shape: [2])) { try (x * 2).backward() }
    #expect(throws: AutogradError.gradientShapeMismatch(expected: [2], found: [3])) {
      try (x * 2).backward(Tensor([1, 1, 1]))
    }
  }

  @Test func gradOfChosenInputsLeavesGradsAlone() throws {
    let x = Tensor([1, 2, 3], requiresGrad: true)
    let w = Tensor([0.5, -1, 2], requiresGrad: true)
    let hidden = x * w
    let loss = (hidden * hidden).sum()
    let grads = try grad(of: [loss], with: [hidden, w], retainGraph: true)
    #expect(try #require(grads[0]).scalars == [1, -4, 12])  // 2 · hidden
    #expect(try #require(grads[1]).scalars == [1, -8, 36])  // 2 · hidden · x
    #expect(x.grad == nil && w.grad == nil)
    let unused = Tensor([1], requiresGrad: true)
    #expect(throws: AutogradError.unusedInput(index: 0)) { try grad(of: [loss], with: [unused], retainGraph: true) }
    #expect(try grad(of: [loss], with: [unused], allowUnused: true).map { $0 == nil } == [true])
  }

  @Test func viewsShareStorageAndVersion() throws {
    let base = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
    let t = base.t()
    #expect(!t.isContiguous && t.isView && t.strides == [1, 3])
    t[0].copy(from: Tensor([10, 40]))
    #expect(base.scalars == [10, 2, 3, 40, 5, 6])
    #expect(base.version == 1 && t.version == 1)
    #expect(base.detach().version == 1)
    #expect(t.contiguous().isContiguous && t.contiguous().scalars == [10, 40, 2, 5, 3, 6])
    #expect(base.view([3, 2]).isView)
    #expect(base.expand([4, 2, 3]).strides == [0, 3, 1])
  }

  /// A function with two outputs, one of which the loss does not use.
  enum SquareAndCube: Function {
    static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> [Tensor] {
      ctx.saveForBackward(inputs[0])
      let x = inputs[0]
      return [x * x, x * x * x]
    }
    static func backward(_ ctx: FunctionContext, _ gradOutputs: [Tensor]) throws -> [Tensor?] {
      let x = try ctx.savedTensors[0]
      return [gradOutputs[0] * 2 * x + gradOutputs[1] * 3 * x * x]
    }
  }

  @Test func customFunctionsWithSeveralOutputs() throws {
    let x = Tensor([1, 2, 3], requiresGrad: true)
    let outputs = try SquareAndCube.apply(x)
    #expect(outputs[0].description.contains("grad_fn=<SquareAndCubeBackward>"))
    try outputs[1].sum().backward()  // the square's gradient arrives as zeros
    #expect(try #require(x.grad).scalars == [3, 12, 27])
    let failures = gradCheck([Tensor([0.5, -1.5], requiresGrad: true)]) { xs in
      let o = try! SquareAndCube.apply(xs[0])
      return o[0] + o[1]
    }
    #expect(failures.isEmpty, "\(failures)")
  }

  @Test func customFunctionsAreCheckedToo() throws {
    let x = Tensor([1, 2], requiresGrad: true)
    let y = x * 1
    let outputs = try SquareAndCube.apply(y)
    y.scale(by: 3)
    #expect(throws: AutogradError.self) { try outputs[0].sum().backward() }
    #expect(x.grad == nil)

    enum Wrong: Function {
      static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> [Tensor] { [inputs[0] * 2] }
      static func backward(_ ctx: FunctionContext, _ gradOutputs: [Tensor]) throws -> [Tensor?] { [] }
    }
    #expect(throws: AutogradError.self) { try Wrong.apply(x)[0].sum().backward() }
  }

  @Test func inPlaceOnALeafThatRequiresGradStopsWithPyTorchsMessage() async throws {
    let result = try #require(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        let w = Tensor([1, 2], requiresGrad: true)
        w.scale(by: 2)
      })
    let text = String(decoding: result.standardErrorContent, as: UTF8.self)
    #expect(text.contains("a leaf Variable that requires grad is being used in an in-place operation"), "\(text)")
  }

  /// The tests run in release (`swift test -c release`), so this is the release-build check.
  @Test func shapeErrorsKeepTheirMessageInReleaseBuilds() async throws {
    let result = try #require(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        _ = Tensor.zeros([100, 784]).matmul(Tensor.zeros([100, 10]))
      })
    let text = String(decoding: result.standardErrorContent, as: UTF8.self)
    #expect(text.contains("mat1 and mat2 shapes cannot be multiplied (100x784 and 100x10)"), "\(text)")
  }
}
