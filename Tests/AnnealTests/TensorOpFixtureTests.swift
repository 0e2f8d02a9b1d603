// Copyright © 2026 the Anneal authors.

import Anneal
import Foundation
import Testing
import _AnnealTestSupport

/// Every tensor-core op against PyTorch 2.15 (`Scripts/tensor_op_cases.py`, generated into
/// `tensor_ops.json` by `Scripts/make_fixtures.py tensor_op`): output values, shapes and
/// dtypes (int64 and bool included), and the gradients of the leaves, on contiguous,
/// transposed, expanded, sliced, permuted and broadcast inputs; then the same construction
/// against finite differences.
@Suite struct TensorOpFixtureTests {
  /// A JSON scalar: number or bool.
  enum Scalar: Decodable {
    case number(Double), flag(Bool)
    init(from decoder: any Decoder) throws {
      let c = try decoder.singleValueContainer()
      if let b = try? c.decode(Bool.self) { self = .flag(b) } else { self = .number(try c.decode(Double.self)) }
    }
    var double: Double {
      switch self {
      case .number(let d): d
      case .flag(let b): b ? 1 : 0
      }
    }
  }

  /// A keyword argument.
  enum Argument: Decodable {
    case number(Double), list([Int]), flag(Bool), text(String)
    init(from decoder: any Decoder) throws {
      let c = try decoder.singleValueContainer()
      if let b = try? c.decode(Bool.self) {
        self = .flag(b)
      } else if let s = try? c.decode(String.self) {
        self = .text(s)
      } else if let l = try? c.decode([Int].self) {
        self = .list(l)
      } else {
        self = .number(try c.decode(Double.self))
      }
    }
  }

  struct Input: Decodable {
    let values: [Scalar]
    let shape: [Int]
    let dtype: String
    let layout: [Layout]?
    let grad: Bool
  }

  /// A layout step: `"t"`, `"expand"`, `"slice"`, `"permute"` or their argument.
  enum Layout: Decodable {
    case name(String), number(Int), list([Int])
    init(from decoder: any Decoder) throws {
      let c = try decoder.singleValueContainer()
      if let s = try? c.decode(String.self) {
        self = .name(s)
      } else if let n = try? c.decode(Int.self) {
        self = .number(n)
      } else {
        self = .list(try c.decode([Int].self))
      }
    }
  }

  struct Output: Decodable {
    let values: [Scalar]
    let shape: [Int]
    let dtype: String
  }

  struct Case: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let op: String
    let inputs: [Input]
    let kwargs: [String: Argument]
    let outputs: [Output]
    let grads: [[Double]?]
    var testDescription: String { name }
  }

  struct File: Decodable {
    let cases: [Case]
    let creation: [String: [Double]]
  }

  static let cases: [Case] = (try? Fixtures.load(File.self, named: "tensor_ops.json", in: .module).cases) ?? []

  static func dtype(_ name: String) -> DType {
    switch name {
    case "int64": .int64
    case "bool": .bool
    default: .float32
    }
  }

  /// The leaf tensors of a case.
  static func leaves(_ c: Case) -> [Tensor] {
    c.inputs.map { input in
      let t: Tensor
      switch dtype(input.dtype) {
      case .int64: t = Tensor(elements: input.values.map { Int64($0.double) }, shape: input.shape)
      case .bool: t = Tensor(elements: input.values.map { $0.double != 0 }, shape: input.shape)
      default: t = Tensor(input.values.map { Float($0.double) }, shape: input.shape)
      }
      if input.grad && t.dtype == .float32 { t.requiresGrad_() }
      return t
    }
  }

  static func laidOut(_ base: Tensor, _ layout: [Layout]?) -> Tensor {
    guard let layout, case .name(let kind) = layout.first else { return base }
    switch (kind, layout.count > 1 ? layout[1] : nil) {
    case ("t", _): return base.transpose(-1, -2)
    case ("expand", .list(let shape)?): return base.expand(shape)
    case ("slice", .number(let dim)?): return base.slice(dim: dim, 0..<base.shape[dim], step: 2)
    case ("permute", .list(let dims)?): return base.permute(dims)
    default: fatalError("unknown layout \(layout)")
    }
  }

  static func apply(_ c: Case, _ xs: [Tensor]) -> [Tensor] {
    func int(_ key: String) -> Int {
      guard case .number(let v)? = c.kwargs[key] else { fatalError("missing \(key)") }
      return Int(v)
    }
    func float(_ key: String) -> Float? {
      guard case .number(let v)? = c.kwargs[key] else { return nil }
      return Float(v)
    }
    func list(_ key: String) -> [Int] {
      guard case .list(let v)? = c.kwargs[key] else { return [] }
      return v
    }
    func text(_ key: String) -> String? {
      guard case .text(let v)? = c.kwargs[key] else { return nil }
      return v
    }
    var reduction: Reduction { text("reduction").map { Reduction(rawValue: $0)! } ?? .mean }
    var ignore: Int { c.kwargs["ignore"] == nil ? -100 : int("ignore") }
    func flag(_ key: String) -> Bool {
      guard case .flag(let v)? = c.kwargs[key] else { return false }
      return v
    }
    let a = xs.first!
    let b = xs.count > 1 ? xs[1] : a
    switch c.op {
    case "add": return [a + b]
    case "sub": return [a - b]
    case "mul": return [a * b]
    case "div": return [a / b]
    case "add_scalar": return [a + float("s")!]
    case "rsub_scalar": return [float("s")! - a]
    case "mul_scalar": return [a * float("s")!]
    case "div_scalar": return [a / float("s")!]
    case "rdiv_scalar": return [float("s")! / a]
    case "pow_scalar": return [a.pow(float("e")!)]
    case "pow_tensor": return [a.pow(b)]
    case "neg": return [-a]
    case "abs": return [a.abs()]
    case "exp": return [a.exp()]
    case "log": return [a.log()]
    case "log1p": return [a.log1p()]
    case "sqrt": return [a.sqrt()]
    case "rsqrt": return [a.rsqrt()]
    case "tanh": return [a.tanh()]
    case "sigmoid": return [a.sigmoid()]
    case "relu": return [a.relu()]
    case "clamp": return [a.clamp(min: float("min"), max: float("max"))]
    case "maximum": return [a.maximum(b)]
    case "minimum": return [a.minimum(b)]
    case "where": return [Tensor.where(xs[2], a, b)]
    case "masked_fill": return [a.maskedFill(b, float("v")!)]
    case "eq": return [a.eq(b)]
    case "lt": return [a.lt(b)]
    case "ge": return [a.ge(b)]
    case "gt_scalar": return [a.gt(float("s")!)]
    case "sum": return [a.sum(dims: list("dims"), keepDim: flag("keep"))]
    case "mean": return [a.mean(dims: list("dims"), keepDim: flag("keep"))]
    case "var": return [a.variance(dims: list("dims"), correction: int("c"), keepDim: flag("keep"))]
    case "std": return [a.std(dims: list("dims"), correction: int("c"), keepDim: flag("keep"))]
    case "max_dim":
      let (v, i) = a.max(dim: int("dim"), keepDim: flag("keep"))
      return [v, i]
    case "min_dim":
      let (v, i) = a.min(dim: int("dim"), keepDim: flag("keep"))
      return [v, i]
    case "max_all": return [a.max()]
    case "amax": return [a.amax(dims: list("dims"), keepDim: flag("keep"))]
    case "argmax": return [a.argmax(dim: int("dim"), keepDim: flag("keep"))]
    case "argmin": return [a.argmin(dim: int("dim"), keepDim: flag("keep"))]
    case "argmax_all": return [a.argmax()]
    case "logsumexp": return [a.logsumexp(dims: list("dims"), keepDim: flag("keep"))]
    case "matmul": return [a.matmul(b)]
    case "cat": return [Tensor.cat(xs, dim: int("dim"))]
    case "stack": return [Tensor.stack(xs, dim: int("dim"))]
    case "split": return a.split(int("size"), dim: int("dim"))
    case "chunk": return a.chunk(int("n"), dim: int("dim"))
    case "gather": return [a.gather(dim: int("dim"), index: b)]
    case "scatter": return [a.scatter(dim: int("dim"), index: b, source: xs[2])]
    case "scatter_add": return [a.scatterAdd(dim: int("dim"), index: b, source: xs[2])]
    case "index_select": return [a.indexSelect(dim: int("dim"), index: b)]
    case "one_hot": return [a.oneHot(numClasses: int("n"))]
    case "to_int64": return [a.to(.int64)]
    case "to_float": return [a.to(.float32)]
    case "reshape": return [a.reshape(list("shape"))]
    case "permute": return [a.permute(list("dims"))]
    case "transpose": return [a.transpose(int("d0"), int("d1"))]
    case "t": return [a.t()]
    case "expand": return [a.expand(list("shape"))]
    case "narrow": return [a.narrow(dim: int("dim"), start: int("start"), length: int("len"))]
    case "select": return [a.select(dim: int("dim"), index: int("index"))]
    case "unsqueeze": return [a.unsqueeze(int("dim"))]
    case "squeeze": return [c.kwargs["dim"] == nil ? a.squeeze() : a.squeeze(int("dim"))]
    case "flatten": return [a.flatten(startDim: int("start"), endDim: int("end"))]
    case "unflatten": return [a.unflatten(dim: int("dim"), sizes: list("sizes"))]
    case "slice": return [a.slice(dim: 0, int("start")..<int("end"), step: int("step"))]
    case "contiguous": return [a.contiguous()]
    case "log_softmax": return [a.logSoftmax(dim: int("dim"))]
    case "softmax": return [a.softmax(dim: int("dim"))]
    case "cross_entropy": return [crossEntropy(a, targets: b)]
    case "nll_loss": return [a.nllLoss(targets: b)]
    case "conv2d":
      func pair(_ key: String) -> (Int, Int) {
        let l = list(key)
        return l.count == 2 ? (l[0], l[1]) : (1, 1)
      }
      let padding: ConvolutionPadding =
        switch c.kwargs["padding"] {
        case .text("same")?: .same
        case .text("valid")?: .valid
        case .list(let l)?: .explicit(l[0], l[1])
        default: 0
        }
      let groups = c.kwargs["groups"] == nil ? 1 : int("groups")
      return [
        conv2d(
          a, weight: b, bias: xs.count > 2 ? xs[2] : nil, stride: pair("stride"), padding: padding,
          dilation: pair("dilation"), groups: groups)
      ]
    case "max_pool2d":
      let l = list("kernel")
      let s = list("stride")
      let p = list("padding")
      let d = list("dilation")
      let (values, indices) = maxPool2dWithIndices(
        a, kernelSize: (l[0], l[1]), stride: s.isEmpty ? nil : (s[0], s[1]), padding: p.isEmpty ? (0, 0) : (p[0], p[1]),
        dilation: d.isEmpty ? (1, 1) : (d[0], d[1]), ceilMode: flag("ceil"))
      return [values, indices]
    case "avg_pool2d":
      let l = list("kernel")
      let s = list("stride")
      let p = list("padding")
      let divisor = c.kwargs["divisor"] == nil ? nil : int("divisor")
      let includePad = c.kwargs["include_pad"] == nil ? true : flag("include_pad")
      return [
        avgPool2d(
          a, kernelSize: (l[0], l[1]), stride: s.isEmpty ? nil : (s[0], s[1]),
          padding: p.isEmpty ? (0, 0) : (p[0], p[1]),
          ceilMode: flag("ceil"), countIncludePad: includePad, divisorOverride: divisor)
      ]
    case "adaptive_avg_pool2d":
      let size = list("size")
      return [adaptiveAvgPool2d(a, outputSize: (size[0], size[1]))]
    case "gelu": return [a.gelu(approximate: c.kwargs["approximate"] == nil ? .none : .tanh)]
    case "leaky_relu": return [a.leakyRelu(negativeSlope: float("slope") ?? 0.01)]
    case "elu": return [a.elu(alpha: float("alpha") ?? 1)]
    case "silu": return [a.silu()]
    case "mish": return [a.mish()]
    case "softplus": return [a.softplus(beta: float("beta") ?? 1, threshold: float("threshold") ?? 20)]
    case "hardswish": return [a.hardswish()]
    case "erf": return [a.erf()]
    case "expm1": return [a.expm1()]
    case "log_sigmoid": return [a.logSigmoid()]
    case "layer_norm":
      return [
        layerNorm(
          a, normalizedShape: list("shape"), weight: xs.count > 1 ? b : nil, bias: xs.count > 2 ? xs[2] : nil,
          eps: Double(float("eps") ?? 1e-5))
      ]
    case "group_norm":
      return [
        groupNorm(
          a, numGroups: int("groups"), weight: xs.count > 1 ? b : nil, bias: xs.count > 2 ? xs[2] : nil,
          eps: Double(float("eps") ?? 1e-5))
      ]
    case "embedding":
      return [embedding(b, weight: a, paddingIdx: c.kwargs["padding_idx"] == nil ? nil : int("padding_idx"))]
    case "conv1d":
      let padding: ConvolutionPadding =
        text("padding") == "same"
        ? .same
        : .explicit(c.kwargs["padding"] == nil ? 0 : int("padding"), c.kwargs["padding"] == nil ? 0 : int("padding"))
      return [
        conv1d(
          a, weight: b, bias: xs.count > 2 ? xs[2] : nil, stride: c.kwargs["stride"] == nil ? 1 : int("stride"),
          padding: padding, dilation: c.kwargs["dilation"] == nil ? 1 : int("dilation"),
          groups: c.kwargs["groups"] == nil ? 1 : int("groups"))
      ]
    case "conv_transpose2d":
      func pair(_ key: String, _ fallback: Int) -> (Int, Int) {
        let v = list(key)
        return v.isEmpty ? (fallback, fallback) : (v[0], v[1])
      }
      return [
        convTranspose2d(
          a, weight: b, bias: xs.count > 2 ? xs[2] : nil, stride: pair("stride", 1), padding: pair("padding", 0),
          outputPadding: pair("output_padding", 0), groups: c.kwargs["groups"] == nil ? 1 : int("groups"),
          dilation: pair("dilation", 1))
      ]
    case "nll_loss_full":
      return [a.nllLoss(targets: b, weight: xs.count > 2 ? xs[2] : nil, ignoreIndex: ignore, reduction: reduction)]
    case "cross_entropy_full":
      return [
        crossEntropy(
          a, targets: b, weight: xs.count > 2 ? xs[2] : nil, ignoreIndex: ignore, reduction: reduction,
          labelSmoothing: Double(float("smoothing") ?? 0))
      ]
    case "mse_loss": return [mseLoss(a, b, reduction: reduction)]
    case "l1_loss": return [l1Loss(a, b, reduction: reduction)]
    case "smooth_l1_loss": return [smoothL1Loss(a, b, reduction: reduction, beta: Double(float("beta") ?? 1))]
    case "huber_loss": return [huberLoss(a, b, reduction: reduction, delta: Double(float("delta") ?? 1))]
    case "bce": return [binaryCrossEntropy(a, b, weight: xs.count > 2 ? xs[2] : nil, reduction: reduction)]
    case "bce_logits":
      return [
        binaryCrossEntropyWithLogits(
          a, b, weight: flag("weighted") ? xs[2] : nil, posWeight: flag("pos_weighted") ? xs.last : nil,
          reduction: reduction)
      ]
    case "kl_div":
      let kl: KLDivReduction =
        text("reduction").map { $0 == "batchmean" ? .batchMean : KLDivReduction(rawValue: $0)! } ?? .mean
      return [klDiv(a, b, reduction: kl, logTarget: flag("log_target"))]
    default: fatalError("no op \(c.op)")
    }
  }

  /// The fixture's weighting of the float outputs that require a gradient.
  static func objective(_ outputs: [Tensor], floats: Bool = false) -> Tensor? {
    let weighted = outputs.filter { floats ? $0.dtype == .float32 : $0.requiresGrad }.map { out in
      (out * Tensor((0..<out.count).map { Float(($0 * 7919) % 17) / 17 - 0.4 }, shape: out.shape)).sum()
    }
    guard let first = weighted.first else { return nil }
    return weighted.dropFirst().reduce(first, +)
  }

  @Test func fixturesAreLoaded() { #expect(Self.cases.count > 90) }

  @Test func creationMatchesPyTorch() throws {
    let creation = try Fixtures.load(File.self, named: "tensor_ops.json", in: .module).creation
    let made: [String: Tensor] = [
      "linspace_0_1_7": Tensor.linspace(0, 1, steps: 7),
      "linspace_-3_5_10": Tensor.linspace(-3, 5, steps: 10),
      "linspace_0.1_0.7_11": Tensor.linspace(0.1, 0.7, steps: 11),
      "arange_2_11_3": Tensor.arange(2, 11, step: 3),
      "arange_10_0_-3": Tensor.arange(10, 0, step: -3),
      "full_2x2_0.1": Tensor.full([2, 2], 0.1),
    ]
    #expect(Set(made.keys) == Set(creation.keys))
    for (name, tensor) in made {
      // Exact: the same float32 arithmetic as PyTorch's CPU kernels.
      #expect(tensor.scalars.map(Double.init) == creation[name], "\(name)")
    }
    #expect(Tensor.arange(2, 11, step: 3).dtype == .int64)
    #expect(Tensor.arange(4).dtype == .float32)
  }

  @Test(arguments: cases)
  func matchesPyTorch(_ c: Case) throws {
    let leaves = Self.leaves(c)
    let xs = zip(leaves, c.inputs).map { Self.laidOut($0, $1.layout) }
    let outputs = Self.apply(c, xs)
    try #require(outputs.count == c.outputs.count)
    let tight = ["matmul", "var", "std", "logsumexp", "pow_tensor", "pow_scalar", "cross_entropy"].contains(c.op)
    // A convolution sums its 8-46 products per output in im2col + GEMM order (a transposed one
    // adds overlapping windows in col2im's order), not in oneDNN's, and with or without FMA as
    // the BLAS does: about 1e-6 at these magnitudes, well inside float32's rounding bound for
    // such sums (about 1e-5 for 28 products of unit normals).
    let overlapping = c.op.hasPrefix("conv")
    for (out, expected) in zip(outputs, c.outputs) {
      #expect(out.shape == expected.shape)
      #expect(out.dtype == Self.dtype(expected.dtype), "dtype")
      switch out.dtype {
      case .float32:
        expectClose(
          out.scalars.map(Double.init), expected.values.map(\.double), rtol: tight ? 2e-6 : 1e-6,
          atol: overlapping ? 4e-6 : 1e-6)
      case .int64: #expect(out.toArray(of: Int64.self).map(Double.init) == expected.values.map(\.double))
      case .bool: #expect(out.toArray(of: Bool.self) == expected.values.map { $0.double != 0 })
      case .uint8: Issue.record("unexpected uint8")
      }
    }
    if let objective = Self.objective(outputs) { try objective.backward() }
    for (leaf, expected) in zip(leaves, c.grads) {
      guard let expected else {
        #expect(leaf.grad == nil)
        continue
      }
      let grad = try #require(leaf.grad, "missing gradient")
      expectClose(grad.scalars.map(Double.init), expected, rtol: 1e-5, atol: 1e-6, "gradient")
    }
  }

  /// Cases whose inputs sit where a finite difference cannot go (a probability at exactly 0 or
  /// 1), or whose gradient is by definition not the derivative (the padding row of an embedding).
  static let noFiniteDifferences: Set<String> = ["bce at 0 and 1", "embedding padding idx"]

  @Test(arguments: cases.filter { $0.grads.contains { $0 != nil } && !noFiniteDifferences.contains($0.name) })
  func gradientsMatchFiniteDifferences(_ c: Case) {
    let leaves = Self.leaves(c)
    let failures = gradCheck(leaves) { leaves in
      let xs = zip(leaves, c.inputs).map { Self.laidOut($0, $1.layout) }
      return Self.objective(Self.apply(c, xs), floats: true) ?? Tensor(scalar: 0)
    }
    #expect(failures.isEmpty, "\(failures.prefix(3))")
  }
}
