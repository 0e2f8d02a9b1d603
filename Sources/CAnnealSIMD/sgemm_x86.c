// Copyright © 2026 the Anneal authors.
//
// The x86-64 variants. Each is compiled for its instruction set by a function attribute, so
// the rest of the program stays on the baseline and runs on any x86-64 processor;
// anneal_sgemm calls a variant only after CPUID and XGETBV say it can run.

#if defined(__x86_64__)

#define SGEMM_NAME anneal_sgemm_avx2
#define SGEMM_TARGET __attribute__((target("avx2,fma")))
#define VLEN 8
#define MR 6
#define MR_STEP 2
#define NV 2
#define MC 144
#define NC 3072
#include "sgemm_template.h"
#undef SGEMM_NAME
#undef SGEMM_TARGET
#undef VLEN
#undef MR
#undef MR_STEP
#undef NV
#undef MC
#undef NC
#undef NR
#undef INLINE

#define SGEMM_NAME anneal_sgemm_avx512
#define SGEMM_TARGET __attribute__((target("avx512f,avx2,fma")))
#define VLEN 16
#define MR 12
#define MR_STEP 4
#define NV 2
#define MC 144
// 1024 columns: a packed block of B (256 × 1024 floats) is the size of a Zen 5 core's L2. With
// the template's prefetch of C, --hidden 4096 (B 784 × 4096) ran 3–4 % faster than with 512 or
// 2048 (medians of 5 interleaved runs). The columns of B a block holds do not change any sum.
#define NC 1024
#include "sgemm_template.h"

#endif
