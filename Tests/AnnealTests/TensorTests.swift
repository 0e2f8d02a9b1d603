// Copyright © 2026 the Anneal authors.

import Anneal
import Testing

@Suite struct TensorTests {
  /// `allFinite` finds a NaN or an infinity wherever it is, in small tensors and in large ones,
  /// whose check is shared among the kernel threads, contiguous or not.
  @Test func allFiniteFindsEveryNonFiniteElement() {
    for count in [37, (1 << 18) + 37] {
      var values = [Float](repeating: 1, count: count)
      #expect(Tensor(values).allFinite)
      for position in [0, count / 2 - 1, count / 2, count - 1] {
        for bad in [Float.nan, .infinity, -.infinity] {
          values[position] = bad
          #expect(!Tensor(values).allFinite, "\(bad) at \(position) of \(count)")
          values[position] = -Float.greatestFiniteMagnitude
        }
      }
      #expect(Tensor(values).allFinite)
      // Transposed views, not contiguous.
      #expect(Tensor(values + values, shape: [2, count]).t().allFinite)
      values[count - 1] = .nan
      #expect(!Tensor(values + values, shape: [2, count]).t().allFinite)
    }
  }

  @Test func creationAndShape() {
    let t = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
    #expect(t.shape == [2, 3])
    #expect(t.rank == 2)
    #expect(t.count == 6)
    #expect(t.size(-1) == 3)
    #expect(Tensor.zeros([2, 2]).scalars == [0, 0, 0, 0])
    #expect(Tensor.ones([3]).scalars == [1, 1, 1])
    #expect(Tensor.full([2], 7).scalars == [7, 7])
    #expect(Tensor(scalar: 4).shape == [])
    #expect(Tensor(scalar: 4).item() == 4)
    #expect(Tensor.arange(4).scalars == [0, 1, 2, 3])
  }

  @Test func reshapedIsAViewSharingStorage() {
    let t = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
    let v = t.reshaped([3, -1])
    #expect(v.shape == [3, 2])
    v.withUnsafeMutableScalars { $0[0] = 10 }
    #expect(t.scalars[0] == 10)
    #expect(Tensor.zeros([2, 1, 28, 28]).flattened(startDim: 1).shape == [2, 784])
  }

  @Test func broadcastingArithmetic() {
    let a = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
    #expect((a + Tensor([10, 20, 30])).scalars == [11, 22, 33, 14, 25, 36])
    #expect((a * Tensor([2, 3], shape: [2, 1])).scalars == [2, 4, 6, 12, 15, 18])
    #expect((Tensor([1, 2], shape: [2, 1]) - Tensor([1, 2, 3], shape: [1, 3])).shape == [2, 3])
    #expect((Tensor([1, 2], shape: [2, 1]) - Tensor([1, 2, 3], shape: [1, 3])).scalars == [0, -1, -2, 1, 0, -1])
    #expect((a / 2).scalars == [0.5, 1, 1.5, 2, 2.5, 3])
    #expect((-a + 1).scalars == [0, -1, -2, -3, -4, -5])
  }

  @Test func reductions() {
    let a = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
    #expect(a.sum().item() == 21)
    #expect(a.mean().item() == 3.5)
    #expect(a.sum(dim: 0).scalars == [5, 7, 9])
    #expect(a.sum(dim: 1, keepDim: true).shape == [2, 1])
    #expect(a.mean(dim: -1).scalars == [2, 5])
  }

  @Test func argmaxPicksTheFirstMaximum() {
    let a = Tensor([1, 3, 3, 0, 9, -1, 2, 2, 2], shape: [3, 3])
    #expect(a.argmax(dim: 1).toArray(of: Int64.self) == [1, 1, 0])
    #expect(a.argmax(dim: 0).toArray(of: Int64.self) == [2, 1, 0])
    #expect(a.argmax(dim: 1).dtype == .int64)
  }

  @Test func matmulAndTranspose() {
    let a = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
    let b = Tensor([7, 8, 9, 10, 11, 12], shape: [3, 2])
    #expect(a.matmul(b).scalars == [58, 64, 139, 154])
    #expect(a.transposed().scalars == [1, 4, 2, 5, 3, 6])
    let y = linear(a, weight: b.transposed(), bias: Tensor([1, -1]))
    #expect(y.scalars == [59, 63, 140, 153])
  }

  @Test func softmaxIsStableForLargeInputs() {
    let logits = Tensor([1000, 1001, 1002], shape: [1, 3])
    let p = logits.softmax(dim: 1).scalars
    #expect(p.allSatisfy { $0.isFinite })
    #expect(abs(p.reduce(0, +) - 1) < 1e-6)
    #expect(crossEntropy(logits, targets: [2]).item().isFinite)
  }

  @Test func comparison() {
    let a = Tensor([1, 2, 3])
    #expect(a.eq(Tensor([1, 0, 3])).toArray(of: Bool.self) == [true, false, true])
    #expect(a.eq(Tensor([1, 0, 3])).dtype == .bool)
    #expect(a.eq(Tensor([1, 0, 3])).sum().item(as: Int64.self) == 2)
    #expect(a.eq(Tensor([1, 0, 3])).sum().dtype == .int64)
    // Bools order as 0 < 1, as in PyTorch.
    let flags = Tensor(elements: [true, false, true])
    #expect(flags.gt(Tensor(elements: [false, false, true])).toArray(of: Bool.self) == [true, false, false])
    #expect(flags.ge(Tensor(elements: [true, true, true])).toArray(of: Bool.self) == [true, false, true])
  }

  @Test func descriptionLooksLikePyTorch() {
    #expect(Tensor([1, 2, 3, 4], shape: [2, 2]).description == "tensor([[1.0, 2.0], [3.0, 4.0]])")
    #expect(Tensor([1], requiresGrad: true).description == "tensor([1.0], requires_grad=True)")
  }
}
