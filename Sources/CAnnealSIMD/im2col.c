// Copyright © 2026 the Anneal authors.
//
// im2col and col2im of a convolution. A copy (and an element-wise sum) on every processor, so
// one baseline implementation serves all: a row of a small image's column matrix is a few
// dozen floats, which the C library's memcpy moves in one or two overlapping full-width copies.
// AVX-512 and AVX2 loops with masked tails took as long as Swift's loop (32–40 µs per sample
// of pytorch/examples' second convolution); this takes about 20.

#include "AnnealSIMD.h"

#include <string.h>

#pragma STDC FP_CONTRACT OFF

/// The outputs `o < outputs` whose input `o·stride + offset` lies in `0 ..< size`, as
/// `[*lo, *hi)`: the columns of a kernel column, or the rows of a kernel row.
static void valid_range(long offset, long stride, long size, long outputs, long *lo, long *hi) {
  long first = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
  long last = size - offset <= 0 ? 0 : (size - offset + stride - 1) / stride;
  if (first > outputs) first = outputs;
  if (last > outputs) last = outputs;
  *lo = first;
  *hi = last > first ? last : first;
}

static inline void zero_floats(float *to, long n) {
  if (n > 0) memset(to, 0, (size_t)n * sizeof(float));
}

/// One row of the column matrix, that of kernel position (i, j) of channel `ch`: it starts at
/// `columns + row`; its output rows `first ..< last` and output columns `lo ..< hi` read the
/// plane, output row `first`'s column `ox` at `image + line + ox·stride_w`.
typedef struct {
  long first, last, lo, hi, row, line;
} window_row;

static inline window_row locate(const anneal_convolution_geometry *g, long ch, long i, long j) {
  window_row w;
  long top = i * g->dilation_h - g->padding_h, left = j * g->dilation_w - g->padding_w;
  valid_range(top, g->stride_h, g->height, g->output_height, &w.first, &w.last);
  valid_range(left, g->stride_w, g->width, g->output_width, &w.lo, &w.hi);
  w.row = ((ch * g->kernel_h + i) * g->kernel_w + j) * g->output_height * g->output_width;
  w.line = (ch * g->height + w.first * g->stride_h + top) * g->width + left;
  return w;
}

void anneal_im2col(const float *restrict image, const anneal_convolution_geometry *geometry, float *restrict columns) {
  // Read once: as far as the compiler knows, the stores below could change the geometry.
  const anneal_convolution_geometry g = *geometry;
  const long ow = g.output_width, oh = g.output_height, s = g.stride_w, row_step = g.stride_h * g.width;
  for (long ch = 0; ch < g.channels; ch++) {
    for (long i = 0; i < g.kernel_h; i++) {
      for (long j = 0; j < g.kernel_w; j++) {
        window_row w = locate(&g, ch, i, j);
        float *out = columns + w.row;
        zero_floats(out, w.first * ow);
        zero_floats(out + w.last * ow, (oh - w.last) * ow);
        out += w.first * ow;
        const float *line = image + w.line;
        if (s == 1 && w.lo == 0 && w.hi == ow) {
          // Every output column inside the plane: a row is one copy (a fifth faster this way).
          for (long oy = w.first; oy < w.last; oy++, out += ow, line += row_step) {
            memcpy(out, line, (size_t)ow * sizeof(float));
          }
          continue;
        }
        for (long oy = w.first; oy < w.last; oy++, out += ow, line += row_step) {
          zero_floats(out, w.lo);
          if (s == 1) {
            memcpy(out + w.lo, line + w.lo, (size_t)(w.hi - w.lo) * sizeof(float));
          } else {
            for (long ox = w.lo; ox < w.hi; ox++) out[ox] = line[ox * s];
          }
          zero_floats(out + w.hi, ow - w.hi);
        }
      }
    }
  }
}

void anneal_col2im(const float *restrict columns, const anneal_convolution_geometry *geometry, float *restrict image) {
  const anneal_convolution_geometry g = *geometry;
  const long ow = g.output_width, s = g.stride_w, row_step = g.stride_h * g.width;
  for (long ch = 0; ch < g.channels; ch++) {
    for (long i = 0; i < g.kernel_h; i++) {
      for (long j = 0; j < g.kernel_w; j++) {
        window_row w = locate(&g, ch, i, j);
        const float *from = columns + w.row + w.first * ow;
        float *line = image + w.line;
        for (long oy = w.first; oy < w.last; oy++, from += ow, line += row_step) {
          if (s == 1) {
            for (long ox = w.lo; ox < w.hi; ox++) line[ox] += from[ox];
          } else {
            for (long ox = w.lo; ox < w.hi; ox++) line[ox * s] += from[ox];
          }
        }
      }
    }
  }
}
