// Copyright © 2026 the Anneal authors.
//
// The arm64 variant: Advanced SIMD is part of the baseline, so no attribute is needed.

#if defined(__aarch64__)

#define SGEMM_NAME anneal_sgemm_neon
#define SGEMM_TARGET
#define VLEN 4
#define MR 8
#define MR_STEP 4
#define NV 3
#define MC 144
#define NC 3072
#include "sgemm_template.h"

#endif
