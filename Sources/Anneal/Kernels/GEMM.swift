// Copyright © 2026 the Anneal authors.

/// Single-precision general matrix multiply on row-major storage:
/// `C = alpha · op(A) · op(B) + beta · C`, where `op` optionally transposes.
///
/// Calls the run-time CBLAS (``BLAS``) when one was found and otherwise a packed, blocked
/// pure-Swift kernel with a 6×8 SIMD micro-kernel.
package enum GEMM {
  /// Which implementation runs a product.
  package enum Backend: Sendable {
    case blas(BLAS)
    case swift

    /// The CBLAS found at run time, or the Swift kernel.
    package static var current: Backend { BLAS.shared.map(Backend.blas) ?? .swift }
  }

  package static func sgemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, backend: Backend = .current
  ) {
    guard m > 0 && n > 0 else { return }
    switch backend {
    case .blas(let blas):
      let rowMajor: Int32 = 101
      let noTrans: Int32 = 111
      let trans: Int32 = 112
      blas.sgemm(
        rowMajor, transA ? trans : noTrans, transB ? trans : noTrans, Int32(m), Int32(n),
        Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    case .swift:
      swiftSGEMM(
        transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b,
        ldb: ldb, beta: beta, c: c, ldc: ldc)
    }
  }

  private static let mr = 6
  private static let nr = 8
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

    let packedB = UnsafeMutablePointer<Float>.allocate(capacity: kc * (nc + nr))
    let packedA = UnsafeMutablePointer<Float>.allocate(capacity: kc * (mc + mr))
    defer {
      packedB.deallocate()
      packedA.deallocate()
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
                kc: kcBlock, a: packedA + ir * kcBlock, b: packedB + jr * kcBlock,
                c: c + (ic + ir) * ldc + jc + jr, ldc: ldc, rows: min(mr, mcBlock - ir),
                cols: min(nr, ncBlock - jr), alpha: alpha)
            }
          }
        }
      }
    }
  }

  /// Packs `op(A)[rows ..< rows+mc, cols ..< cols+kc]` as consecutive `mr`-row panels, each
  /// stored column by column and padded with zeros.
  private static func packA(
    _ a: UnsafePointer<Float>, lda: Int, trans: Bool, rows: Int, mc: Int, cols: Int, kc: Int,
    into packed: UnsafeMutablePointer<Float>
  ) {
    var out = packed
    for panel in stride(from: 0, to: mc, by: mr) {
      let valid = min(mr, mc - panel)
      for p in 0..<kc {
        for r in 0..<mr {
          if r < valid {
            let i = rows + panel + r
            let j = cols + p
            out[r] = trans ? a[j * lda + i] : a[i * lda + j]
          } else {
            out[r] = 0
          }
        }
        out += mr
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
    var c0 = SIMD8<Float>()
    var c1 = SIMD8<Float>()
    var c2 = SIMD8<Float>()
    var c3 = SIMD8<Float>()
    var c4 = SIMD8<Float>()
    var c5 = SIMD8<Float>()
    var pa = a
    var pb = UnsafeRawPointer(b)
    for _ in 0..<kc {
      let bv = pb.loadUnaligned(as: SIMD8<Float>.self)
      c0 += SIMD8(repeating: pa[0]) * bv
      c1 += SIMD8(repeating: pa[1]) * bv
      c2 += SIMD8(repeating: pa[2]) * bv
      c3 += SIMD8(repeating: pa[3]) * bv
      c4 += SIMD8(repeating: pa[4]) * bv
      c5 += SIMD8(repeating: pa[5]) * bv
      pa += 6
      pb += 8 * MemoryLayout<Float>.stride
    }
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
