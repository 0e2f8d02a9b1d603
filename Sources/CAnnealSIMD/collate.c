// Copyright © 2026 the Anneal authors.
//
// Batch collation of byte images: rows of bytes gathered, converted to float and divided.

#include "AnnealSIMD.h"

#include <stdint.h>

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
/// Whether the quotient of every byte by `divisor` is also `fma(r, 1/d, q)` with `q = byte · (1/d)`
/// and `r = fma(−q, d, byte)`: one Newton correction of the reciprocal's product, three
/// pipelined instructions instead of a division (a third of the time per image here). It is
/// correctly rounded for most divisors, 255 included, but not for all, so each divisor is
/// checked against division for all 256 bytes, bit for bit, under the caller's rounding and
/// denormal modes (MXCSR), and divided when it fails. The last verdict is kept, keyed by the
/// divisor and those modes.
static int reciprocal_is_exact(float divisor) {
  static uint64_t last = 0;  // 1 << 63 | modes << 33 | divisor << 1 | verdict; 0: none yet
  uint32_t bits;
  __builtin_memcpy(&bits, &divisor, sizeof bits);
  uint64_t modes = __builtin_ia32_stmxcsr() & 0xFFC0u;  // control bits, not the status flags
  uint64_t key = 1ull << 63 | modes << 33 | (uint64_t)bits << 1;
  uint64_t seen = __atomic_load_n(&last, __ATOMIC_RELAXED);
  if ((seen & ~1ull) == key) return (int)(seen & 1);
  float reciprocal = 1.0f / divisor;
  int exact = 1;
  for (int byte = 0; byte < 256 && exact; byte++) {
    float x = (float)byte, quotient = x / divisor;
    float q = x * reciprocal;
    float corrected = __builtin_fmaf(__builtin_fmaf(-q, divisor, x), reciprocal, q);
    exact = __builtin_memcmp(&quotient, &corrected, sizeof quotient) == 0;
  }
  __atomic_store_n(&last, key | (uint64_t)exact, __ATOMIC_RELAXED);
  return exact;
}
#endif

/// How many rows ahead a collation asks for its source rows: they are drawn at random from a
/// dataset larger than the caches, so without prefetching most of the time goes to waiting for
/// the first line of each row.
#define ANNEAL_COLLATE_AHEAD 4

/// Defines a collation for vectors of LANES floats under the function attribute TARGET: each
/// vector of bytes is widened in one register and divided, by IEEE division or, when
/// reciprocal_is_exact says it gives the same bits, by the corrected reciprocal (either way
/// every element has the bits of dividing that byte alone).
#define ANNEAL_COLLATE(NAME, TARGET, LANES)                                                              \
  typedef uint8_t NAME##_bytes __attribute__((vector_size(LANES), aligned(1)));                         \
  typedef float NAME##_floats __attribute__((vector_size(LANES * sizeof(float)), aligned(sizeof(float)))); \
  static TARGET void NAME(                                                                               \
      const uint8_t *source, const long *rows, long count, long length, float divisor, float *target) {  \
    NAME##_floats zero = {0};                                                                            \
    NAME##_floats divisors = divisor - zero; /* exact, and keeps the sign of a zero divisor */           \
    NAME##_floats reciprocals = 1.0f / divisor - zero;                                                   \
    int multiply = reciprocal_is_exact(divisor);                                                         \
    for (long row = 0; row < count; row++) {                                                             \
      const uint8_t *from = source + rows[row] * length;                                                 \
      if (row + ANNEAL_COLLATE_AHEAD < count) {                                                          \
        const uint8_t *ahead = source + rows[row + ANNEAL_COLLATE_AHEAD] * length;                       \
        for (long line = 0; line < length; line += 64) __builtin_prefetch(ahead + line);                 \
        __builtin_prefetch(ahead + length - 1);                                                          \
      }                                                                                                  \
      float *to = target + row * length;                                                                 \
      long j = 0;                                                                                        \
      if (multiply) {                                                                                    \
        for (; j + LANES <= length; j += LANES) {                                                        \
          NAME##_floats x = __builtin_convertvector(*(const NAME##_bytes *)(from + j), NAME##_floats);   \
          NAME##_floats q = x * reciprocals;                                                             \
          NAME##_floats residual = __builtin_elementwise_fma(-q, divisors, x);                           \
          *(NAME##_floats *)(to + j) = __builtin_elementwise_fma(residual, reciprocals, q);              \
        }                                                                                                \
      } else {                                                                                           \
        for (; j + LANES <= length; j += LANES) {                                                        \
          NAME##_bytes bytes = *(const NAME##_bytes *)(from + j);                                        \
          *(NAME##_floats *)(to + j) = __builtin_convertvector(bytes, NAME##_floats) / divisors;         \
        }                                                                                                \
      }                                                                                                  \
      for (; j < length; j++) to[j] = (float)from[j] / divisor;                                          \
    }                                                                                                    \
  }

#if defined(__x86_64__)
ANNEAL_COLLATE(collate_avx2, __attribute__((target("avx2,fma"))), 8)
ANNEAL_COLLATE(collate_avx512, __attribute__((target("avx512f,avx2,fma"))), 16)
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
