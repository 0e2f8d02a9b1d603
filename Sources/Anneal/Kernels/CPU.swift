// Copyright © 2026 the Anneal authors.

import RealModule

/// The CPU kernels: strided loops planned by ``StridedLoop`` with contiguous and
/// scalar-operand fast paths that the compiler vectorises.
package enum CPU: KernelBackend {
  /// The first element of `t` as `T` (the storage offset applied).
  @inline(__always)
  package static func base<T>(_ t: Tensor, _: T.Type = T.self) -> UnsafeMutablePointer<T> {
    t.storage.pointer(T.self) + t.storageOffset
  }

  /// The start of `t`'s storage as `T`, for loops whose plan carries the offsets.
  @inline(__always)
  package static func start<T>(_ t: Tensor, _: T.Type = T.self) -> UnsafeMutablePointer<T> {
    t.storage.pointer(T.self)
  }

  // MARK: Generic loops

  /// Elementwise loops over at least this many contiguous elements are shared among the kernel
  /// threads (each element is computed alone, so the result does not depend on the split).
  private static let minimumSplitElements = 1 << 18

  /// Calls `body` with `loop`, or, for one long contiguous row, with consecutive slices of it
  /// on the kernel threads. The kernel is written inside `body`, so that each thread runs it
  /// specialised and vectorised.
  @inline(__always)
  private static func forEachSlice(_ loop: StridedLoop, _ body: (StridedLoop) -> Void) {
    guard loop.shape.isEmpty, loop.count >= minimumSplitElements, WorkerPool.shared.threads > 1 else {
      body(loop)
      return
    }
    let parts = WorkerPool.shared.threads
    let count = loop.count
    WorkerPool.shared.run(parts: parts) { part in
      // Slices start on a multiple of 16 elements.
      let start = (count * part / parts) & ~15
      let end = part == parts - 1 ? count : (count * (part + 1) / parts) & ~15
      body(StridedLoop(contiguousCount: end - start, offsets: loop.offsets &+ SIMD4(repeating: start)))
    }
  }

  /// `out[i] = f(x[i])` over a plan of (out, x).
  @inline(__always)
  package static func map<A, C>(
    _ loop: StridedLoop, _ pc: UnsafeMutablePointer<C>, _ pa: UnsafePointer<A>, _ f: (A) -> C
  ) {
    loop.forEachRow { o, s, n in
      let (c, a) = (pc + o[0], pa + o[1])
      if s[0] == 1 && s[1] == 1 {
        for i in 0..<n { c[i] = f(a[i]) }
      } else {
        for i in 0..<n { c[i &* s[0]] = f(a[i &* s[1]]) }
      }
    }
  }

  /// `out[i] = f(a[i], b[i])` over a plan of (out, a, b).
  @inline(__always)
  package static func zip<A, B, C>(
    _ loop: StridedLoop, _ pc: UnsafeMutablePointer<C>, _ pa: UnsafePointer<A>, _ pb: UnsafePointer<B>,
    _ f: (A, B) -> C
  ) {
    loop.forEachRow { o, s, n in
      let (c, a, b) = (pc + o[0], pa + o[1], pb + o[2])
      if s[0] == 1 && s[1] == 1 && s[2] == 1 {
        for i in 0..<n { c[i] = f(a[i], b[i]) }
      } else if s[0] == 1 && s[1] == 1 && s[2] == 0 {
        let y = b[0]
        for i in 0..<n { c[i] = f(a[i], y) }
      } else if s[0] == 1 && s[1] == 0 && s[2] == 1 {
        let x = a[0]
        for i in 0..<n { c[i] = f(x, b[i]) }
      } else {
        for i in 0..<n { c[i &* s[0]] = f(a[i &* s[1]], b[i &* s[2]]) }
      }
    }
  }

  private static func plan(_ out: Tensor, _ inputs: Tensor...) -> StridedLoop {
    if out.isContiguous && inputs.allSatisfy({ $0.shape == out.shape && $0.isContiguous }) {
      // The common case, planned without arrays: one row.
      var offsets = SIMD4<Int>()
      offsets[0] = out.storageOffset
      for (i, input) in inputs.enumerated() { offsets[i + 1] = input.storageOffset }
      return StridedLoop(contiguousCount: out.count, offsets: offsets)
    }
    if inputs.count == 1, let input = inputs.first, out.isContiguous, input.isContiguous, out.rank == 2,
      input.shape == [out.shape[1]]
    {
      // A row repeated down a matrix, such as a bias.
      var offsets = SIMD4<Int>()
      offsets[0] = out.storageOffset
      offsets[1] = input.storageOffset
      var rowStrides = SIMD4<Int>()
      rowStrides[0] = out.shape[1]
      return StridedLoop(rows: out.shape[0], length: out.shape[1], rowStrides: rowStrides, offsets: offsets)
    }
    return StridedLoop(
      shape: out.shape, operands: [(out.strides, out.storageOffset)] + inputs.map { $0.operand(for: out.shape) })
  }

  // MARK: Copy and fill

  package static func copy(_ source: Tensor, into destination: Tensor) {
    let loop = plan(destination, source)
    func run<S: TensorScalar>(_: S.Type) {
      let ps = UnsafePointer(start(source, S.self))
      switch destination.dtype {
      case .float32: copyLoop(loop, start(destination, Float.self), ps)
      case .int64: copyLoop(loop, start(destination, Int64.self), ps)
      case .bool: copyLoop(loop, start(destination, Bool.self), ps)
      case .uint8: copyLoop(loop, start(destination, UInt8.self), ps)
      }
    }
    switch source.dtype {
    case .float32: run(Float.self)
    case .int64: run(Int64.self)
    case .bool: run(Bool.self)
    case .uint8: run(UInt8.self)
    }
  }

  @inline(__always)
  private static func copyLoop<S: TensorScalar, D: TensorScalar>(
    _ loop: StridedLoop, _ pd: UnsafeMutablePointer<D>, _ ps: UnsafePointer<S>
  ) {
    if S.self == D.self {
      let same = UnsafeMutableRawPointer(pd).assumingMemoryBound(to: S.self)
      loop.forEachRow { o, s, n in
        let (d, src) = (same + o[0], ps + o[1])
        if s[0] == 1 && s[1] == 1 {
          d.update(from: src, count: n)
        } else {
          for i in 0..<n { d[i &* s[0]] = src[i &* s[1]] }
        }
      }
    } else if S.self == UInt8.self && D.self == Float.self {
      let (f, u) = (
        UnsafeMutableRawPointer(pd).assumingMemoryBound(to: Float.self),
        UnsafeRawPointer(ps).assumingMemoryBound(to: UInt8.self)
      )
      map(loop, f, u) { Float($0) }
    } else if D.self == Bool.self {
      map(loop, pd, ps) { D(converting: $0 == S(converting: 0) ? 0 : 1) }
    } else {
      map(loop, pd, ps) { D(converting: $0.doubleValue) }
    }
  }

  package static func fill(_ destination: Tensor, with value: Double) {
    let loop = StridedLoop(shape: destination.shape, operands: [(destination.strides, destination.storageOffset)])
    func run<T: TensorScalar>(_ v: T) {
      let p = start(destination, T.self)
      loop.forEachRow { o, s, n in
        if s[0] == 1 {
          (p + o[0]).update(repeating: v, count: n)
        } else {
          for i in 0..<n { p[o[0] &+ i &* s[0]] = v }
        }
      }
    }
    switch destination.dtype {
    case .float32: run(Float(value))
    case .int64: run(Int64(converting: value))
    case .bool: run(value != 0)
    case .uint8: run(UInt8(converting: value))
    }
  }

  // MARK: Elementwise

  package static func unary(_ op: UnaryOp, _ x: Tensor, into out: Tensor) {
    let (c, a) = (start(out, Float.self), UnsafePointer(start(x, Float.self)))
    forEachSlice(plan(out, x)) { loop in unary(op, loop, c, a) }
  }

  @inline(__always)
  private static func unary(
    _ op: UnaryOp, _ loop: StridedLoop, _ c: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>
  ) {
    switch op {
    case .neg: map(loop, c, a) { -$0 }
    case .abs: map(loop, c, a) { Swift.abs($0) }
    case .exp: map(loop, c, a) { Float.exp($0) }
    case .log: map(loop, c, a) { Float.log($0) }
    case .log1p: map(loop, c, a) { Float.log(onePlus: $0) }
    case .sqrt: map(loop, c, a) { $0.squareRoot() }
    case .rsqrt: map(loop, c, a) { 1 / $0.squareRoot() }
    case .tanh: map(loop, c, a) { Float.tanh($0) }
    case .sigmoid: map(loop, c, a) { 1 / (1 + Float.exp(-$0)) }
    case .relu: map(loop, c, a) { $0 < 0 ? 0 : $0 }
    case .sign: map(loop, c, a) { $0 > 0 ? 1 : ($0 < 0 ? -1 : ($0.isNaN ? $0 : 0)) }
    case .reciprocal: map(loop, c, a) { 1 / $0 }
    case .square: map(loop, c, a) { $0 * $0 }
    case .expm1: map(loop, c, a) { Float.expMinusOne($0) }
    case .erf: map(loop, c, a) { Float.erf($0) }
    case .logSigmoid: map(loop, c, a) { Swift.min($0, 0) - Float.log(onePlus: Float.exp(-Swift.abs($0))) }
    // PyTorch's CPU GELU: x · ½ · (1 + erf(x · √½)).
    case .gelu: map(loop, c, a) { $0 * 0.5 * (1 + Float.erf($0 * 0.70710678118654752440)) }
    // ½ · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))).
    case .geluTanh:
      map(loop, c, a) { x in
        0.5 * x * (1 + Float.tanh(0.79788456080286535588 * (x + 0.044715 * x * x * x)))
      }
    case .silu: map(loop, c, a) { $0 / (1 + Float.exp(-$0)) }
    case .mish: map(loop, c, a) { x in x * Float.tanh(Float.log(onePlus: Float.exp(x))) }
    case .hardswish: map(loop, c, a) { x in x <= -3 ? 0 : (x >= 3 ? x : x * (x + 3) / 6) }
    case .leakyRelu(let slope): map(loop, c, a) { $0 > 0 ? $0 : $0 * slope }
    case .elu(let alpha): map(loop, c, a) { $0 > 0 ? $0 : alpha * Float.expMinusOne($0) }
    case .softplus(let beta, let threshold):
      map(loop, c, a) { x in x * beta > threshold ? x : Float.log(onePlus: Float.exp(x * beta)) / beta }
    }
  }

  package static func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, into out: Tensor) {
    let loop = plan(out, a, b)
    switch out.dtype {
    case .float32:
      let (c, x, y) = (start(out, Float.self), UnsafePointer(start(a, Float.self)), UnsafePointer(start(b, Float.self)))
      forEachSlice(loop) { loop in
        switch op {
        case .add: zip(loop, c, x, y) { $0 + $1 }
        case .sub: zip(loop, c, x, y) { $0 - $1 }
        case .mul: zip(loop, c, x, y) { $0 * $1 }
        case .div: zip(loop, c, x, y) { $0 / $1 }
        case .pow: zip(loop, c, x, y) { Self.power($0, $1) }
        case .maximum: zip(loop, c, x, y) { $0.isNaN || $1.isNaN ? Float.nan : Swift.max($0, $1) }
        case .minimum: zip(loop, c, x, y) { $0.isNaN || $1.isNaN ? Float.nan : Swift.min($0, $1) }
        case .thresholdBackward: zip(loop, c, x, y) { $1 <= 0 ? 0 : $0 }
        }
      }
    case .int64: integerBinary(op, loop, out, a, b, Int64.self)
    case .uint8: integerBinary(op, loop, out, a, b, UInt8.self)
    case .bool:
      let (c, x, y) = (start(out, Bool.self), UnsafePointer(start(a, Bool.self)), UnsafePointer(start(b, Bool.self)))
      switch op {
      case .add, .maximum: zip(loop, c, x, y) { $0 || $1 }
      case .mul, .minimum: zip(loop, c, x, y) { $0 && $1 }
      default: checkFailed("\(op) is not supported for bool tensors; convert them with to(.int64)")
      }
    }
  }

  private static func integerBinary<T: TensorScalar & FixedWidthInteger>(
    _ op: BinaryOp, _ loop: StridedLoop, _ out: Tensor, _ a: Tensor, _ b: Tensor, _: T.Type
  ) {
    let (c, x, y) = (start(out, T.self), UnsafePointer(start(a, T.self)), UnsafePointer(start(b, T.self)))
    switch op {
    case .add: zip(loop, c, x, y) { $0 &+ $1 }
    case .sub: zip(loop, c, x, y) { $0 &- $1 }
    case .mul: zip(loop, c, x, y) { $0 &* $1 }
    case .maximum: zip(loop, c, x, y) { Swift.max($0, $1) }
    case .minimum: zip(loop, c, x, y) { Swift.min($0, $1) }
    case .thresholdBackward: zip(loop, c, x, y) { $1 <= 0 ? 0 : $0 }
    case .div, .pow: checkFailed("\(op) of integer tensors is computed in float32; convert them with to(.float32)")
    }
  }

  /// C's `powf` for the exponents where PyTorch takes a shortcut computes the same value.
  @inline(__always)
  private static func power(_ x: Float, _ y: Float) -> Float {
    if y == 2 { return x * x }
    if y == 1 { return x }
    if y == 0.5 { return x.squareRoot() }
    return Float.pow(x, y)
  }

  package static func compare(_ op: CompareOp, _ a: Tensor, _ b: Tensor, into out: Tensor) {
    let loop = plan(out, a, b)
    let c = start(out, Bool.self)
    func run<T: TensorScalar & Comparable>(_: T.Type) {
      let (x, y) = (UnsafePointer(start(a, T.self)), UnsafePointer(start(b, T.self)))
      switch op {
      case .eq: zip(loop, c, x, y) { $0 == $1 }
      case .ne: zip(loop, c, x, y) { $0 != $1 }
      case .lt: zip(loop, c, x, y) { $0 < $1 }
      case .le: zip(loop, c, x, y) { $0 <= $1 }
      case .gt: zip(loop, c, x, y) { $0 > $1 }
      case .ge: zip(loop, c, x, y) { $0 >= $1 }
      }
    }
    switch a.dtype {
    case .float32: run(Float.self)
    case .int64: run(Int64.self)
    case .bool:
      // Ordered as 0 and 1, as PyTorch orders bools.
      compare(op, a.to(.uint8), b.to(.uint8), into: out)
    case .uint8: run(UInt8.self)
    }
  }

  package static func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor, into out: Tensor) {
    let loop = StridedLoop(
      shape: out.shape,
      operands: [(out.strides, out.storageOffset)] + [condition, a, b].map { $0.operand(for: out.shape) })
    func run<T: TensorScalar>(_: T.Type) {
      let (c, m, x, y) = (start(out, T.self), start(condition, Bool.self), start(a, T.self), start(b, T.self))
      loop.forEachRow { o, s, n in
        for i in 0..<n { c[o[0] &+ i &* s[0]] = m[o[1] &+ i &* s[1]] ? x[o[2] &+ i &* s[2]] : y[o[3] &+ i &* s[3]] }
      }
    }
    switch out.dtype {
    case .float32: run(Float.self)
    case .int64: run(Int64.self)
    case .bool: run(Bool.self)
    case .uint8: run(UInt8.self)
    }
  }

  package static func clamp(_ x: Tensor, low: Float?, high: Float?, into out: Tensor) {
    let loop = plan(out, x)
    let (c, a) = (start(out, Float.self), UnsafePointer(start(x, Float.self)))
    let (lo, hi) = (low ?? -.infinity, high ?? .infinity)
    // PyTorch: min(max(x, low), high) with NaN propagated.
    map(loop, c, a) { v in v.isNaN ? v : Swift.min(Swift.max(v, lo), hi) }
  }

  // MARK: Reductions

  package static func sum(_ x: Tensor, into out: Tensor) {
    let loop: StridedLoop
    if x.rank == 2, x.isContiguous, out.shape == [1, x.shape[1]], x.shape[1] > 1 {
      // Columns of a matrix (a bias gradient), planned without arrays of strides.
      var rowStrides = SIMD4<Int>()
      rowStrides[1] = x.shape[1]
      var offsets = SIMD4<Int>()
      offsets[0] = out.storageOffset
      offsets[1] = x.storageOffset
      loop = StridedLoop(rows: x.shape[0], length: x.shape[1], rowStrides: rowStrides, offsets: offsets)
    } else {
      loop = StridedLoop(
        shape: x.shape,
        operands: [(out.broadcastStrides(to: x.shape), out.storageOffset), (x.strides, x.storageOffset)])
    }
    let horizontal = loop.strides[loop.strides.count - 1][0] == 0
    switch x.dtype {
    case .float32:
      let (c, a) = (start(out, Float.self), start(x, Float.self))
      if horizontal {
        // Rows along the reduced innermost dimension are summed in Double (full sums too).
        var totals = [Double](repeating: 0, count: out.count)
        totals.withUnsafeMutableBufferPointer { acc in
          loop.forEachRow { o, s, n in
            var t = 0.0
            let row = a + o[1]
            if s[1] == 1 {
              for i in 0..<n { t += Double(row[i]) }
            } else {
              for i in 0..<n { t += Double(row[i &* s[1]]) }
            }
            acc[o[0] &- out.storageOffset] += t
          }
        }
        for i in 0..<out.count { c[i] += Float(totals[i]) }
      } else {
        // Reduced outer dimensions: each output accumulates its rows in order, in float, as
        // PyTorch's vertical reduction does.
        loop.forEachRow { o, s, n in
          let (d, row) = (c + o[0], a + o[1])
          if s[0] == 1 && s[1] == 1 {
            for i in 0..<n { d[i] += row[i] }
          } else {
            for i in 0..<n { d[i &* s[0]] += row[i &* s[1]] }
          }
        }
      }
    case .int64: integerSum(loop, start(out, Int64.self), start(x, Int64.self)) { $0 }
    case .bool: integerSum(loop, start(out, Int64.self), start(x, Bool.self)) { $0 ? 1 : 0 }
    case .uint8: integerSum(loop, start(out, Int64.self), start(x, UInt8.self)) { Int64($0) }
    }
  }

  @inline(__always)
  private static func integerSum<T>(
    _ loop: StridedLoop, _ c: UnsafeMutablePointer<Int64>, _ a: UnsafeMutablePointer<T>, _ value: (T) -> Int64
  ) {
    loop.forEachRow { o, s, n in
      for i in 0..<n { c[o[0] &+ i &* s[0]] &+= value(a[o[1] &+ i &* s[1]]) }
    }
  }

  package static func reduceLastDim(_ op: LastDimReduction, _ x: Tensor, into out: Tensor) {
    check(x.isContiguous, "reduceLastDim needs a contiguous input")
    let n = x.shape.last ?? 1
    let rows = n == 0 ? out.count : x.count / n
    let a = base(x, Float.self)
    switch op {
    case .max, .min, .logsumexp:
      let c = base(out, Float.self)
      for r in 0..<rows {
        let row = a + r * n
        switch op {
        case .max: c[r] = extremum(row, n, greater: true).value
        case .min: c[r] = extremum(row, n, greater: false).value
        default:
          let m = extremum(row, n, greater: true).value
          if !m.isFinite {
            // All −inf gives −inf; +inf or NaN propagate (PyTorch).
            var total: Float = 0
            for i in 0..<n { total += Float.exp(row[i]) }
            c[r] = m.isNaN ? m : (m == .infinity ? m : Float.log(total))
          } else {
            var total: Float = 0
            for i in 0..<n { total += Float.exp(row[i] - m) }
            c[r] = Float.log(total) + m
          }
        }
      }
    case .argmax, .argmin:
      let c = base(out, Int64.self)
      for r in 0..<rows { c[r] = Int64(extremum(a + r * n, n, greater: op == .argmax).index) }
    }
  }

  /// The first largest (or smallest) element and its index; a NaN wins, as in PyTorch.
  @inline(__always)
  private static func extremum(_ row: UnsafeMutablePointer<Float>, _ n: Int, greater: Bool) -> (
    value: Float, index: Int
  ) {
    var best = row[0]
    var index = 0
    if best.isNaN { return (best, 0) }
    for i in 1..<Swift.max(n, 1) {
      let v = row[i]
      if v.isNaN { return (v, i) }
      if greater ? v > best : v < best {
        best = v
        index = i
      }
    }
    return (best, index)
  }

  // MARK: Products

  package static func sgemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: Tensor, lda: Int, b: Tensor, ldb: Int,
    beta: Float, c: Tensor, ldc: Int
  ) {
    GEMM.sgemm(
      transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: base(a, Float.self), lda: lda,
      b: base(b, Float.self), ldb: ldb, beta: beta, c: base(c, Float.self), ldc: ldc)
  }
}
