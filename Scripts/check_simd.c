// Checks every SGEMM variant of Sources/CAnnealSIMD that this processor runs against the
// order of fused multiply-adds the header documents, bit for bit, over shapes with partial
// tiles and several blocks along each dimension; and every optimizer update's vector lanes
// against its scalar loop (the elements past the last whole vector), bit for bit. Built and run by Scripts/check_simd.sh,
// natively and for other architectures under QEMU (the arm64 NEON variant on an x86-64 host).

#include "AnnealSIMD.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x9E3779B97F4A7C15u;

static float uniform(void) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return (float)((state >> 40) * (1.0 / 16777216.0)) * 2.0f - 1.0f;
}

static void fused_reference(
    int ta, int tb, long m, long n, long k, float alpha, const float *a, long lda, const float *b, long ldb,
    float beta, float *c, long ldc) {
  for (long i = 0; i < m; i++) {
    for (long j = 0; j < n; j++) {
      float element = beta == 0.0f ? 0.0f : beta == 1.0f ? c[i * ldc + j] : c[i * ldc + j] * beta;
      if (alpha != 0.0f) {
        for (long block = 0; block < k; block += 256) {
          float total = 0.0f;
          for (long p = block; p < k && p < block + 256; p++) {
            float x = ta ? a[p * lda + i] : a[i * lda + p];
            float y = tb ? b[j * ldb + p] : b[p * ldb + j];
            total = fmaf(x, y, total);
          }
          element = fmaf(alpha, total, element);
        }
      }
      c[i * ldc + j] = element;
    }
  }
}

enum { UPDATE_COUNT = 37 };  // whole vectors of every width, and a tail

/// Runs optimizer update `kind` (0 Adam, 1 Adadelta, 2 RMSprop, 3 Adagrad, 4 NAdam/RAdam,
/// 5 Schedule-Free, 6 Prodigy, 7 D-Adapt Adam, 8 SGD) with option set `option` (0-3) over `count`
/// elements of the six buffers, starting at `at`; Prodigy and D-Adapt Adam add their two sums
/// into `sums`.
static int run_update(
    unsigned variant, int kind, int option, long count, float (*t)[UPDATE_COUNT], long at, double *sums) {
  float *p = t[0] + at, *g = t[1] + at, *s2 = t[2] + at, *s3 = t[3] + at, *s4 = t[4] + at, *s5 = t[5] + at;
  switch (kind) {
    case 0: {
      anneal_adam_options o = {option & 1 ? 0.7f : 0.1f, 0.999f, 0.001f, -0.01f, 0.3f, 1e-8f,
                               option & 2 ? 0.01f : 0.0f, 0.9999f, option & 1, option == 3};
      return anneal_adam_update(variant, count, p, g, s2, s3, option >= 2 ? s4 : NULL, &o);
    }
    case 1: {
      anneal_adadelta_options o = {0.9f, 0.1f, 1e-6f, option & 1 ? 0.01f : 0.0f, -1.0f, option >> 1};
      return anneal_adadelta_update(variant, count, p, g, s3, s4, &o);
    }
    case 2: {
      anneal_rmsprop_options o = {0.99f, 0.01f, 1e-8f, option == 3 ? 0.01f : 0.0f, 0.9f, -0.01f, option == 3};
      return anneal_rmsprop_update(variant, count, p, g, s3, option & 1 ? s2 : NULL, option & 2 ? s4 : NULL, &o);
    }
    case 3: {
      anneal_adagrad_options o = {1e-10f, option & 1 ? 0.01f : 0.0f, -0.01f, option >> 1};
      return anneal_adagrad_update(variant, count, p, g, s3, &o);
    }
    case 4: {
      anneal_nadam_radam_options o = {0.1f, 0.999f, 0.001f, option & 1 ? 0.04f : 0.002f, 1e-8f,
                                      option == 3 ? 0.01f : 0.0f, 0.9999f, -0.0003f, -0.0061f, 0.19f, 0.001f,
                                      0.8f, option == 3, option == 2, option & 1, option >> 1};
      return anneal_nadam_radam_update(variant, count, p, g, s2, s3, &o);
    }
    case 8: {
      anneal_sgd_options o = {-0.1f, option == 1 ? 0.0f : 0.9f, option == 3 ? 0.9f : 1.0f,
                              option >= 2 ? 0.01f : 0.0f, option != 3, option == 2, option == 3};
      return anneal_sgd_update(variant, count, p, g, option == 1 ? NULL : s2, &o);
    }
    case 6:
    case 7: {
      anneal_lr_free_options o = {option & 1 ? 0.01f : 0.0f, 1e-8f, 0.9f, 0.999f, 0.9995f, 0.1f, 0.001f, 0.02f};
      double pair[2];
      int status = anneal_lr_free_accumulate(
          variant, count, p, g, kind == 6 ? s2 : NULL, s3, option & 2 ? s5 : NULL, s4, &o, pair);
      sums[0] += pair[0], sums[1] += pair[1];
      if (kind == 7) return status;
      anneal_prodigy_options u = {option & 1 ? 0.01f : 0.0f, 1e-8f, option == 3 ? -1e-4f : 0.0f, -0.003f};
      return status | anneal_prodigy_update(variant, count, p, g, option & 2 ? s5 : NULL, s4, &u);
    }
    default: {
      anneal_schedule_free_options o = {0.999f, 0.001f, 0.002f, 1e-8f, option & 1 ? 0.01f : 0.0f,
                                        option == 3 ? 0.7f : 0.25f, -0.0023f, 0.0025f, option >> 1};
      return anneal_schedule_free_update(variant, count, p, g, s2, option & 1 ? s3 : NULL, &o);
    }
  }
}

/// Every update of `variant` over UPDATE_COUNT elements at once against one element at a time.
static int check_updates(unsigned variant, const char *name, int *checked) {
  static const char *kinds[] = {"Adam",        "Adadelta",      "RMSprop", "Adagrad",      "NAdam/RAdam",
                                 "Schedule-Free", "Prodigy", "D-Adapt Adam", "SGD"};
  int failures = 0;
  for (int kind = 0; kind < 9; kind++) {
    for (int option = 0; option < 4; option++) {
      float whole[6][UPDATE_COUNT], single[6][UPDATE_COUNT];
      for (int b = 0; b < 6; b++) {
        for (long i = 0; i < UPDATE_COUNT; i++) {
          float x = uniform();
          whole[b][i] = b <= 2 ? x : x * x * 0.01f;  // second moments are not negative
        }
      }
      // Gradients with zeros of both signs, NaN, infinities and a subnormal.
      whole[1][3] = 0.0f, whole[1][9] = -0.0f, whole[1][17] = NAN, whole[1][20] = INFINITY;
      whole[1][25] = -INFINITY, whole[1][31] = 1e-41f;
      memcpy(single, whole, sizeof whole);
      double whole_sums[2] = {0, 0}, single_sums[2] = {0, 0};
      int status = run_update(variant, kind, option, UPDATE_COUNT, whole, 0, whole_sums);
      for (long i = 0; i < UPDATE_COUNT; i++) status |= run_update(variant, kind, option, 1, single, i, single_sums);
      if (status != 0 || memcmp(whole, single, sizeof whole) != 0 ||
          memcmp(whole_sums, single_sums, sizeof whole_sums) != 0) {
        printf("%s %s, options %d: status %d, vector lanes differ from the scalar loop\n", name, kinds[kind],
               option, status);
        failures++;
      }
      (*checked)++;
    }
  }
  return failures;
}

int main(void) {
  static const long shapes[][3] = {
      {1, 1, 1}, {7, 9, 5}, {13, 17, 300}, {100, 10, 100}, {130, 257, 70}, {100, 100, 784},
      {6, 8, 0}, {301, 3100, 520}, {149, 35, 513}, {12, 32, 256}, {25, 49, 257},
      // Last panels of every height and width the variants compile (rows left 1-11, columns
      // left of one to three vectors), also in a second block along m (144 + 2 rows).
      {64, 9, 676}, {64, 128, 40}, {3, 50, 20}, {10, 20, 30}, {11, 65, 9}, {146, 15, 33}, {5, 100, 17},
      {1, 8, 3}, {2, 4, 2}, {7, 24, 11},
      // A C of over 2^20 elements, whose tiles are prefetched.
      {1025, 1030, 5},
  };
  static const unsigned variants[] = {ANNEAL_SIMD_AVX2, ANNEAL_SIMD_AVX512, ANNEAL_SIMD_NEON};
  static const char *names[] = {"AVX2+FMA", "AVX-512", "NEON"};
  unsigned available = anneal_simd_available();
  int failures = 0, checked = 0;
  for (int v = 0; v < 3; v++) {
    if (!(available & variants[v])) {
      if (anneal_sgemm(variants[v], 0, 0, 1, 1, 1, 1, &(float){1}, 1, &(float){1}, 1, 0, &(float){0}, 1) != -1) {
        printf("%s: not available, yet anneal_sgemm did not refuse it\n", names[v]);
        failures++;
      }
      continue;
    }
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
      for (int t = 0; t < 4; t++) {
        long m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
        int ta = t & 1, tb = t >> 1;
        float alpha = (t == 1) ? 0.5f : (t == 2) ? -2.0f : 1.0f, beta = (float)(s % 3) * 0.5f;  // 0, 0.5, 1
        long lda = ta ? m : (k > 0 ? k : 1), ldb = tb ? (k > 0 ? k : 1) : n, ldc = n + 3;
        float *a = malloc(sizeof(float) * (size_t)(m * k + 1)), *b = malloc(sizeof(float) * (size_t)(k * n + 1));
        float *c = malloc(sizeof(float) * (size_t)(m * ldc)), *expected = malloc(sizeof(float) * (size_t)(m * ldc));
        for (long i = 0; i < m * k; i++) a[i] = uniform();
        for (long i = 0; i < k * n; i++) b[i] = uniform();
        // With beta 0, C must not be read (BLAS semantics): NaNs there must not come through.
        for (long i = 0; i < m * ldc; i++) c[i] = expected[i] = beta == 0.0f ? NAN : uniform();
        fused_reference(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
        int status = anneal_sgemm(variants[v], ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        long differing = 0;
        for (long i = 0; i < m * ldc; i++) {
          // Beyond column n (ldc > n) C must be left as it was, NaN included.
          differing += memcmp(&c[i], &expected[i], sizeof(float)) != 0;
        }
        if (status != 0 || differing != 0) {
          printf("%s %ldx%ldx%ld tA=%d tB=%d: status %d, %ld elements differ\n", names[v], m, n, k, ta, tb, status,
                 differing);
          failures++;
        }
        checked++;
        free(a);
        free(b);
        free(c);
        free(expected);
      }
    }
    int updates = 0;
    failures += check_updates(variants[v], names[v], &updates);
    printf("%s: checked (and %d optimizer updates)\n", names[v], updates);
  }
  printf("%d products checked, %d failed\n", checked, failures);
  return failures != 0 || checked == 0;
}
