// Copyright © 2026 the Anneal authors.

extension Tensor {
  /// The matrix product with PyTorch's rules (PyTorch: `torch.matmul`, `a @ b`): 1-D·1-D is
  /// a dot product, a 1-D operand is a row (left) or column (right) vector that is removed
  /// again, 2-D·2-D is `mm`, and higher ranks are batches of matrices whose batch dimensions
  /// broadcast (`bmm`).
  public func matmul(_ other: Tensor) -> Tensor {
    check(
      rank >= 1 && other.rank >= 1,
      "both arguments to matmul need to be at least 1D, but they are \(rank)D and \(other.rank)D")
    check(
      dtype == .float32 && other.dtype == .float32, "matmul supports float32 tensors, got \(dtype) and \(other.dtype)")
    let a = rank == 1 ? unsqueeze(0) : self
    let b = other.rank == 1 ? other.unsqueeze(1) : other
    var result: Tensor
    if a.rank == 2 && b.rank == 2 {
      result = a.mm(b)
    } else {
      result = a.batchedProduct(b)
    }
    if rank == 1 { result = result.squeeze(-2) }
    if other.rank == 1 { result = result.squeeze(-1) }
    return result
  }

  /// The product of two 2-D tensors (PyTorch: `torch.mm`).
  public func mm(_ other: Tensor) -> Tensor {
    check(rank == 2 && other.rank == 2, "mm expects 2D tensors, got \(rank)D and \(other.rank)D")
    check(
      shape[1] == other.shape[0],
      "mat1 and mat2 shapes cannot be multiplied (\(shape[0])x\(shape[1]) and \(other.shape[0])x\(other.shape[1]))")
    let out = Tensor.product(self, other)
    let (a, b) = (detach(), other.detach())
    let (needsA, needsB) = (requiresGrad, other.requiresGrad)
    return Tensor.record("MmBackward0", inputs: [self, other], output: out, saving: [self, other]) { g in
      [
        needsA ? Tensor.product(g, b, transB: true) : nil,
        needsB ? Tensor.product(a, g, transA: true) : nil,
      ]
    }
  }

  /// Batched products of `[..., n, k]` and `[..., k, m]` with broadcast batch dimensions.
  private func batchedProduct(_ other: Tensor) -> Tensor {
    let (n, k, m) = (shape[rank - 2], shape[rank - 1], other.shape[other.rank - 1])
    check(
      other.shape[other.rank - 2] == k,
      "Expected size for first two dimensions of batch2 tensor to be: [\(shape.dropLast(2).reduce(1, *)), \(k)] but got: [\(other.shape.dropLast(2).reduce(1, *)), \(other.shape[other.rank - 2])]."
    )
    let batch = broadcastShapes(Array(shape.dropLast(2)), Array(other.shape.dropLast(2)))
    let a = expand(batch + [n, k]).contiguous().detach().reshape([-1, n, k])
    let b = other.expand(batch + [k, m]).contiguous().detach().reshape([-1, k, m])
    let count = a.shape[0]
    let out = Tensor.empty([count, n, m])
    for i in 0..<count {
      Kernels.sgemm(
        transA: false, transB: false, m: n, n: m, k: k, alpha: 1, a: a.select(dim: 0, index: i), lda: k,
        b: b.select(dim: 0, index: i), ldb: m, beta: 0, c: out.select(dim: 0, index: i), ldc: m)
    }
    let result = out.withShape(batch + [n, m])
    let (sa, sb) = (shape, other.shape)
    let (x, y) = (a.reshape(batch + [n, k]), b.reshape(batch + [k, m]))
    let (needsA, needsB) = (requiresGrad, other.requiresGrad)
    return Tensor.record("BmmBackward0", inputs: [self, other], output: result, saving: [self, other]) { g in
      [
        needsA ? g.matmul(y.transpose(-1, -2)).sumToShape(sa) : nil,
        needsB ? x.transpose(-1, -2).matmul(g).sumToShape(sb) : nil,
      ]
    }
  }

  /// `op(a) · op(b)` of 2-D tensors outside the graph (views are made contiguous first).
  package static func product(_ a: Tensor, _ b: Tensor, transA: Bool = false, transB: Bool = false) -> Tensor {
    let (a, b) = (a.contiguous(), b.contiguous())
    let m = transA ? a.shape[1] : a.shape[0]
    let k = transA ? a.shape[0] : a.shape[1]
    let n = transB ? b.shape[0] : b.shape[1]
    let out = Tensor.empty([m, n])
    Kernels.sgemm(
      transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1, a: a, lda: a.shape[1], b: b, ldb: b.shape[1],
      beta: 0, c: out, ldc: n)
    return out
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
  check(
    input.rank == 2 && weight.rank == 2, "linear needs a 2-D input and weight, got \(input.shape) and \(weight.shape)")
  let (batch, inFeatures, outFeatures) = (input.shape[0], input.shape[1], weight.shape[0])
  check(
    weight.shape[1] == inFeatures,
    "mat1 and mat2 shapes cannot be multiplied (\(batch)x\(inFeatures) and \(weight.shape[1])x\(outFeatures))")
  if let bias {
    check(bias.shape == [outFeatures], "bias must have shape [\(outFeatures)], got \(bias.shape)")
  }
  let (x, w) = (input.contiguous().detach(), weight.contiguous().detach())
  let out = Tensor.empty([batch, outFeatures])
  if let bias { out.copyElements(from: bias) }
  Kernels.sgemm(
    transA: false, transB: true, m: batch, n: outFeatures, k: inFeatures, alpha: 1, a: x, lda: inFeatures, b: w,
    ldb: inFeatures, beta: bias == nil ? 0 : 1, c: out, ldc: outFeatures)
  if relu { Kernels.unary(.relu, out, into: out) }
  let output = relu ? out.detach() : nil
  let needs = (input.requiresGrad, weight.requiresGrad, bias?.requiresGrad ?? false)
  let inputs = [input, weight] + (bias.map { [$0] } ?? [])
  let name = relu ? "LinearReluBackward0" : "AddmmBackward0"
  return Tensor.record(name, inputs: inputs, output: out, saving: [input, weight] + (relu ? [out] : [])) { gradient in
    let g = output.map { Tensor.reluGradient(gradient, output: $0) } ?? gradient
    var grads: [Tensor?] = [
      needs.0 ? Tensor.product(g, w) : nil,
      needs.1 ? Tensor.product(g, x, transA: true) : nil,
    ]
    if bias != nil { grads.append(needs.2 ? g.sum(dim: 0) : nil) }
    return grads
  }
}
