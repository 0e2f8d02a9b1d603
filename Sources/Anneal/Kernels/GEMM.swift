// Copyright © 2026 the Anneal authors.

#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Single-precision general matrix multiply on row-major storage:
/// `C = alpha · op(A) · op(B) + beta · C`, where `op` optionally transposes.
///
/// Calls the run-time CBLAS (``BLAS``) when one was found, otherwise Anneal's C kernel for the
/// widest vector instruction set the processor runs (``SIMDKernel``), and otherwise a packed,
/// blocked portable Swift kernel with a 6×8 SIMD micro-kernel.
///
/// The portable kernel compiles for the baseline of the target (SSE2 on x86-64, which has no
/// broadcast load): `packA` therefore stores every element of A four times, so that the
/// micro-kernel reads ready-made broadcast vectors instead of shuffling, which leaves the
/// shuffle port to the additions (measured 1.15× at the seed's 100×100×784 on one thread).
package enum GEMM {
  /// Which implementation runs a product.
  package enum Backend: Sendable {
    case blas(BLAS)
    /// Anneal's C kernel for one vector instruction set.
    case simd(SIMDKernel)
    /// The portable Swift kernel.
    case swift

    /// Whether computing part of a product (a block of C's rows or columns) gives that block's
    /// bits of the whole product: true of Anneal's own kernels, which form each element the
    /// same way whatever the tile; not promised by a CBLAS, whose kernels for a block's edge or
    /// a small product may sum in another order.
    package var partsKeepBits: Bool {
      if case .blas = self { return false }
      return true
    }

    /// The CBLAS found at run time, else the selected SIMD kernel, else the portable kernel.
    package static var current: Backend {
      if let blas = BLAS.shared { return .blas(blas) }
      return SIMDKernel.selection.kernel.map(Backend.simd) ?? .swift
    }
  }

  package static func sgemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, backend: Backend = .current,
    splitPolicy: SplitPolicy = .current
  ) {
    guard m > 0 && n > 0 else { return }
    switch backend {
    case .blas(let blas):
      guard blas.singleThreaded else {
        blasSGEMM(blas, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
        return
      }
      split(
        transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
        splitting: .threshold(SplitTuner.largeWork)
      ) {
        transA, transB, m, n, k, a, lda, b, ldb, c, ldc in
        blasSGEMM(blas, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
      }
    case .simd(let kernel):
      split(
        transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
        splitting: .policy(splitPolicy)
      ) {
        transA, transB, m, n, k, a, lda, b, ldb, c, ldc in
        let done = kernel.sgemm(
          transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta,
          c: c, ldc: ldc)
        if !done {
          swiftSGEMM(
            transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
            beta: beta, c: c, ldc: ldc)
        }
      }
    case .swift:
      split(
        transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
        splitting: .policy(splitPolicy)
      ) {
        transA, transB, m, n, k, a, lda, b, ldb, c, ldc in
        swiftSGEMM(
          transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta,
          c: c, ldc: ldc)
      }
    }
  }

  private static func blasSGEMM(
    _ blas: BLAS, _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
    _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int
  ) {
    let rowMajor: Int32 = 101
    let noTrans: Int32 = 111
    let trans: Int32 = 112
    blas.sgemm(
      rowMajor, transA ? trans : noTrans, transB ? trans : noTrans, Int32(m), Int32(n), Int32(k), alpha, a,
      Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }

  /// The number of threads large products are split over: `ANNEAL_NUM_THREADS` if set to a
  /// positive number, otherwise one per processor (at most 8).
  package static let threads: Int = {
    if let text = EnvironmentVariable.value("ANNEAL_NUM_THREADS"), let value = Int(text), value > 0 {
      return min(value, 64)
    }
    return max(1, min(ProcessorCount.active, 8))
  }()

  typealias Kernel = (
    Bool, Bool, Int, Int, Int, UnsafePointer<Float>, Int, UnsafePointer<Float>, Int, UnsafeMutablePointer<Float>, Int
  ) -> Void

  /// How `split` decides.
  private enum Splitting {
    /// Split products of at least this many multiply-adds (a CBLAS: see ``SplitPolicy``).
    case threshold(Int)
    /// Anneal's own kernels, whose results do not depend on the split.
    case policy(SplitPolicy)
  }

  /// Splits a product into column (or row) slabs of C computed concurrently by `kernel` when
  /// `splitting` says so; each slab is an independent product over the full depth.
  private static func split(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, splitting: Splitting,
    kernel: Kernel
  ) {
    let work = m * n * max(k, 1)
    func run(_ split: Bool) {
      guard split, threads > 1 else {
        kernel(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
        return
      }
      // Fixed slab boundaries (multiples of the micro-tile) keep results independent of timing.
      let operands = Operands(a: a, b: b, c: c)
      withoutActuallyEscaping(kernel) { kernel in
        splitConcurrently(
          transA: transA, transB: transB, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc, slabs: threads,
          operands: operands, shared: UncheckedKernel(kernel: kernel))
      }
    }
    switch splitting {
    case .threshold(let minimum): run(work >= minimum)
    case .policy(.never): run(false)
    case .policy(.always): run(true)
    case .policy(.measured):
      guard threads > 1, work >= minimumMeasuredSplitWork else { return run(false) }
      let shape = SplitTuner.Shape(transA: transA, transB: transB, m: m, n: n, k: k)
      switch splitTuner.plan(shape) {
      case .decided(let split): run(split)
      case .measure(let split):
        let start = SplitTuner.now()
        run(split)
        splitTuner.record(shape, split: split, nanoseconds: SplitTuner.now() - start)
      }
    }
  }

  private static func splitConcurrently(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int, slabs: Int,
    operands: Operands, shared: UncheckedKernel
  ) {
    if n >= m {
      // Slabs start on 64-byte boundaries of a row, so that no cache line of C is shared.
      let width = ((n + slabs - 1) / slabs + 15) / 16 * 16
      WorkerPool.shared.run(parts: slabs) { slab in
        let start = slab * width
        guard start < n else { return }
        let (a, b, c) = (operands.a, operands.b, operands.c)
        shared.kernel(
          transA, transB, m, min(width, n - start), k, a, lda, transB ? b + start * ldb : b + start, ldb, c + start,
          ldc)
      }
    } else {
      let height = ((m + slabs - 1) / slabs + mr - 1) / mr * mr
      WorkerPool.shared.run(parts: slabs) { slab in
        let start = slab * height
        guard start < m else { return }
        let (a, b, c) = (operands.a, operands.b, operands.c)
        shared.kernel(
          transA, transB, min(height, m - start), n, k, transA ? a + start : a + start * lda, lda, b, ldb,
          c + start * ldc, ldc)
      }
    }
  }

  /// The kernel shared by the slabs of one product.
  // @unchecked Sendable: the kernel captures only immutable values and runs on disjoint slabs.
  private struct UncheckedKernel: @unchecked Sendable {
    let kernel: Kernel
  }

  /// The operand pointers shared by the slabs of one product.
  // @unchecked Sendable: the slabs only read `a` and `b` and write disjoint parts of `c`, and
  // the pool returns only after every slab has finished.
  private struct Operands: @unchecked Sendable {
    let a: UnsafePointer<Float>
    let b: UnsafePointer<Float>
    let c: UnsafeMutablePointer<Float>
  }

  package static let mr = 6
  package static let nr = 8
  private static let kc = 256
  private static let mc = 120
  private static let nc = 2048

  private static func swiftSGEMM(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    for i in 0..<m {
      let row = c + i * ldc
      if beta == 0 {
        row.update(repeating: 0, count: n)
      } else if beta != 1 {
        for j in 0..<n { row[j] *= beta }
      }
    }
    guard k > 0 && alpha != 0 else { return }

    let depth = min(kc, k)
    let packedB = UnsafeMutablePointer<Float>.allocate(capacity: depth * (min(nc, n) + nr))
    let packedA = UnsafeMutableRawPointer.allocate(
      byteCount: depth * (min(mc, m) + mr) * broadcastWidth * MemoryLayout<Float>.stride, alignment: 64
    ).bindMemory(to: Float.self, capacity: depth * (min(mc, m) + mr) * broadcastWidth)
    defer {
      packedB.deallocate()
      UnsafeMutableRawPointer(packedA).deallocate()
    }
    for jc in stride(from: 0, to: n, by: nc) {
      let ncBlock = min(nc, n - jc)
      for pc in stride(from: 0, to: k, by: kc) {
        let kcBlock = min(kc, k - pc)
        packB(b, ldb: ldb, trans: transB, rows: pc, kc: kcBlock, cols: jc, nc: ncBlock, into: packedB)
        for ic in stride(from: 0, to: m, by: mc) {
          let mcBlock = min(mc, m - ic)
          packA(a, lda: lda, trans: transA, rows: ic, mc: mcBlock, cols: pc, kc: kcBlock, into: packedA)
          for jr in stride(from: 0, to: ncBlock, by: nr) {
            for ir in stride(from: 0, to: mcBlock, by: mr) {
              microKernel(
                kc: kcBlock, a: packedA + ir * kcBlock * broadcastWidth, b: packedB + jr * kcBlock,
                c: c + (ic + ir) * ldc + jc + jr, ldc: ldc, rows: min(mr, mcBlock - ir),
                cols: min(nr, ncBlock - jr), alpha: alpha)
            }
          }
        }
      }
    }
  }

  /// How many times `packA` stores each element of A (one SIMD4 vector).
  private static let broadcastWidth = 4

  /// Packs `op(A)[rows ..< rows+mc, cols ..< cols+kc]` as consecutive `mr`-row panels, each
  /// stored column by column, every element repeated `broadcastWidth` times, and padded with
  /// zeros. `packed` must be 16-byte aligned.
  private static func packA(
    _ a: UnsafePointer<Float>, lda: Int, trans: Bool, rows: Int, mc: Int, cols: Int, kc: Int,
    into packed: UnsafeMutablePointer<Float>
  ) {
    var out = UnsafeMutableRawPointer(packed)
    let vector = MemoryLayout<SIMD4<Float>>.stride
    for panel in stride(from: 0, to: mc, by: mr) {
      let valid = min(mr, mc - panel)
      for p in 0..<kc {
        for r in 0..<mr {
          var value: Float = 0
          if r < valid {
            let i = rows + panel + r
            let j = cols + p
            value = trans ? a[j * lda + i] : a[i * lda + j]
          }
          out.storeBytes(of: SIMD4(repeating: value), toByteOffset: r * vector, as: SIMD4<Float>.self)
        }
        out += mr * vector
      }
    }
  }

  /// Packs `op(B)[rows ..< rows+kc, cols ..< cols+nc]` as consecutive `nr`-column panels,
  /// each stored row by row and padded with zeros.
  private static func packB(
    _ b: UnsafePointer<Float>, ldb: Int, trans: Bool, rows: Int, kc: Int, cols: Int, nc: Int,
    into packed: UnsafeMutablePointer<Float>
  ) {
    var out = packed
    for panel in stride(from: 0, to: nc, by: nr) {
      let valid = min(nr, nc - panel)
      for p in 0..<kc {
        let i = rows + p
        if !trans && valid == nr {
          out.update(from: b + i * ldb + cols + panel, count: nr)
        } else {
          for q in 0..<nr {
            if q < valid {
              let j = cols + panel + q
              out[q] = trans ? b[j * ldb + i] : b[i * ldb + j]
            } else {
              out[q] = 0
            }
          }
        }
        out += nr
      }
    }
  }

  @inline(__always)
  private static func microKernel(
    kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
    ldc: Int, rows: Int, cols: Int, alpha: Float
  ) {
    // Twelve 4-lane accumulators: rows 0–5, columns 0–3 (`l`) and 4–7 (`h`).
    var l0 = SIMD4<Float>(), h0 = SIMD4<Float>(), l1 = SIMD4<Float>(), h1 = SIMD4<Float>()
    var l2 = SIMD4<Float>(), h2 = SIMD4<Float>(), l3 = SIMD4<Float>(), h3 = SIMD4<Float>()
    var l4 = SIMD4<Float>(), h4 = SIMD4<Float>(), l5 = SIMD4<Float>(), h5 = SIMD4<Float>()
    var pa = UnsafeRawPointer(a)
    var pb = UnsafeRawPointer(b)
    let vector = MemoryLayout<SIMD4<Float>>.stride
    for _ in 0..<kc {
      let b0 = pb.loadUnaligned(as: SIMD4<Float>.self)
      let b1 = pb.loadUnaligned(fromByteOffset: vector, as: SIMD4<Float>.self)
      var av = pa.load(as: SIMD4<Float>.self)
      l0 += av * b0
      h0 += av * b1
      av = pa.load(fromByteOffset: vector, as: SIMD4<Float>.self)
      l1 += av * b0
      h1 += av * b1
      av = pa.load(fromByteOffset: 2 * vector, as: SIMD4<Float>.self)
      l2 += av * b0
      h2 += av * b1
      av = pa.load(fromByteOffset: 3 * vector, as: SIMD4<Float>.self)
      l3 += av * b0
      h3 += av * b1
      av = pa.load(fromByteOffset: 4 * vector, as: SIMD4<Float>.self)
      l4 += av * b0
      h4 += av * b1
      av = pa.load(fromByteOffset: 5 * vector, as: SIMD4<Float>.self)
      l5 += av * b0
      h5 += av * b1
      pa += 6 * vector
      pb += 2 * vector
    }
    let c0 = SIMD8(lowHalf: l0, highHalf: h0), c1 = SIMD8(lowHalf: l1, highHalf: h1)
    let c2 = SIMD8(lowHalf: l2, highHalf: h2), c3 = SIMD8(lowHalf: l3, highHalf: h3)
    let c4 = SIMD8(lowHalf: l4, highHalf: h4), c5 = SIMD8(lowHalf: l5, highHalf: h5)
    let tile = (c0, c1, c2, c3, c4, c5)
    withUnsafeBytes(of: tile) { raw in
      let acc = raw.bindMemory(to: Float.self)
      for r in 0..<rows {
        let row = c + r * ldc
        if cols == 8 {
          let existing = UnsafeRawPointer(row).loadUnaligned(as: SIMD8<Float>.self)
          let sum = raw.loadUnaligned(fromByteOffset: r * 32, as: SIMD8<Float>.self)
          UnsafeMutableRawPointer(row).storeBytes(of: existing + alpha * sum, as: SIMD8<Float>.self)
        } else {
          for q in 0..<cols { row[q] += alpha * acc[r * 8 + q] }
        }
      }
    }
  }
}
