// Copyright © 2026 the Anneal authors.
//
// Batch collation of byte images: rows of bytes gathered, converted to float and divided.

#include "AnnealSIMD.h"

#include <stdint.h>

#pragma STDC FP_CONTRACT OFF

/// Defines a collation for vectors of LANES floats under the function attribute TARGET: each
/// vector of bytes is widened and divided in one register (IEEE division, correctly rounded per
/// lane, so every element has the bits of dividing that byte alone).
#define ANNEAL_COLLATE(NAME, TARGET, LANES)                                                              \
  typedef uint8_t NAME##_bytes __attribute__((vector_size(LANES), aligned(1)));                         \
  typedef float NAME##_floats __attribute__((vector_size(LANES * sizeof(float)), aligned(sizeof(float)))); \
  static TARGET void NAME(                                                                               \
      const uint8_t *source, const long *rows, long count, long length, float divisor, float *target) {  \
    NAME##_floats zero = {0};                                                                            \
    NAME##_floats divisors = divisor - zero; /* exact, and keeps the sign of a zero divisor */           \
    for (long row = 0; row < count; row++) {                                                             \
      const uint8_t *from = source + rows[row] * length;                                                 \
      float *to = target + row * length;                                                                 \
      long j = 0;                                                                                        \
      for (; j + LANES <= length; j += LANES) {                                                          \
        NAME##_bytes bytes = *(const NAME##_bytes *)(from + j);                                          \
        *(NAME##_floats *)(to + j) = __builtin_convertvector(bytes, NAME##_floats) / divisors;           \
      }                                                                                                  \
      for (; j < length; j++) to[j] = (float)from[j] / divisor;                                          \
    }                                                                                                    \
  }

#if defined(__x86_64__)
ANNEAL_COLLATE(collate_avx2, __attribute__((target("avx2"))), 8)
ANNEAL_COLLATE(collate_avx512, __attribute__((target("avx512f,avx2"))), 16)
#endif

int anneal_collate_bytes(
    unsigned variant, const unsigned char *source, const long *rows, long count, long length, float divisor,
    float *target) {
  if ((anneal_simd_available() & variant) == 0) return -1;
  switch (variant) {
#if defined(__x86_64__)
    case ANNEAL_SIMD_AVX512: collate_avx512(source, rows, count, length, divisor, target); return 0;
    case ANNEAL_SIMD_AVX2: collate_avx2(source, rows, count, length, divisor, target); return 0;
#endif
    default: return -1;
  }
}
