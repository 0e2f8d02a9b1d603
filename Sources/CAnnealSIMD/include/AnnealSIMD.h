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
/// `j < length`, in the vector registers of `variant`, with the bits of dividing each byte
/// alone: by IEEE division per lane, or by the reciprocal with one fused correction where that
/// was checked to give division's result for all 256 bytes under the caller's floating-point
/// modes. The caller checks the row indices.
///
/// Returns 0; -1 without touching anything when `variant` is not available or has no such
/// kernel (NEON: the portable Swift code is already vectorised there).
int anneal_collate_bytes(
    unsigned variant, const unsigned char *source, const long *rows, long count, long length, float divisor,
    float *target);

/// The geometry of a 2-D convolution over one `[channels, height, width]` plane whose column
/// matrix has `channels·kernel_h·kernel_w` rows of `output_height·output_width` columns (Anneal's
/// `ConvolutionGeometry`; padding is added before the first row and column).
typedef struct {
  long channels, height, width;
  long kernel_h, kernel_w, stride_h, stride_w, padding_h, padding_w, dilation_h, dilation_w;
  long output_height, output_width;
} anneal_convolution_geometry;

/// Writes the column matrix of the contiguous plane `image` into `columns`: row
/// `(c·kernel_h + i)·kernel_w + j`, column `oy·output_width + ox` holds
/// `image[c, oy·stride_h − padding_h + i·dilation_h, ox·stride_w − padding_w + j·dilation_w]`, or
/// 0 where that leaves the plane. The same on every processor (a copy), with no vector variant.
/// The caller checks the sizes; the two buffers do not overlap.
void anneal_im2col(const float *image, const anneal_convolution_geometry *geometry, float *columns);

/// Adds the column matrix `columns` back into the plane `image` (the transpose of
/// ``anneal_im2col``): every element adds its contributions one by one, in the order of the
/// column matrix's rows and then its columns.
void anneal_col2im(const float *columns, const anneal_convolution_geometry *geometry, float *image);

/// The scalars of an SGD update (``anneal_sgd_update``), as PyTorch's single-tensor `sgd`
/// computes them in float32.
typedef struct {
  /// −lr.
  float neg_lr;
  float momentum;
  /// 1 − dampening.
  float one_minus_dampening;
  /// Coupled weight decay (added to the gradient), 0 for none.
  float weight_decay;
  int nesterov;
  int maximize;
  /// The momentum buffer is set to the gradient (its first step) rather than updated.
  int is_first;
} anneal_sgd_options;

/// One SGD step over `count` elements, as PyTorch's single-tensor `sgd`: per element the
/// gradient (negated when maximizing, plus `weight_decay · p`), with a momentum buffer (not NULL)
/// `buf · momentum + (1 − dampening)·d` (or `d` on the first step) and `d + momentum · buf` with
/// Nesterov (else `buf`), then `p + neg_lr · d`; each in that order of operations, without fused
/// multiply-adds, in the vector registers of `variant`.
///
/// Returns 0; -1 without touching anything when `variant` is not available.
int anneal_sgd_update(
    unsigned variant, long count, float *parameter, const float *grad, float *momentum_buffer,
    const anneal_sgd_options *options);

/// The scalars of an Adam or AdamW update (``anneal_adam_update``), as PyTorch's single-tensor
/// `adam` computes them in float32.
typedef struct {
  /// 1 − β₁, the weight of `exp_avg.lerp_(grad, 1 − β₁)`.
  float weight;
  float beta2;
  float one_minus_beta2;
  /// −lr / (1 − β₁ᵗ).
  float value;
  /// √(1 − β₂ᵗ).
  float bias2_sqrt;
  float eps;
  /// 0 for none; coupled (added to the gradient) unless `decoupled`.
  float weight_decay;
  /// 1 − lr · weight_decay, the decoupled (AdamW) shrink of the parameter.
  float shrink;
  int decoupled;
  int maximize;
} anneal_adam_options;

/// One Adam/AdamW step over `count` elements: per element, the gradient (negated when
/// maximizing, plus `weight_decay · p` when coupled; `p · shrink` when decoupled), `exp_avg`
/// lerped toward it (`m + w·(d − m)`, or `d − (d − m)·(1 − w)` for w ≥ 0.5), `exp_avg_sq · β₂ +
/// (1 − β₂)·d·d`, its running maximum in `max_exp_avg_sq` (AMSGrad, when not NULL), and
/// `p + value · m / (√v / bias2_sqrt + eps)`; each in that order of operations, without fused
/// multiply-adds, in the vector registers of `variant`.
///
/// Returns 0; -1 without touching anything when `variant` is not available.
int anneal_adam_update(
    unsigned variant, long count, float *parameter, const float *grad, float *exp_avg, float *exp_avg_sq,
    float *max_exp_avg_sq, const anneal_adam_options *options);

/// The scalars of an Adadelta update (``anneal_adadelta_update``).
typedef struct {
  float rho;
  float one_minus_rho;
  float eps;
  /// Coupled weight decay (added to the gradient), 0 for none.
  float weight_decay;
  /// −lr.
  float neg_lr;
  int maximize;
} anneal_adadelta_options;

/// One Adadelta step over `count` elements, as PyTorch's single-tensor `adadelta`:
/// `square_avg · ρ + (1 − ρ)·d·d`, `delta = √(acc_delta + eps) / √(square_avg + eps) · d`,
/// `acc_delta · ρ + (1 − ρ)·delta·delta`, `p + neg_lr · delta`; each in that order of
/// operations, without fused multiply-adds, in the vector registers of `variant`.
///
/// Returns 0; -1 without touching anything when `variant` is not available.
int anneal_adadelta_update(
    unsigned variant, long count, float *parameter, const float *grad, float *square_avg, float *acc_delta,
    const anneal_adadelta_options *options);

/// The scalars of an RMSprop update (``anneal_rmsprop_update``).
typedef struct {
  float alpha;
  /// 1 − alpha.
  float weight;
  float eps;
  /// Coupled weight decay (added to the gradient), 0 for none.
  float weight_decay;
  float momentum;
  /// −lr.
  float neg_lr;
  int maximize;
} anneal_rmsprop_options;

/// One RMSprop step over `count` elements, as PyTorch's single-tensor `rmsprop`:
/// `square_avg · α + (1 − α)·d·d`; centered (`grad_avg` not NULL): `grad_avg` lerped toward d
/// and the denominator `√(square_avg + (−1·grad_avg)·grad_avg)`, else `√square_avg`; plus eps;
/// with a momentum buffer (not NULL) `buf · momentum + d / denominator` and `p + neg_lr · buf`,
/// else `p + neg_lr · d / denominator`. Same contract as ``anneal_adam_update``.
int anneal_rmsprop_update(
    unsigned variant, long count, float *parameter, const float *grad, float *square_avg, float *grad_avg,
    float *momentum_buffer, const anneal_rmsprop_options *options);

/// The scalars of an Adagrad update (``anneal_adagrad_update``).
typedef struct {
  float eps;
  /// Coupled weight decay (added to the gradient), 0 for none.
  float weight_decay;
  /// −lr / (1 + (step − 1) · lr_decay).
  float neg_clr;
  int maximize;
} anneal_adagrad_options;

/// One Adagrad step over `count` elements, as PyTorch's single-tensor `adagrad`:
/// `sum + 1·d·d`, `p + neg_clr · d / (√sum + eps)`. Same contract as ``anneal_adam_update``.
int anneal_adagrad_update(
    unsigned variant, long count, float *parameter, const float *grad, float *sum,
    const anneal_adagrad_options *options);

/// The scalars of a NAdam or RAdam update (``anneal_nadam_radam_update``).
typedef struct {
  /// 1 − β₁.
  float weight;
  float beta2;
  float one_minus_beta2;
  /// NAdam: 1 − β₂ᵗ, under the square root; RAdam: √(1 − β₂ᵗ), over it.
  float bias_correction2;
  float eps;
  /// 0 for none; coupled (added to the gradient) unless `decoupled`.
  float weight_decay;
  /// 1 − lr · weight_decay, the decoupled shrink of the parameter.
  float shrink;
  /// NAdam: the coefficients of the gradient and of `exp_avg` in the update.
  float grad_value, average_value;
  /// RAdam: 1 − β₁ᵗ, lr and the rectification term (used when `rectified`).
  float bias_correction1, lr, rect;
  int decoupled;
  int maximize;
  /// RAdam rather than NAdam.
  int radam;
  int rectified;
} anneal_nadam_radam_options;

/// One NAdam or RAdam step over `count` elements, as PyTorch's single-tensor `nadam` and
/// `radam`: the decayed gradient d, `exp_avg` lerped toward it, `exp_avg_sq · β₂ + (1 − β₂)·d·d`;
/// NAdam: `p + grad_value · d / den`, then `+ average_value · m / den` with
/// `den = √(v / bias_correction2) + eps`; RAdam: `update = m / bias_correction1 · lr`, times
/// `(bias_correction2 / (√v + eps)) · rect` when rectified, and `p + −1 · update`. Same contract
/// as ``anneal_adam_update``.
int anneal_nadam_radam_update(
    unsigned variant, long count, float *parameter, const float *grad, float *exp_avg, float *exp_avg_sq,
    const anneal_nadam_radam_options *options);

/// The scalars of a Schedule-Free step (``anneal_schedule_free_update``).
typedef struct {
  float beta2;
  float one_minus_beta2;
  /// 1 − β₂ᵗ (the `schedulefree` package's bias correction, under the square root).
  float bias_correction2;
  float eps;
  float weight_decay;
  /// The weight of `y.lerp_(z, ckp1)`.
  float ckp1;
  /// lr · (β₁ · (1 − ckp1) − 1), the gradient's coefficient in y.
  float alpha;
  float lr;
  /// Divide the gradient by `√(v / bias_correction2) + eps` (AdamW, and RAdam once rectified).
  int normalize;
} anneal_schedule_free_options;

/// One Schedule-Free step over `count` elements, in the `schedulefree` package's order: with
/// `exp_avg_sq` (not NULL) `v · β₂ + (1 − β₂)·g·g` and, when normalizing, `g / (√(v / bc₂) +
/// eps)`; plus `weight_decay · y`; `y = lerp(y, z, ckp1) + alpha · g`; `z = z − lr · g`. Same
/// contract as ``anneal_adam_update``.
int anneal_schedule_free_update(
    unsigned variant, long count, float *y, const float *grad, float *z, float *exp_avg_sq,
    const anneal_schedule_free_options *options);

/// The scalars of Prodigy's and D-Adapt Adam's accumulation (``anneal_lr_free_accumulate``).
typedef struct {
  /// Coupled weight decay (added to the gradient), 0 for none.
  float weight_decay;
  /// D-Adapt Adam: the eps of its numerator's denominator.
  float eps;
  float beta1, beta2;
  /// Prodigy: β₃; D-Adapt Adam: √β₂.
  float beta3;
  /// The coefficients of the gradient in `exp_avg`, `exp_avg_sq` (of d·d) and `s`.
  float m_alpha, v_value, s_alpha;
} anneal_lr_free_options;

/// One pass of Prodigy's (`p0` not NULL) or D-Adapt Adam's (`p0` NULL) step over `count`
/// elements: with d the gradient plus `weight_decay · p`, the numerator's sum of
/// `d · (p0 − p)` (Prodigy) or `d · (s / (√v + eps))` with the old `s` and `v` (D-Adapt), then
/// `exp_avg · β₁ + m_alpha · d` (when not NULL), `v · β₂ + v_value · d · d`, `s · β₃ +
/// s_alpha · d`, and the sum of `|s|`. The two sums are in double, element by element in order
/// (each term a float converted), into `sums[0]` and `sums[1]`. Same contract as
/// ``anneal_adam_update``.
int anneal_lr_free_accumulate(
    unsigned variant, long count, const float *parameter, const float *grad, const float *p0, float *s,
    float *exp_avg, float *exp_avg_sq, const anneal_lr_free_options *options, double *sums);

/// The scalars of Prodigy's and D-Adapt Adam's parameter update (``anneal_prodigy_update``).
typedef struct {
  /// Coupled weight decay, used when there is no `exp_avg`.
  float weight_decay;
  float eps;
  /// The decoupled decay's factor, `p + shrink · p` (0 for none).
  float shrink;
  float value;
} anneal_prodigy_options;

/// `p + value · (numerator / (√v + eps))` over `count` elements, the numerator `exp_avg` or,
/// when it is NULL, the gradient plus `weight_decay · p`; after `p + shrink · p` when `shrink`
/// is not 0. Same contract as ``anneal_adam_update``.
int anneal_prodigy_update(
    unsigned variant, long count, float *parameter, const float *grad, const float *exp_avg, const float *exp_avg_sq,
    const anneal_prodigy_options *options);

#ifdef __cplusplus
}
#endif

#endif
