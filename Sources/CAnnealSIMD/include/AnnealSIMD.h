// Copyright © 2026 the Anneal authors.

#ifndef ANNEAL_SIMD_H
#define ANNEAL_SIMD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The vector instruction sets Anneal's C kernels are compiled for, as bits of a mask.
enum {
  /// x86-64 AVX2 with FMA3: a 6×16 micro-tile in 256-bit registers.
  ANNEAL_SIMD_AVX2 = 1,
  /// x86-64 AVX-512 F: a 12×32 micro-tile in 512-bit registers.
  ANNEAL_SIMD_AVX512 = 2,
  /// arm64 Advanced SIMD: an 8×12 micro-tile in 128-bit registers.
  ANNEAL_SIMD_NEON = 4,
};

/// The variants this build contains and this processor and operating system can run: the
/// CPUID feature bits and the register state the OS saves (XGETBV) on x86-64, always NEON on
/// arm64. Computed once.
unsigned anneal_simd_available(void);

/// `C = alpha · op(A) · op(B) + beta · C` on row-major float32 matrices with the kernel
/// `variant` (one ANNEAL_SIMD_* value).
///
/// C is first scaled by beta (set to zero when beta is 0, whatever it held); then every
/// element adds, per block of 256 along k, `alpha · Σ a·b` with the sum formed by fused
/// multiply-adds in order of k and added with one more fused multiply-add. Every variant
/// therefore gives the same bits for the same operands, whatever the tile sizes.
///
/// The packing buffers are the calling thread's, kept across calls.
///
/// Returns 0; -1 without touching anything when `variant` is not available; -2 without
/// touching anything when the packing buffers cannot be allocated.
int anneal_sgemm(
    unsigned variant, int trans_a, int trans_b, long m, long n, long k, float alpha, const float *a, long lda,
    const float *b, long ldb, float beta, float *c, long ldc);

/// `target[r·length + j] = (float)source[rows[r]·length + j] / divisor` for `r < count`,
/// `j < length`, in the vector registers of `variant` (IEEE division per lane: the bits of
/// dividing each byte alone). The caller checks the row indices.
///
/// Returns 0; -1 without touching anything when `variant` is not available or has no such
/// kernel (NEON: the portable Swift code is already vectorised there).
int anneal_collate_bytes(
    unsigned variant, const unsigned char *source, const long *rows, long count, long length, float divisor,
    float *target);

#ifdef __cplusplus
}
#endif

#endif
