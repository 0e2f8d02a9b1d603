// Copyright © 2026 the Anneal authors.
//
// Optimizer updates (SGD, Adam and AdamW, NAdam, RAdam, Adadelta, RMSprop, Adagrad,
// Schedule-Free SGD/AdamW/RAdam, Prodigy, D-Adapt Adam) in AVX2, AVX-512 or NEON registers. The
// portable Swift loops leave square roots and divisions scalar, and SGD's in SSE registers; here
// each lane does the scalar loop's operations in its order (no contraction into fused
// multiply-adds; square root and division are correctly rounded per lane), so every element
// gets the same bits.

#include "AnnealSIMD.h"

#include <stdint.h>

#pragma STDC FP_CONTRACT OFF

#if !__has_builtin(__builtin_elementwise_sqrt)
#error "Anneal's SIMD kernels need clang's __builtin_elementwise_sqrt (the Swift toolchain's clang has it)"
#endif

/// PyTorch's lerp_(end, weight) for one element.
static inline float anneal_lerp(float start, float end, float weight) {
  return weight < 0.5f ? start + weight * (end - start) : end - (end - start) * (1 - weight);
}

/// The gradient of one element negated when maximizing, plus weight_decay · p when coupled;
/// p · shrink when decoupled.
static inline float anneal_decayed(float d, float *p, int maximize, float weight_decay, int decoupled, float shrink) {
  if (maximize) d = -d;
  if (weight_decay != 0) {
    if (decoupled) *p = *p * shrink;
    else d = d + weight_decay * *p;
  }
  return d;
}

/// Defines NAME##_sgd, _adam, _adadelta, _rmsprop, _adagrad, _nadam_radam, _schedule_free,
/// _lr_free_accumulate and _prodigy for vectors of LANES floats under the function
/// attribute TARGET; the elements past the last whole vector run the same operations on scalars.
#define ANNEAL_OPTIM(NAME, TARGET, LANES)                                                                \
  typedef float NAME##_vec __attribute__((vector_size(LANES * sizeof(float)), aligned(sizeof(float))));  \
  typedef int32_t NAME##_mask __attribute__((vector_size(LANES * sizeof(float)), aligned(sizeof(float)))); \
                                                                                                          \
  /* PyTorch's lerp_(end, weight) per lane. */                                                            \
  static inline __attribute__((always_inline)) TARGET NAME##_vec NAME##_lerp(                             \
      NAME##_vec start, NAME##_vec end, float weight) {                                                   \
    return weight < 0.5f ? start + weight * (end - start) : end - (end - start) * (1 - weight);           \
  }                                                                                                       \
                                                                                                          \
  /* The gradient negated when maximizing, plus weight_decay · p when coupled; p · shrink when */         \
  /* decoupled (PyTorch's grad.add(param, alpha=weight_decay) or param.mul_(1 - lr·wd)). */               \
  static inline __attribute__((always_inline)) TARGET NAME##_vec NAME##_decayed(                          \
      NAME##_vec d, NAME##_vec *param, int maximize, float weight_decay, int decoupled, float shrink) {    \
    if (maximize) d = -d;                                                                                 \
    if (weight_decay != 0) {                                                                              \
      if (decoupled) *param = *param * shrink;                                                            \
      else d = d + weight_decay * *param;                                                                 \
    }                                                                                                     \
    return d;                                                                                             \
  }                                                                                                       \
                                                                                                          \
  static TARGET void NAME##_sgd(long count, float *p, const float *g, float *b, const anneal_sgd_options *o) { \
    long i = 0;                                                                                           \
    for (; i + LANES <= count; i += LANES) {                                                              \
      NAME##_vec param = *(NAME##_vec *)(p + i);                                                          \
      NAME##_vec d = NAME##_decayed(*(const NAME##_vec *)(g + i), &param, o->maximize, o->weight_decay, 0, 1); \
      if (b) {                                                                                            \
        NAME##_vec v = o->is_first ? d : *(NAME##_vec *)(b + i) * o->momentum + o->one_minus_dampening * d; \
        *(NAME##_vec *)(b + i) = v;                                                                       \
        d = o->nesterov ? d + o->momentum * v : v;                                                        \
      }                                                                                                   \
      *(NAME##_vec *)(p + i) = param + o->neg_lr * d;                                                     \
    }                                                                                                     \
    for (; i < count; i++) {                                                                              \
      float d = anneal_decayed(g[i], p + i, o->maximize, o->weight_decay, 0, 1);                          \
      if (b) {                                                                                            \
        b[i] = o->is_first ? d : b[i] * o->momentum + o->one_minus_dampening * d;                         \
        d = o->nesterov ? d + o->momentum * b[i] : b[i];                                                  \
      }                                                                                                   \
      p[i] = p[i] + o->neg_lr * d;                                                                        \
    }                                                                                                     \
  }                                                                                                       \
                                                                                                          \
  static TARGET void NAME##_adam(long count, float *p, const float *g, float *m, float *v, float *v_max,   \
                                 const anneal_adam_options *o) {                                          \
    long i = 0;                                                                                           \
    for (; i + LANES <= count; i += LANES) {                                                              \
      NAME##_vec param = *(NAME##_vec *)(p + i);                                                          \
      NAME##_vec d = NAME##_decayed(*(const NAME##_vec *)(g + i), &param, o->maximize, o->weight_decay,   \
                                    o->decoupled, o->shrink);                                             \
      NAME##_vec first = *(NAME##_vec *)(m + i);                                                          \
      first = NAME##_lerp(first, d, o->weight);                                                           \
      NAME##_vec second = *(NAME##_vec *)(v + i) * o->beta2 + o->one_minus_beta2 * d * d;                 \
      *(NAME##_vec *)(m + i) = first;                                                                     \
      *(NAME##_vec *)(v + i) = second;                                                                    \
      if (v_max) {                                                                                        \
        /* Swift.max(v_max, v): v where v >= v_max, else v_max (NaN compares false). */                   \
        NAME##_vec largest = *(NAME##_vec *)(v_max + i);                                                  \
        NAME##_mask take = second >= largest;                                                             \
        largest = (NAME##_vec)((take & (NAME##_mask)second) | (~take & (NAME##_mask)largest));            \
        *(NAME##_vec *)(v_max + i) = largest;                                                             \
        second = largest;                                                                                 \
      }                                                                                                   \
      NAME##_vec denominator = __builtin_elementwise_sqrt(second) / o->bias2_sqrt + o->eps;               \
      *(NAME##_vec *)(p + i) = param + o->value * first / denominator;                                    \
    }                                                                                                     \
    for (; i < count; i++) {                                                                              \
      float d = anneal_decayed(g[i], &p[i], o->maximize, o->weight_decay, o->decoupled, o->shrink);       \
      m[i] = anneal_lerp(m[i], d, o->weight);                                                             \
      v[i] = v[i] * o->beta2 + o->one_minus_beta2 * d * d;                                                \
      float second = v[i];                                                                                \
      if (v_max) {                                                                                        \
        v_max[i] = v[i] >= v_max[i] ? v[i] : v_max[i];                                                    \
        second = v_max[i];                                                                                \
      }                                                                                                   \
      float denominator = __builtin_sqrtf(second) / o->bias2_sqrt + o->eps;                               \
      p[i] = p[i] + o->value * m[i] / denominator;                                                        \
    }                                                                                                     \
  }                                                                                                       \
                                                                                                          \
  static TARGET void NAME##_adadelta(long count, float *p, const float *g, float *square_avg,             \
                                     float *acc_delta, const anneal_adadelta_options *o) {                \
    long i = 0;                                                                                           \
    for (; i + LANES <= count; i += LANES) {                                                              \
      NAME##_vec d = *(const NAME##_vec *)(g + i);                                                        \
      NAME##_vec param = *(NAME##_vec *)(p + i);                                                          \
      if (o->maximize) d = -d;                                                                            \
      if (o->weight_decay != 0) d = d + o->weight_decay * param;                                          \
      NAME##_vec square = *(NAME##_vec *)(square_avg + i) * o->rho + o->one_minus_rho * d * d;            \
      NAME##_vec accumulated = *(NAME##_vec *)(acc_delta + i);                                            \
      NAME##_vec delta = __builtin_elementwise_sqrt(accumulated + o->eps) /                               \
                         __builtin_elementwise_sqrt(square + o->eps) * d;                                 \
      *(NAME##_vec *)(square_avg + i) = square;                                                           \
      *(NAME##_vec *)(acc_delta + i) = accumulated * o->rho + o->one_minus_rho * delta * delta;           \
      *(NAME##_vec *)(p + i) = param + o->neg_lr * delta;                                                 \
    }                                                                                                     \
    for (; i < count; i++) {                                                                              \
      float d = o->maximize ? -g[i] : g[i];                                                               \
      if (o->weight_decay != 0) d = d + o->weight_decay * p[i];                                           \
      square_avg[i] = square_avg[i] * o->rho + o->one_minus_rho * d * d;                                  \
      float delta = __builtin_sqrtf(acc_delta[i] + o->eps) / __builtin_sqrtf(square_avg[i] + o->eps) * d; \
      acc_delta[i] = acc_delta[i] * o->rho + o->one_minus_rho * delta * delta;                            \
      p[i] = p[i] + o->neg_lr * delta;                                                                    \
    }                                                                                                     \
  }                                                                                                       \
                                                                                                          \
  static TARGET void NAME##_rmsprop(long count, float *p, const float *g, float *square_avg,              \
                                    float *grad_avg, float *buffer, const anneal_rmsprop_options *o) {    \
    long i = 0;                                                                                           \
    for (; i + LANES <= count; i += LANES) {                                                              \
      NAME##_vec d = *(const NAME##_vec *)(g + i);                                                        \
      NAME##_vec param = *(NAME##_vec *)(p + i);                                                          \
      if (o->maximize) d = -d;                                                                            \
      if (o->weight_decay != 0) d = d + o->weight_decay * param;                                          \
      NAME##_vec square = *(NAME##_vec *)(square_avg + i) * o->alpha + o->weight * d * d;                 \
      *(NAME##_vec *)(square_avg + i) = square;                                                           \
      NAME##_vec denominator;                                                                             \
      if (grad_avg) {                                                                                     \
        NAME##_vec average = *(NAME##_vec *)(grad_avg + i);                                               \
        average = NAME##_lerp(average, d, o->weight);                                                     \
        *(NAME##_vec *)(grad_avg + i) = average;                                                          \
        denominator = __builtin_elementwise_sqrt(square + (-1 * average) * average);                      \
      } else {                                                                                            \
        denominator = __builtin_elementwise_sqrt(square);                                                 \
      }                                                                                                   \
      denominator = denominator + o->eps;                                                                 \
      if (buffer) {                                                                                       \
        NAME##_vec momentum = *(NAME##_vec *)(buffer + i) * o->momentum + d / denominator;                \
        *(NAME##_vec *)(buffer + i) = momentum;                                                           \
        *(NAME##_vec *)(p + i) = param + o->neg_lr * momentum;                                            \
      } else {                                                                                            \
        *(NAME##_vec *)(p + i) = param + o->neg_lr * d / denominator;                                     \
      }                                                                                                   \
    }                                                                                                     \
    for (; i < count; i++) {                                                                              \
      float d = o->maximize ? -g[i] : g[i];                                                               \
      if (o->weight_decay != 0) d = d + o->weight_decay * p[i];                                           \
      square_avg[i] = square_avg[i] * o->alpha + o->weight * d * d;                                       \
      float denominator;                                                                                  \
      if (grad_avg) {                                                                                     \
        grad_avg[i] = anneal_lerp(grad_avg[i], d, o->weight);                                             \
        denominator = __builtin_sqrtf(square_avg[i] + (-1 * grad_avg[i]) * grad_avg[i]);                  \
      } else {                                                                                            \
        denominator = __builtin_sqrtf(square_avg[i]);                                                     \
      }                                                                                                   \
      denominator = denominator + o->eps;                                                                 \
      if (buffer) {                                                                                       \
        buffer[i] = buffer[i] * o->momentum + d / denominator;                                            \
        p[i] = p[i] + o->neg_lr * buffer[i];                                                              \
      } else {                                                                                            \
        p[i] = p[i] + o->neg_lr * d / denominator;                                                        \
      }                                                                                                   \
    }                                                                                                     \
  }                                                                                                       \
                                                                                                          \
  static TARGET void NAME##_adagrad(long count, float *p, const float *g, float *sum,                     \
                                    const anneal_adagrad_options *o) {                                    \
    long i = 0;                                                                                           \
    for (; i + LANES <= count; i += LANES) {                                                              \
      NAME##_vec d = *(const NAME##_vec *)(g + i);                                                        \
      NAME##_vec param = *(NAME##_vec *)(p + i);                                                          \
      if (o->maximize) d = -d;                                                                            \
      if (o->weight_decay != 0) d = d + o->weight_decay * param;                                          \
      NAME##_vec total = *(NAME##_vec *)(sum + i) + 1 * d * d;                                            \
      *(NAME##_vec *)(sum + i) = total;                                                                   \
      *(NAME##_vec *)(p + i) = param + o->neg_clr * d / (__builtin_elementwise_sqrt(total) + o->eps);     \
    }                                                                                                     \
    for (; i < count; i++) {                                                                              \
      float d = o->maximize ? -g[i] : g[i];                                                               \
      if (o->weight_decay != 0) d = d + o->weight_decay * p[i];                                           \
      sum[i] = sum[i] + 1 * d * d;                                                                        \
      p[i] = p[i] + o->neg_clr * d / (__builtin_sqrtf(sum[i]) + o->eps);                                  \
    }                                                                                                     \
  }                                                                                                       \
                                                                                                          \
  static TARGET void NAME##_nadam_radam(long count, float *p, const float *g, float *m, float *v,         \
                                        const anneal_nadam_radam_options *o) {                            \
    long i = 0;                                                                                           \
    for (; i + LANES <= count; i += LANES) {                                                              \
      NAME##_vec param = *(NAME##_vec *)(p + i);                                                          \
      NAME##_vec d = NAME##_decayed(*(const NAME##_vec *)(g + i), &param, o->maximize, o->weight_decay,   \
                                    o->decoupled, o->shrink);                                             \
      NAME##_vec first = NAME##_lerp(*(NAME##_vec *)(m + i), d, o->weight);                               \
      NAME##_vec second = *(NAME##_vec *)(v + i) * o->beta2 + o->one_minus_beta2 * d * d;                 \
      *(NAME##_vec *)(m + i) = first;                                                                     \
      *(NAME##_vec *)(v + i) = second;                                                                    \
      if (o->radam) {                                                                                     \
        NAME##_vec update = first / o->bias_correction1 * o->lr;                                          \
        if (o->rectified)                                                                                 \
          update = update * (o->bias_correction2 / (__builtin_elementwise_sqrt(second) + o->eps)) * o->rect; \
        *(NAME##_vec *)(p + i) = param + -1 * update;                                                     \
      } else {                                                                                            \
        NAME##_vec denominator = __builtin_elementwise_sqrt(second / o->bias_correction2) + o->eps;       \
        param = param + o->grad_value * d / denominator;                                                  \
        *(NAME##_vec *)(p + i) = param + o->average_value * first / denominator;                          \
      }                                                                                                   \
    }                                                                                                     \
    for (; i < count; i++) {                                                                              \
      float d = anneal_decayed(g[i], &p[i], o->maximize, o->weight_decay, o->decoupled, o->shrink);       \
      m[i] = anneal_lerp(m[i], d, o->weight);                                                             \
      v[i] = v[i] * o->beta2 + o->one_minus_beta2 * d * d;                                                \
      if (o->radam) {                                                                                     \
        float update = m[i] / o->bias_correction1 * o->lr;                                                \
        if (o->rectified) update = update * (o->bias_correction2 / (__builtin_sqrtf(v[i]) + o->eps)) * o->rect; \
        p[i] = p[i] + -1 * update;                                                                        \
      } else {                                                                                            \
        float denominator = __builtin_sqrtf(v[i] / o->bias_correction2) + o->eps;                         \
        p[i] = p[i] + o->grad_value * d / denominator;                                                    \
        p[i] = p[i] + o->average_value * m[i] / denominator;                                              \
      }                                                                                                   \
    }                                                                                                     \
  }                                                                                                       \
                                                                                                          \
  static TARGET void NAME##_schedule_free(long count, float *y, const float *g, float *z, float *v,       \
                                          const anneal_schedule_free_options *o) {                        \
    long i = 0;                                                                                           \
    for (; i + LANES <= count; i += LANES) {                                                              \
      NAME##_vec d = *(const NAME##_vec *)(g + i);                                                        \
      NAME##_vec param = *(NAME##_vec *)(y + i);                                                          \
      NAME##_vec base = *(NAME##_vec *)(z + i);                                                           \
      if (v) {                                                                                            \
        NAME##_vec square = *(NAME##_vec *)(v + i) * o->beta2 + o->one_minus_beta2 * d * d;               \
        *(NAME##_vec *)(v + i) = square;                                                                  \
        if (o->normalize) d = d / (__builtin_elementwise_sqrt(square / o->bias_correction2) + o->eps);    \
      }                                                                                                   \
      if (o->weight_decay != 0) d = d + o->weight_decay * param;                                          \
      *(NAME##_vec *)(y + i) = NAME##_lerp(param, base, o->ckp1) + o->alpha * d;                          \
      *(NAME##_vec *)(z + i) = base - o->lr * d;                                                          \
    }                                                                                                     \
    for (; i < count; i++) {                                                                              \
      float d = g[i];                                                                                     \
      if (v) {                                                                                            \
        float square = v[i] * o->beta2 + o->one_minus_beta2 * d * d;                                      \
        v[i] = square;                                                                                    \
        if (o->normalize) d = d / (__builtin_sqrtf(square / o->bias_correction2) + o->eps);               \
      }                                                                                                   \
      if (o->weight_decay != 0) d = d + o->weight_decay * y[i];                                           \
      y[i] = anneal_lerp(y[i], z[i], o->ckp1) + o->alpha * d;                                             \
      z[i] = z[i] - o->lr * d;                                                                            \
    }                                                                                                     \
  }                                                                                                       \
                                                                                                          \
  /* Prodigy's and D-Adapt Adam's accumulation: the state in vectors, the two sums in double, */          \
  /* lane by lane in the order of the elements. */                                                        \
  static TARGET void NAME##_lr_free_accumulate(long count, const float *p, const float *g, const float *p0, \
                                               float *s, float *m, float *v,                              \
                                               const anneal_lr_free_options *o, double *sums) {           \
    double dot = 0, abs_sum = 0;                                                                          \
    long i = 0;                                                                                           \
    for (; i + LANES <= count; i += LANES) {                                                              \
      NAME##_vec d = *(const NAME##_vec *)(g + i);                                                        \
      NAME##_vec param = *(const NAME##_vec *)(p + i);                                                    \
      if (o->weight_decay != 0) d = d + o->weight_decay * param;                                          \
      NAME##_vec sum = *(NAME##_vec *)(s + i), second = *(NAME##_vec *)(v + i), term;                     \
      if (p0) term = d * (*(const NAME##_vec *)(p0 + i) - param);                                         \
      else term = d * (sum / (__builtin_elementwise_sqrt(second) + o->eps));                              \
      if (m) *(NAME##_vec *)(m + i) = *(NAME##_vec *)(m + i) * o->beta1 + o->m_alpha * d;                 \
      *(NAME##_vec *)(v + i) = second * o->beta2 + o->v_value * d * d;                                    \
      sum = sum * o->beta3 + o->s_alpha * d;                                                              \
      *(NAME##_vec *)(s + i) = sum;                                                                       \
      for (int lane = 0; lane < LANES; lane++) {                                                          \
        dot += (double)term[lane];                                                                        \
        abs_sum += (double)__builtin_fabsf(sum[lane]);                                                    \
      }                                                                                                   \
    }                                                                                                     \
    for (; i < count; i++) {                                                                              \
      float d = o->weight_decay != 0 ? g[i] + o->weight_decay * p[i] : g[i];                              \
      dot += (double)(p0 ? d * (p0[i] - p[i]) : d * (s[i] / (__builtin_sqrtf(v[i]) + o->eps)));           \
      if (m) m[i] = m[i] * o->beta1 + o->m_alpha * d;                                                     \
      v[i] = v[i] * o->beta2 + o->v_value * d * d;                                                        \
      s[i] = s[i] * o->beta3 + o->s_alpha * d;                                                            \
      abs_sum += (double)__builtin_fabsf(s[i]);                                                           \
    }                                                                                                     \
    sums[0] = dot;                                                                                        \
    sums[1] = abs_sum;                                                                                    \
  }                                                                                                       \
                                                                                                          \
  static TARGET void NAME##_prodigy(long count, float *p, const float *g, const float *m, const float *v, \
                                    const anneal_prodigy_options *o) {                                    \
    long i = 0;                                                                                           \
    for (; i + LANES <= count; i += LANES) {                                                              \
      NAME##_vec param = *(NAME##_vec *)(p + i);                                                          \
      NAME##_vec denominator = __builtin_elementwise_sqrt(*(const NAME##_vec *)(v + i)) + o->eps;         \
      NAME##_vec numerator;                                                                               \
      if (m) numerator = *(const NAME##_vec *)(m + i);                                                    \
      else if (o->weight_decay != 0) numerator = *(const NAME##_vec *)(g + i) + o->weight_decay * param;  \
      else numerator = *(const NAME##_vec *)(g + i);                                                      \
      if (o->shrink != 0) param = param + o->shrink * param;                                              \
      *(NAME##_vec *)(p + i) = param + o->value * (numerator / denominator);                              \
    }                                                                                                     \
    for (; i < count; i++) {                                                                              \
      float denominator = __builtin_sqrtf(v[i]) + o->eps;                                                 \
      float numerator = m ? m[i] : (o->weight_decay != 0 ? g[i] + o->weight_decay * p[i] : g[i]);        \
      if (o->shrink != 0) p[i] = p[i] + o->shrink * p[i];                                                 \
      p[i] = p[i] + o->value * (numerator / denominator);                                                 \
    }                                                                                                     \
  }

#if defined(__x86_64__)
ANNEAL_OPTIM(optim_avx2, __attribute__((target("avx2"))), 8)
ANNEAL_OPTIM(optim_avx512, __attribute__((target("avx512f,avx2"))), 16)
#define ANNEAL_DISPATCH(KERNEL, ...)                  \
  case ANNEAL_SIMD_AVX512:                            \
    optim_avx512_##KERNEL(__VA_ARGS__);               \
    return 0;                                         \
  case ANNEAL_SIMD_AVX2:                              \
    optim_avx2_##KERNEL(__VA_ARGS__);                 \
    return 0;
#elif defined(__aarch64__)
ANNEAL_OPTIM(optim_neon, , 4)
#define ANNEAL_DISPATCH(KERNEL, ...)                  \
  case ANNEAL_SIMD_NEON:                              \
    optim_neon_##KERNEL(__VA_ARGS__);                 \
    return 0;
#else
#define ANNEAL_DISPATCH(KERNEL, ...)
#endif

/// An entry point's body: -1 unless `variant` is available, else its KERNEL on the arguments.
#define ANNEAL_RUN(KERNEL, ...)                                \
  if ((anneal_simd_available() & variant) == 0) return -1;    \
  switch (variant) {                                           \
    ANNEAL_DISPATCH(KERNEL, __VA_ARGS__)                       \
    default:                                                   \
      return -1;                                               \
  }

int anneal_sgd_update(
    unsigned variant, long count, float *parameter, const float *grad, float *momentum_buffer,
    const anneal_sgd_options *options) {
  ANNEAL_RUN(sgd, count, parameter, grad, momentum_buffer, options)
}

int anneal_adam_update(
    unsigned variant, long count, float *parameter, const float *grad, float *exp_avg, float *exp_avg_sq,
    float *max_exp_avg_sq, const anneal_adam_options *options) {
  ANNEAL_RUN(adam, count, parameter, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, options)
}

int anneal_adadelta_update(
    unsigned variant, long count, float *parameter, const float *grad, float *square_avg, float *acc_delta,
    const anneal_adadelta_options *options) {
  ANNEAL_RUN(adadelta, count, parameter, grad, square_avg, acc_delta, options)
}

int anneal_rmsprop_update(
    unsigned variant, long count, float *parameter, const float *grad, float *square_avg, float *grad_avg,
    float *momentum_buffer, const anneal_rmsprop_options *options) {
  ANNEAL_RUN(rmsprop, count, parameter, grad, square_avg, grad_avg, momentum_buffer, options)
}

int anneal_adagrad_update(
    unsigned variant, long count, float *parameter, const float *grad, float *sum,
    const anneal_adagrad_options *options) {
  ANNEAL_RUN(adagrad, count, parameter, grad, sum, options)
}

int anneal_nadam_radam_update(
    unsigned variant, long count, float *parameter, const float *grad, float *exp_avg, float *exp_avg_sq,
    const anneal_nadam_radam_options *options) {
  ANNEAL_RUN(nadam_radam, count, parameter, grad, exp_avg, exp_avg_sq, options)
}

int anneal_schedule_free_update(
    unsigned variant, long count, float *y, const float *grad, float *z, float *exp_avg_sq,
    const anneal_schedule_free_options *options) {
  ANNEAL_RUN(schedule_free, count, y, grad, z, exp_avg_sq, options)
}

int anneal_lr_free_accumulate(
    unsigned variant, long count, const float *parameter, const float *grad, const float *p0, float *s,
    float *exp_avg, float *exp_avg_sq, const anneal_lr_free_options *options, double *sums) {
  ANNEAL_RUN(lr_free_accumulate, count, parameter, grad, p0, s, exp_avg, exp_avg_sq, options, sums)
}

int anneal_prodigy_update(
    unsigned variant, long count, float *parameter, const float *grad, const float *exp_avg, const float *exp_avg_sq,
    const anneal_prodigy_options *options) {
  ANNEAL_RUN(prodigy, count, parameter, grad, exp_avg, exp_avg_sq, options)
}
