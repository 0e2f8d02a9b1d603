// Copyright © 2026 the Anneal authors.

#ifndef ANNEAL_SIMD_INTERNAL_H
#define ANNEAL_SIMD_INTERNAL_H

#include <stddef.h>

/// The depth of one block along k. It fixes where partial sums are added into C, so it is the
/// same for every variant (and for the portable Swift kernel): that keeps their results equal.
#define ANNEAL_KC 256

/// A 64-byte-aligned scratch buffer of at least `floats` floats owned by the calling thread,
/// kept (and grown when needed) across calls so that steady-state products allocate nothing;
/// freed when the thread exits. NULL when memory is exhausted.
float *anneal_simd_workspace(size_t floats);

typedef void (*anneal_sgemm_kernel)(
    int trans_a, int trans_b, long m, long n, long k, float alpha, const float *a, long lda, const float *b,
    long ldb, float beta, float *c, long ldc, float *workspace);

/// One variant's entry point and the tile (mr × nr) and block (mc rows of A, nc columns of B)
/// sizes its workspace depends on.
typedef struct {
  anneal_sgemm_kernel kernel;
  long mr, nr, mc, nc;
} anneal_sgemm_variant;

#if defined(__x86_64__)
extern const anneal_sgemm_variant anneal_sgemm_avx2;
extern const anneal_sgemm_variant anneal_sgemm_avx512;
#endif
#if defined(__aarch64__)
extern const anneal_sgemm_variant anneal_sgemm_neon;
#endif

#endif
