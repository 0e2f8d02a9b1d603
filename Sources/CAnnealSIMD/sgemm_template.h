// Copyright © 2026 the Anneal authors.
//
// The packed, blocked SGEMM of every variant, written once with the compiler's generic vector
// types. A variant's source file defines, then includes this file:
//   SGEMM_NAME   the name of the variant's descriptor (anneal_sgemm_variant)
//   SGEMM_TARGET the function attribute enabling the instruction set (empty for a baseline one)
//   VLEN         floats per vector register
//   MR           rows of the micro-tile (A, one broadcast per row and k)
//   MR_STEP      the row granularity of the smaller tiles at the bottom edge (MR is 2 or 3 of them)
//   NV           vectors per micro-tile row (B), so the tile is MR × NV·VLEN
//   MC, NC       the rows of A and columns of B packed per block
//
// Loop order and packing follow GotoBLAS/BLIS: a kc × nc block of op(B) is packed into
// NR-wide row panels, an mc × kc block of op(A) into MR-tall column panels, and the
// micro-kernel keeps an MR × NR tile of sums in registers over the block's depth. The last
// panel of a block is packed only as tall (a multiple of MR_STEP) and as wide (a multiple of
// VLEN) as it needs and runs a micro-kernel of that size, so a batch of 64 rows does not compute
// 72 with MR = 12. Each element's sum is formed the same way whatever the tile.

#include "internal.h"

#include <string.h>

#pragma STDC FP_CONTRACT OFF

#define NR (NV * VLEN)
#define CONCAT2(a, b) a##b
#define CONCAT(a, b) CONCAT2(a, b)
#define LOCAL(name) CONCAT(SGEMM_NAME, _##name)
#define INLINE static inline __attribute__((always_inline)) SGEMM_TARGET

#if !__has_builtin(__builtin_elementwise_fma)
#error "Anneal's SIMD kernels need clang's __builtin_elementwise_fma (the Swift toolchain's clang has it)"
#endif

typedef float LOCAL(vec) __attribute__((vector_size(VLEN * sizeof(float))));
typedef float LOCAL(uvec) __attribute__((vector_size(VLEN * sizeof(float)), aligned(sizeof(float))));
#define vec LOCAL(vec)
#define uvec LOCAL(uvec)

static inline long LOCAL(min)(long a, long b) { return a < b ? a : b; }

INLINE vec LOCAL(splat)(float x) {
  vec zero = {0};
  return x - zero;  // exact, and keeps the sign of a zero
}

typedef float LOCAL(v4) __attribute__((vector_size(4 * sizeof(float)), aligned(sizeof(float))));

/// `out[p·width + r] = src[r·ld + p]` for `p < kc`, `r < rows`, zeros for `rows ≤ r < width`:
/// rows of a matrix stored as the columns of a panel, four rows at a time through 4×4
/// transposes in registers.
INLINE void LOCAL(pack_transposed)(const float *src, long ld, long rows, long kc, long width, float *out) {
  typedef LOCAL(v4) v4;
  long r = 0;
  for (; r + 4 <= rows; r += 4) {
    const float *r0 = src + r * ld, *r1 = r0 + ld, *r2 = r1 + ld, *r3 = r2 + ld;
    long p = 0;
    for (; p + 4 <= kc; p += 4) {
      v4 a0 = *(const v4 *)(r0 + p), a1 = *(const v4 *)(r1 + p);
      v4 a2 = *(const v4 *)(r2 + p), a3 = *(const v4 *)(r3 + p);
      v4 t0 = __builtin_shufflevector(a0, a1, 0, 4, 1, 5), t1 = __builtin_shufflevector(a0, a1, 2, 6, 3, 7);
      v4 t2 = __builtin_shufflevector(a2, a3, 0, 4, 1, 5), t3 = __builtin_shufflevector(a2, a3, 2, 6, 3, 7);
      *(v4 *)(out + (p + 0) * width + r) = __builtin_shufflevector(t0, t2, 0, 1, 4, 5);
      *(v4 *)(out + (p + 1) * width + r) = __builtin_shufflevector(t0, t2, 2, 3, 6, 7);
      *(v4 *)(out + (p + 2) * width + r) = __builtin_shufflevector(t1, t3, 0, 1, 4, 5);
      *(v4 *)(out + (p + 3) * width + r) = __builtin_shufflevector(t1, t3, 2, 3, 6, 7);
    }
    for (; p < kc; p++) {
      out[p * width + r] = r0[p];
      out[p * width + r + 1] = r1[p];
      out[p * width + r + 2] = r2[p];
      out[p * width + r + 3] = r3[p];
    }
  }
  for (; r < rows; r++) {
    for (long p = 0; p < kc; p++) out[p * width + r] = src[r * ld + p];
  }
  for (; r < width; r++) {
    for (long p = 0; p < kc; p++) out[p * width + r] = 0.0f;
  }
}

/// The height of the A panel that holds `rows` rows: MR, or for the last panel of a block the
/// next multiple of MR_STEP.
INLINE long LOCAL(panel_rows)(long rows) {
  return rows >= MR ? MR : LOCAL(min)(MR, (rows + MR_STEP - 1) / MR_STEP * MR_STEP);
}

/// The width of the B panel that holds `cols` columns, in vectors: NV, or for the last panel of
/// a block as many as the columns need.
INLINE long LOCAL(panel_vectors)(long cols) { return cols >= NR ? NV : (cols + VLEN - 1) / VLEN; }

/// Packs op(A)[i0 ..< i0+mc, p0 ..< p0+kc] as panels of MR rows (the last one of
/// `panel_rows` rows) stored column by column (`out[p·height + r]`), padded with zeros.
INLINE void LOCAL(pack_a)(const float *a, long lda, int trans, long i0, long mc, long p0, long kc, float *out) {
  for (long ir = 0; ir < mc; ir += MR) {
    long valid = LOCAL(min)(MR, mc - ir);
    long height = LOCAL(panel_rows)(valid);
    if (trans) {
      for (long p = 0; p < kc; p++) {
        const float *src = a + (p0 + p) * lda + i0 + ir;
        for (long r = 0; r < height; r++) out[p * height + r] = r < valid ? src[r] : 0.0f;
      }
    } else {
      LOCAL(pack_transposed)(a + (i0 + ir) * lda + p0, lda, valid, kc, height, out);
    }
    out += kc * height;
  }
}

/// Packs op(B)[p0 ..< p0+kc, j0 ..< j0+nc] as panels of NR columns (the last one of
/// `panel_vectors` vectors) stored row by row (`out[p·width + q]`), padded with zeros.
INLINE void LOCAL(pack_b)(const float *b, long ldb, int trans, long p0, long kc, long j0, long nc, float *out) {
  for (long jr = 0; jr < nc; jr += NR) {
    long valid = LOCAL(min)(NR, nc - jr);
    long width = LOCAL(panel_vectors)(valid) * VLEN;
    if (trans) {
      LOCAL(pack_transposed)(b + (j0 + jr) * ldb + p0, ldb, valid, kc, width, out);
    } else {
      for (long p = 0; p < kc; p++) {
        const float *src = b + (p0 + p) * ldb + j0 + jr;
        if (valid == NR) {
          // A full panel: NV vector moves, not a call to memcpy per row (its call and size
          // dispatch were 6 % of a --batch-size 1000 run's processor time).
#pragma clang loop unroll(full)
          for (int v = 0; v < NV; v++) *(vec *)(out + p * width + v * VLEN) = *(const uvec *)(src + v * VLEN);
        } else if (valid == width) {
          memcpy(out + p * width, src, (size_t)width * sizeof(float));
        } else {
          for (long q = 0; q < width; q++) out[p * width + q] = q < valid ? src[q] : 0.0f;
        }
      }
    }
    out += kc * width;
  }
}

/// `C[rows, cols] = fma(alpha, A panel · B panel, base)` over depth kc, where `base` is C, or
/// for the first block along k C·beta (`beta != 1`) or 0 (`beta == 0`, C not read), for an A
/// panel of `mr` rows and a B panel of `nv` vectors (constants where it is inlined); `b` is
/// VLEN·4-byte aligned. With `prefetch`, the tile's rows of C are requested from memory before
/// the sums are formed, so that their misses overlap the arithmetic.
INLINE void LOCAL(micro_kernel)(
    const int mr, const int nv, long kc, const float *restrict a, const float *restrict b, float alpha,
    float *restrict c, long ldc, long rows, long cols, int first, float beta, int prefetch) {
  vec acc[MR][NV];
#pragma clang loop unroll(full)
  for (int r = 0; r < mr; r++) {
#pragma clang loop unroll(full)
    for (int v = 0; v < nv; v++) acc[r][v] = (vec){0};
  }
  if (prefetch) {
    for (long r = 0; r < rows; r++) {
      __builtin_prefetch(c + r * ldc, 1);
      __builtin_prefetch(c + r * ldc + cols - 1, 1);
    }
  }
  for (long p = 0; p < kc; p++) {
    vec bv[NV];
#pragma clang loop unroll(full)
    for (int v = 0; v < nv; v++) bv[v] = *(const vec *)(b + v * VLEN);
#pragma clang loop unroll(full)
    for (int r = 0; r < mr; r++) {
      vec av = LOCAL(splat)(a[r]);
#pragma clang loop unroll(full)
      for (int v = 0; v < nv; v++) acc[r][v] = __builtin_elementwise_fma(av, bv[v], acc[r][v]);
    }
    a += mr;
    b += nv * VLEN;
  }
  int zero = first && beta == 0.0f, scaled = first && beta != 0.0f && beta != 1.0f;
  if (rows == mr && cols == nv * VLEN) {
    vec scale = LOCAL(splat)(alpha), factor = LOCAL(splat)(beta);
#pragma clang loop unroll(full)
    for (int r = 0; r < mr; r++) {
#pragma clang loop unroll(full)
      for (int v = 0; v < nv; v++) {
        uvec *out = (uvec *)(c + r * ldc + v * VLEN);
        vec base = zero ? (vec){0} : scaled ? *out * factor : *out;
        *out = __builtin_elementwise_fma(scale, acc[r][v], base);
      }
    }
  } else {
    float tile[MR][NR] __attribute__((aligned(64)));
#pragma clang loop unroll(full)
    for (int r = 0; r < mr; r++) {
#pragma clang loop unroll(full)
      for (int v = 0; v < nv; v++) *(uvec *)&tile[r][v * VLEN] = acc[r][v];
    }
    for (long r = 0; r < rows; r++) {
      for (long q = 0; q < cols; q++) {
        float *out = c + r * ldc + q;
        float base = zero ? 0.0f : scaled ? *out * beta : *out;
        *out = __builtin_fmaf(alpha, tile[r][q], base);
      }
    }
  }
}

/// The micro-kernel for a panel of `height` rows (MR_STEP, 2·MR_STEP or MR) and `vectors`
/// vectors (1 … NV), each size compiled on its own.
INLINE void LOCAL(tile)(
    long height, long vectors, long kc, const float *a, const float *b, float alpha, float *c, long ldc, long rows,
    long cols, int first, float beta, int prefetch) {
#define ANNEAL_TILE(R, V) LOCAL(micro_kernel)(R, V, kc, a, b, alpha, c, ldc, rows, cols, first, beta, prefetch)
#define ANNEAL_TILE_HEIGHTS(V)        \
  do {                                \
    if (height == MR) {               \
      ANNEAL_TILE(MR, V);             \
    } else if (height == MR_STEP) {   \
      ANNEAL_TILE(MR_STEP, V);        \
    } else {                          \
      ANNEAL_TILE(2 * MR_STEP, V);    \
    }                                 \
  } while (0)
  if (vectors == NV) {
    ANNEAL_TILE_HEIGHTS(NV);
  } else if (vectors == 1) {
    ANNEAL_TILE_HEIGHTS(1);
  } else {
    ANNEAL_TILE_HEIGHTS(2);  // NV is 3 (NEON)
  }
#undef ANNEAL_TILE_HEIGHTS
#undef ANNEAL_TILE
}

_Static_assert(MR % MR_STEP == 0 && MR <= 3 * MR_STEP && MR >= 2 * MR_STEP, "MR must be 2 or 3 times MR_STEP");
_Static_assert(NV >= 1 && NV <= 3, "the tile has 1 to 3 vectors per row");

static SGEMM_TARGET void LOCAL(sgemm)(
    int trans_a, int trans_b, long m, long n, long k, float alpha, const float *a, long lda, const float *b,
    long ldb, float beta, float *c, long ldc, float *workspace) {
  if (k == 0 || alpha == 0.0f) {
    if (beta == 0.0f) {
      for (long i = 0; i < m; i++) memset(c + i * ldc, 0, (size_t)n * sizeof(float));
    } else if (beta != 1.0f) {
      for (long i = 0; i < m; i++) {
        for (long j = 0; j < n; j++) c[i * ldc + j] *= beta;
      }
    }
    return;
  }
  // Otherwise beta is applied where the first block along k is added (the same bits as a
  // separate pass before it, without the extra pass over C).

  // A C of 4 MB or more is mostly out of cache: a weight gradient of --hidden 4096 (4096 × 784,
  // depth 100, 6.4 MB per thread) gained 2–5 % from prefetching its tiles; a C in cache lost up
  // to 5 % (the CNN's fc1 gradient, 128 × 9216 at depth 64, run alone).
  int prefetch = m * n >= (1L << 20);
  long depth = LOCAL(min)(ANNEAL_KC, k);
  long widest = (LOCAL(min)(NC, n) + NR - 1) / NR * NR;
  float *packed_b = workspace;
  float *packed_a = workspace + depth * widest;
  for (long jc = 0; jc < n; jc += NC) {
    long nc = LOCAL(min)(NC, n - jc);
    for (long pc = 0; pc < k; pc += ANNEAL_KC) {
      long kc = LOCAL(min)(ANNEAL_KC, k - pc);
      LOCAL(pack_b)(b, ldb, trans_b, pc, kc, jc, nc, packed_b);
      for (long ic = 0; ic < m; ic += MC) {
        long mc = LOCAL(min)(MC, m - ic);
        LOCAL(pack_a)(a, lda, trans_a, ic, mc, pc, kc, packed_a);
        for (long jr = 0; jr < nc; jr += NR) {
          long cols = LOCAL(min)(NR, nc - jr);
          long vectors = LOCAL(panel_vectors)(cols);
          for (long ir = 0; ir < mc; ir += MR) {
            long rows = LOCAL(min)(MR, mc - ir);
            // Panels before the last are full, so a panel starts at ir·kc (jr·kc).
            LOCAL(tile)(
                LOCAL(panel_rows)(rows), vectors, kc, packed_a + ir * kc, packed_b + jr * kc, alpha,
                c + (ic + ir) * ldc + jc + jr, ldc, rows, cols, pc == 0, beta, prefetch);
          }
        }
      }
    }
  }
}

const anneal_sgemm_variant SGEMM_NAME = {LOCAL(sgemm), MR, NR, MC, NC};

#undef vec
#undef uvec
