// Copyright © 2026 the Anneal authors.

extension Tensor {
  /// The matrix product of two 2-D tensors (PyTorch: `a @ b`, `torch.mm`).
  public func matmul(_ other: Tensor) -> Tensor {
    precondition(rank == 2 && other.rank == 2, "matmul needs 2-D tensors, got \(shape) and \(other.shape)")
    precondition(
      shape[1] == other.shape[0],
      "mat1 and mat2 shapes cannot be multiplied (\(shape[0])x\(shape[1]) and \(other.shape[0])x\(other.shape[1]))"
    )
    let (m, k, n) = (shape[0], shape[1], other.shape[1])
    let out = Storage(uninitializedCount: m * n)
    GEMM.sgemm(
      transA: false, transB: false, m: m, n: n, k: k, alpha: 1, a: storage.base, lda: k,
      b: other.storage.base, ldb: n, beta: 0, c: out.base, ldc: n)
    let (a, b) = (detach(), other.detach())
    let (needA, needB) = (requiresGrad, other.requiresGrad)
    return Tensor.result(out, shape: [m, n], name: "MmBackward", inputs: [self, other]) { g in
      [
        needA ? Tensor.product(g, b, transB: true) : nil,
        needB ? Tensor.product(a, g, transA: true) : nil,
      ]
    }
  }

  /// `op(a) · op(b)` outside the graph, for backward passes.
  package static func product(
    _ a: Tensor, _ b: Tensor, transA: Bool = false, transB: Bool = false
  ) -> Tensor {
    let m = transA ? a.shape[1] : a.shape[0]
    let k = transA ? a.shape[0] : a.shape[1]
    let n = transB ? b.shape[0] : b.shape[1]
    let out = Storage(uninitializedCount: m * n)
    GEMM.sgemm(
      transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1, a: a.storage.base,
      lda: a.shape[1], b: b.storage.base, ldb: b.shape[1], beta: 0, c: out.base, ldc: n)
    return Tensor(storage: out, shape: [m, n])
  }
}

/// `input · weightᵀ + bias` for `input` of shape `[batch, in]`, `weight` of shape `[out, in]`
/// and `bias` of shape `[out]` (PyTorch: `torch.nn.functional.linear`).
///
/// One GEMM computes the product and the bias add is fused into its output.
public func linear(_ input: Tensor, weight: Tensor, bias: Tensor? = nil) -> Tensor {
  affine(input, weight: weight, bias: bias, relu: false)
}

/// `relu(linear(input, weight: weight, bias: bias))` as one operation (PyTorch:
/// `F.relu(F.linear(input, weight, bias))`, the pair that `torch.ao.nn.intrinsic.LinearReLU`
/// fuses).
///
/// The bias is the GEMM's starting value and the ReLU is applied to its output in place, so
/// the hidden layer needs one buffer and one graph node instead of two; values and gradients
/// are those of the two separate calls, bit for bit (NaN and −0 as ``Tensor/relu()`` treats
/// them).
public func linearReLU(_ input: Tensor, weight: Tensor, bias: Tensor? = nil) -> Tensor {
  affine(input, weight: weight, bias: bias, relu: true)
}

private func affine(_ input: Tensor, weight: Tensor, bias: Tensor?, relu: Bool) -> Tensor {
  precondition(input.rank == 2 && weight.rank == 2, "linear needs a 2-D input and weight")
  let (batch, inFeatures, outFeatures) = (input.shape[0], input.shape[1], weight.shape[0])
  precondition(
    weight.shape[1] == inFeatures,
    "mat1 and mat2 shapes cannot be multiplied (\(batch)x\(inFeatures) and \(weight.shape[1])x\(outFeatures))"
  )
  if let bias {
    precondition(bias.shape == [outFeatures], "bias must have shape [\(outFeatures)], got \(bias.shape)")
  }
  let out = Storage(uninitializedCount: batch * outFeatures)
  if let bias {
    for row in 0..<batch { (out.base + row * outFeatures).update(from: bias.storage.base, count: outFeatures) }
  }
  GEMM.sgemm(
    transA: false, transB: true, m: batch, n: outFeatures, k: inFeatures, alpha: 1,
    a: input.storage.base, lda: inFeatures, b: weight.storage.base, ldb: inFeatures,
    beta: bias == nil ? 0 : 1, c: out.base, ldc: outFeatures)
  if relu { Elementwise.map(out.base, into: out.base, count: batch * outFeatures, Tensor.relu) }
  let (x, w) = (input.detach(), weight.detach())
  let output = relu ? Tensor(storage: out, shape: [batch, outFeatures]) : nil
  let needs = (input.requiresGrad, weight.requiresGrad, bias?.requiresGrad ?? false)
  let inputs = [input, weight] + (bias.map { [$0] } ?? [])
  let name = relu ? "LinearReluBackward" : "AddmmBackward"
  return Tensor.result(out, shape: [batch, outFeatures], name: name, inputs: inputs) { gradient in
    let g = output.map { Tensor.reluGradient(gradient, output: $0) } ?? gradient
    var grads: [Tensor?] = [
      needs.0 ? Tensor.product(g, w) : nil,
      needs.1 ? Tensor.product(g, x, transA: true) : nil,
    ]
    if bias != nil { grads.append(needs.2 ? g.sum(dim: 0) : nil) }
    return grads
  }
}
