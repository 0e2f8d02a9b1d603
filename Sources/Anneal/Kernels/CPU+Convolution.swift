// Copyright © 2026 the Anneal authors.

/// The geometry of a 2-D convolution or pooling window over one image plane.
package struct ConvolutionGeometry: Sendable, Equatable {
  package var channels: Int
  package var height: Int
  package var width: Int
  package var kernel: (Int, Int)
  package var stride: (Int, Int)
  /// Zeros added before the first row and column (after the last ones, the output size says).
  package var padding: (Int, Int)
  package var dilation: (Int, Int)
  package var outputHeight: Int
  package var outputWidth: Int

  package static func == (a: Self, b: Self) -> Bool {
    a.channels == b.channels && a.height == b.height && a.width == b.width && a.kernel == b.kernel
      && a.stride == b.stride && a.padding == b.padding && a.dilation == b.dilation
      && a.outputHeight == b.outputHeight && a.outputWidth == b.outputWidth
  }

  /// Rows of the column matrix: one per (channel, kernel row, kernel column).
  package var columnRows: Int { channels * kernel.0 * kernel.1 }
  /// Columns of the column matrix: one per output position.
  package var columnCount: Int { outputHeight * outputWidth }
}

/// im2col and col2im: the convolution as a matrix product.
extension CPU {
  /// Writes the `[C·kH·kW, outH·outW]` column matrix of one `[C, H, W]` plane (contiguous, at
  /// `image`'s offset) into `columns` (contiguous), zeros where the window leaves the plane.
  package static func im2col(_ image: Tensor, _ g: ConvolutionGeometry, into columns: Tensor) {
    let x = base(image, Float.self)
    let c = base(columns, Float.self)
    let (kh, kw) = g.kernel
    let L = g.columnCount
    for ch in 0..<g.channels {
      for i in 0..<kh {
        for j in 0..<kw {
          let row = c + ((ch * kh + i) * kw + j) * L
          for oy in 0..<g.outputHeight {
            let y = oy * g.stride.0 - g.padding.0 + i * g.dilation.0
            let out = row + oy * g.outputWidth
            guard y >= 0 && y < g.height else {
              out.update(repeating: 0, count: g.outputWidth)
              continue
            }
            let line = x + (ch * g.height + y) * g.width
            for ox in 0..<g.outputWidth {
              let xx = ox * g.stride.1 - g.padding.1 + j * g.dilation.1
              out[ox] = xx >= 0 && xx < g.width ? line[xx] : 0
            }
          }
        }
      }
    }
  }

  /// Adds the column matrix `columns` back into the `[C, H, W]` plane `image` (the transpose
  /// of ``im2col(_:_:into:)``, for the input gradient).
  package static func col2im(_ columns: Tensor, _ g: ConvolutionGeometry, into image: Tensor) {
    let x = base(image, Float.self)
    let c = base(columns, Float.self)
    let (kh, kw) = g.kernel
    let L = g.columnCount
    for ch in 0..<g.channels {
      for i in 0..<kh {
        for j in 0..<kw {
          let row = c + ((ch * kh + i) * kw + j) * L
          for oy in 0..<g.outputHeight {
            let y = oy * g.stride.0 - g.padding.0 + i * g.dilation.0
            guard y >= 0 && y < g.height else { continue }
            let line = x + (ch * g.height + y) * g.width
            let from = row + oy * g.outputWidth
            for ox in 0..<g.outputWidth {
              let xx = ox * g.stride.1 - g.padding.1 + j * g.dilation.1
              if xx >= 0 && xx < g.width { line[xx] += from[ox] }
            }
          }
        }
      }
    }
  }
}

/// Pooling windows.
extension CPU {
  /// The maximum of each window of the contiguous `[planes, H, W]` input into `values`
  /// (`[planes, outH, outW]`) and the flat `H·W` index of its first occurrence into `indices`
  /// (int64), as PyTorch's CPU kernel: padding counts as −∞, the first of equal maxima wins and
  /// so does any NaN (the last one), and a window of −∞ reports its first position.
  package static func maxPool2d(_ x: Tensor, _ g: ConvolutionGeometry, planes: Int, values: Tensor, indices: Tensor) {
    let src = base(x, Float.self)
    let (v, ix) = (base(values, Float.self), base(indices, Int64.self))
    let area = g.height * g.width
    for plane in 0..<planes {
      let image = src + plane * area
      for oy in 0..<g.outputHeight {
        for ox in 0..<g.outputWidth {
          var best = -Float.infinity
          var bestIndex = -1
          for i in 0..<g.kernel.0 {
            let y = oy * g.stride.0 - g.padding.0 + i * g.dilation.0
            guard y >= 0 && y < g.height else { continue }
            for j in 0..<g.kernel.1 {
              let xx = ox * g.stride.1 - g.padding.1 + j * g.dilation.1
              guard xx >= 0 && xx < g.width else { continue }
              let value = image[y * g.width + xx]
              if bestIndex < 0 { bestIndex = y * g.width + xx }
              if value > best || value.isNaN {
                best = value
                bestIndex = y * g.width + xx
              }
            }
          }
          let o = (plane * g.outputHeight + oy) * g.outputWidth + ox
          v[o] = best
          ix[o] = Int64(bestIndex)
        }
      }
    }
  }
}

/// The windows of an average pooling: per output row and column, the input range it averages
/// and the extent that counts for the divisor.
package struct AveragePoolWindows: Sendable {
  package var rows: [(start: Int, end: Int, extent: Int)]
  package var columns: [(start: Int, end: Int, extent: Int)]
  /// Divide by the window's full extent (padding included) rather than its inputs.
  package var countIncludePad: Bool
  package var divisorOverride: Int?

  @inline(__always)
  func divisor(_ r: (start: Int, end: Int, extent: Int), _ c: (start: Int, end: Int, extent: Int)) -> Float {
    if let divisorOverride { return Float(divisorOverride) }
    return Float(countIncludePad ? r.extent * c.extent : (r.end - r.start) * (c.end - c.start))
  }
}

extension CPU {
  /// The mean of each window of the contiguous `[planes, H, W]` input into contiguous
  /// `[planes, outH, outW]` (PyTorch's CPU `avg_pool2d` / `adaptive_avg_pool2d`: a float sum in
  /// row-major window order, then one division).
  package static func averagePool(
    _ x: Tensor, height: Int, width: Int, _ w: AveragePoolWindows, planes: Int, into out: Tensor
  ) {
    let (src, dst) = (base(x, Float.self), base(out, Float.self))
    let (outH, outW) = (w.rows.count, w.columns.count)
    for plane in 0..<planes {
      let image = src + plane * height * width
      for (oy, r) in w.rows.enumerated() {
        for (ox, c) in w.columns.enumerated() {
          var sum: Float = 0
          if r.start < r.end && c.start < c.end {
            for y in r.start..<r.end {
              for xx in c.start..<c.end { sum += image[y * width + xx] }
            }
          }
          let o = (plane * outH + oy) * outW + ox
          dst[o] = r.start < r.end && c.start < c.end ? sum / w.divisor(r, c) : 0
        }
      }
    }
  }

  /// Spreads each output gradient evenly over its window (the backward of ``averagePool``).
  package static func averagePoolBackward(
    _ g: Tensor, height: Int, width: Int, _ w: AveragePoolWindows, planes: Int, into dx: Tensor
  ) {
    let (src, dst) = (base(g, Float.self), base(dx, Float.self))
    let (outH, outW) = (w.rows.count, w.columns.count)
    for plane in 0..<planes {
      let image = dst + plane * height * width
      for (oy, r) in w.rows.enumerated() {
        for (ox, c) in w.columns.enumerated() where r.start < r.end && c.start < c.end {
          let share = src[(plane * outH + oy) * outW + ox] / w.divisor(r, c)
          for y in r.start..<r.end {
            for xx in c.start..<c.end { image[y * width + xx] += share }
          }
        }
      }
    }
  }
}
