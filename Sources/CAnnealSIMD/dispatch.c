// Copyright © 2026 the Anneal authors.

#include "AnnealSIMD.h"
#include "internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#if defined(__x86_64__)
#include <cpuid.h>
#if defined(__APPLE__)
#include <sys/sysctl.h>
#endif

/// The register state the operating system saves on a context switch (XCR0).
static unsigned long long saved_state(void) {
  unsigned low, high;
  __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
  return ((unsigned long long)high << 32) | low;
}

#if defined(__APPLE__)
/// macOS enables AVX-512 state on a thread's first use, so XCR0 does not tell; sysctl does.
static int darwin_has(const char *name) {
  int value = 0;
  size_t size = sizeof value;
  return sysctlbyname(name, &value, &size, NULL, 0) == 0 && value != 0;
}
#endif

static unsigned detect(void) {
  unsigned eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  int fma = (ecx >> 12) & 1, osxsave = (ecx >> 27) & 1, avx = (ecx >> 28) & 1;
  if (!osxsave || !avx || !fma) return 0;
  unsigned long long state = saved_state();
  if ((state & 0x6) != 0x6) return 0;  // XMM and YMM state
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
  unsigned available = 0;
  if ((ebx >> 5) & 1) available |= ANNEAL_SIMD_AVX2;
  int avx512f = (ebx >> 16) & 1;
#if defined(__APPLE__)
  if (avx512f && (available & ANNEAL_SIMD_AVX2) && darwin_has("hw.optional.avx512f")) available |= ANNEAL_SIMD_AVX512;
#else
  // Opmask, the upper halves of ZMM0–15 and ZMM16–31.
  if (avx512f && (available & ANNEAL_SIMD_AVX2) && (state & 0xE0) == 0xE0) available |= ANNEAL_SIMD_AVX512;
#endif
  return available;
}
#elif defined(__aarch64__)
static unsigned detect(void) { return ANNEAL_SIMD_NEON; }
#else
static unsigned detect(void) { return 0; }
#endif

static pthread_once_t detected_once = PTHREAD_ONCE_INIT;
static unsigned detected;

static void detect_once(void) { detected = detect(); }

unsigned anneal_simd_available(void) {
  pthread_once(&detected_once, detect_once);
  return detected;
}

static pthread_key_t workspace_key;
static pthread_once_t workspace_once = PTHREAD_ONCE_INIT;
static _Thread_local float *workspace;
static _Thread_local size_t workspace_capacity;

static void workspace_key_create(void) { pthread_key_create(&workspace_key, free); }

float *anneal_simd_workspace(size_t floats) {
  if (floats <= workspace_capacity) return workspace;
  pthread_once(&workspace_once, workspace_key_create);
  size_t capacity = floats + floats / 4;
  void *memory = NULL;
  if (posix_memalign(&memory, 64, capacity * sizeof(float)) != 0) return NULL;
  free(workspace);
  workspace = memory;
  workspace_capacity = capacity;
  pthread_setspecific(workspace_key, memory);  // freed by the key's destructor at thread exit
  return workspace;
}

static const anneal_sgemm_variant *variant_for(unsigned variant) {
  switch (variant) {
#if defined(__x86_64__)
    case ANNEAL_SIMD_AVX2: return &anneal_sgemm_avx2;
    case ANNEAL_SIMD_AVX512: return &anneal_sgemm_avx512;
#endif
#if defined(__aarch64__)
    case ANNEAL_SIMD_NEON: return &anneal_sgemm_neon;
#endif
    default: return NULL;
  }
}

static long min_long(long a, long b) { return a < b ? a : b; }

int anneal_sgemm(
    unsigned variant, int trans_a, int trans_b, long m, long n, long k, float alpha, const float *a, long lda,
    const float *b, long ldb, float beta, float *c, long ldc) {
  const anneal_sgemm_variant *chosen = variant_for(variant);
  if (chosen == NULL || (anneal_simd_available() & variant) == 0) return -1;
  if (m <= 0 || n <= 0) return 0;
  long depth = min_long(ANNEAL_KC, k > 0 ? k : 1);
  long width = (min_long(chosen->nc, n) + chosen->nr - 1) / chosen->nr * chosen->nr;
  long height = (min_long(chosen->mc, m) + chosen->mr - 1) / chosen->mr * chosen->mr;
  float *scratch = anneal_simd_workspace((size_t)(depth * (width + height)));
  if (scratch == NULL) return -2;
  chosen->kernel(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, scratch);
  return 0;
}
