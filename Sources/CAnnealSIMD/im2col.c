// Copyright © 2026 the Anneal authors.
//
// im2col and col2im of a convolution: rows of the image copied into (or added back from) the
// column matrix, a whole vector register at a time.

#include "AnnealSIMD.h"

#if defined(__x86_64__)
#include <immintrin.h>

#pragma STDC FP_CONTRACT OFF

/// The output columns `ox` whose input column `ox·stride + offset` lies in `0 ..< width`.
static inline void anneal_valid_columns(long offset, long stride, long width, long output_width, long *lo, long *hi) {
  long first = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
  long last = width - offset <= 0 ? 0 : (width - offset + stride - 1) / stride;
  if (first > output_width) first = output_width;
  if (last > output_width) last = output_width;
  *lo = first;
  *hi = last > first ? last : first;
}

/// Defines NAME_im2col and NAME_col2im for one instruction set: COPY(from, to, n) copies n
/// floats, ZERO(to, n) clears them and ADD(from, to, n) adds `from` into `to`, element by
/// element (so every sum is the portable code's, in its order).
#define ANNEAL_IM2COL(NAME, TARGET, COPY, ZERO, ADD)                                                  \
  static TARGET void NAME##_im2col(const float *x, const anneal_convolution_geometry *g, float *c) { \
    long columns = g->output_height * g->output_width, ow = g->output_width, s = g->stride_w;      \
    for (long ch = 0; ch < g->channels; ch++) {                                                     \
      for (long i = 0; i < g->kernel_h; i++) {                                                      \
        for (long j = 0; j < g->kernel_w; j++) {                                                    \
          float *row = c + ((ch * g->kernel_h + i) * g->kernel_w + j) * columns;                    \
          long offset = j * g->dilation_w - g->padding_w, lo, hi;                                   \
          anneal_valid_columns(offset, s, g->width, ow, &lo, &hi);                                  \
          for (long oy = 0; oy < g->output_height; oy++) {                                          \
            long y = oy * g->stride_h - g->padding_h + i * g->dilation_h;                           \
            float *out = row + oy * ow;                                                             \
            if (y < 0 || y >= g->height) {                                                          \
              ZERO(out, ow);                                                                        \
              continue;                                                                             \
            }                                                                                       \
            const float *line = x + (ch * g->height + y) * g->width + offset;                       \
            ZERO(out, lo);                                                                          \
            if (s == 1) {                                                                           \
              COPY(line + lo, out + lo, hi - lo);                                                   \
            } else {                                                                                \
              for (long ox = lo; ox < hi; ox++) out[ox] = line[ox * s];                             \
            }                                                                                       \
            ZERO(out + hi, ow - hi);                                                                \
          }                                                                                         \
        }                                                                                           \
      }                                                                                             \
    }                                                                                               \
  }                                                                                                 \
  static TARGET void NAME##_col2im(const float *c, const anneal_convolution_geometry *g, float *x) { \
    long columns = g->output_height * g->output_width, ow = g->output_width, s = g->stride_w;      \
    for (long ch = 0; ch < g->channels; ch++) {                                                     \
      for (long i = 0; i < g->kernel_h; i++) {                                                      \
        for (long j = 0; j < g->kernel_w; j++) {                                                    \
          const float *row = c + ((ch * g->kernel_h + i) * g->kernel_w + j) * columns;              \
          long offset = j * g->dilation_w - g->padding_w, lo, hi;                                   \
          anneal_valid_columns(offset, s, g->width, ow, &lo, &hi);                                  \
          for (long oy = 0; oy < g->output_height; oy++) {                                          \
            long y = oy * g->stride_h - g->padding_h + i * g->dilation_h;                           \
            if (y < 0 || y >= g->height) continue;                                                  \
            float *line = x + (ch * g->height + y) * g->width + offset;                             \
            const float *from = row + oy * ow;                                                      \
            if (s == 1) {                                                                           \
              ADD(from + lo, line + lo, hi - lo);                                                   \
            } else {                                                                                \
              for (long ox = lo; ox < hi; ox++) line[ox * s] += from[ox];                           \
            }                                                                                       \
          }                                                                                         \
        }                                                                                           \
      }                                                                                             \
    }                                                                                               \
  }

// AVX-512: sixteen floats per register, the last part of a row under a mask.
#define AVX512 __attribute__((target("avx512f,avx2,fma")))
static inline AVX512 __mmask16 avx512_mask(long n) { return (__mmask16)((1u << n) - 1u); }
static inline AVX512 void avx512_copy(const float *from, float *to, long n) {
  long k = 0;
  for (; k + 16 <= n; k += 16) _mm512_storeu_ps(to + k, _mm512_loadu_ps(from + k));
  if (k < n) {
    __mmask16 m = avx512_mask(n - k);
    _mm512_mask_storeu_ps(to + k, m, _mm512_maskz_loadu_ps(m, from + k));
  }
}
static inline AVX512 void avx512_zero(float *to, long n) {
  long k = 0;
  for (; k + 16 <= n; k += 16) _mm512_storeu_ps(to + k, _mm512_setzero_ps());
  if (k < n) _mm512_mask_storeu_ps(to + k, avx512_mask(n - k), _mm512_setzero_ps());
}
static inline AVX512 void avx512_add(const float *from, float *to, long n) {
  long k = 0;
  for (; k + 16 <= n; k += 16) _mm512_storeu_ps(to + k, _mm512_add_ps(_mm512_loadu_ps(to + k), _mm512_loadu_ps(from + k)));
  if (k < n) {
    __mmask16 m = avx512_mask(n - k);
    _mm512_mask_storeu_ps(to + k, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, to + k), _mm512_maskz_loadu_ps(m, from + k)));
  }
}
ANNEAL_IM2COL(avx512, AVX512, avx512_copy, avx512_zero, avx512_add)

// AVX2: eight floats per register, the last part of a row under a mask.
#define AVX2 __attribute__((target("avx2,fma")))
static inline AVX2 __m256i avx2_mask(long n) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
static inline AVX2 void avx2_copy(const float *from, float *to, long n) {
  long k = 0;
  for (; k + 8 <= n; k += 8) _mm256_storeu_ps(to + k, _mm256_loadu_ps(from + k));
  if (k < n) {
    __m256i m = avx2_mask(n - k);
    _mm256_maskstore_ps(to + k, m, _mm256_maskload_ps(from + k, m));
  }
}
static inline AVX2 void avx2_zero(float *to, long n) {
  long k = 0;
  for (; k + 8 <= n; k += 8) _mm256_storeu_ps(to + k, _mm256_setzero_ps());
  if (k < n) _mm256_maskstore_ps(to + k, avx2_mask(n - k), _mm256_setzero_ps());
}
static inline AVX2 void avx2_add(const float *from, float *to, long n) {
  long k = 0;
  for (; k + 8 <= n; k += 8) _mm256_storeu_ps(to + k, _mm256_add_ps(_mm256_loadu_ps(to + k), _mm256_loadu_ps(from + k)));
  if (k < n) {
    __m256i m = avx2_mask(n - k);
    _mm256_maskstore_ps(to + k, m, _mm256_add_ps(_mm256_maskload_ps(to + k, m), _mm256_maskload_ps(from + k, m)));
  }
}
ANNEAL_IM2COL(avx2, AVX2, avx2_copy, avx2_zero, avx2_add)
#endif

int anneal_im2col(unsigned variant, const float *image, const anneal_convolution_geometry *geometry, float *columns) {
  if ((anneal_simd_available() & variant) == 0) return -1;
  switch (variant) {
#if defined(__x86_64__)
    case ANNEAL_SIMD_AVX512: avx512_im2col(image, geometry, columns); return 0;
    case ANNEAL_SIMD_AVX2: avx2_im2col(image, geometry, columns); return 0;
#endif
    default: return -1;
  }
}

int anneal_col2im(unsigned variant, const float *columns, const anneal_convolution_geometry *geometry, float *image) {
  if ((anneal_simd_available() & variant) == 0) return -1;
  switch (variant) {
#if defined(__x86_64__)
    case ANNEAL_SIMD_AVX512: avx512_col2im(columns, geometry, image); return 0;
    case ANNEAL_SIMD_AVX2: avx2_col2im(columns, geometry, image); return 0;
#endif
    default: return -1;
  }
}
