// Copyright © 2026 the Anneal authors.

import CAnnealSIMD

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

  package init(
    channels: Int, height: Int, width: Int, kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int),
    dilation: (Int, Int), outputHeight: Int, outputWidth: Int
  ) {
    (self.channels, self.height, self.width) = (channels, height, width)
    (self.kernel, self.stride, self.padding, self.dilation) = (kernel, stride, padding, dilation)
    (self.outputHeight, self.outputWidth) = (outputHeight, outputWidth)
  }

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
    im2col(UnsafePointer(base(image, Float.self)), g, base(columns, Float.self))
  }

  /// Adds the column matrix `columns` back into the `[C, H, W]` plane `image` (the transpose
  /// of ``im2col(_:_:into:)``, for the input gradient).
  package static func col2im(_ columns: Tensor, _ g: ConvolutionGeometry, into image: Tensor) {
    col2im(UnsafePointer(base(columns, Float.self)), g, base(image, Float.self))
  }

  /// The geometry as the C kernels take it.
  private static func cGeometry(_ g: ConvolutionGeometry) -> anneal_convolution_geometry {
    anneal_convolution_geometry(
      channels: g.channels, height: g.height, width: g.width, kernel_h: g.kernel.0, kernel_w: g.kernel.1,
      stride_h: g.stride.0, stride_w: g.stride.1, padding_h: g.padding.0, padding_w: g.padding.1,
      dilation_h: g.dilation.0, dilation_w: g.dilation.1, output_height: g.outputHeight,
      output_width: g.outputWidth)
  }

  /// im2col of one plane, in C on every processor: a row of a few dozen floats is one or two
  /// overlapping copies of the C library's `memcpy` there, a third of the time of Swift's loop
  /// (22–26 against 60–68 µs per sample at pytorch/examples' second convolution, in one
  /// process).
  package static func im2col(_ x: UnsafePointer<Float>, _ g: ConvolutionGeometry, _ c: UnsafeMutablePointer<Float>) {
    var geometry = cGeometry(g)
    anneal_im2col(x, &geometry, c)
  }

  /// col2im of one plane, in C as ``im2col(_:_:_:)``; each element adds its contributions one
  /// by one in the column matrix's order.
  package static func col2im(_ c: UnsafePointer<Float>, _ g: ConvolutionGeometry, _ x: UnsafeMutablePointer<Float>) {
    var geometry = cGeometry(g)
    anneal_col2im(c, &geometry, x)
  }

  /// Splits `count` items into `parts` consecutive ranges of nearly equal size.
  @inline(__always)
  private static func share(_ part: Int, of parts: Int, _ count: Int) -> Range<Int> {
    (count * part / parts)..<(count * (part + 1) / parts)
  }

  /// A grouped 2-D convolution as PyTorch's `slow_conv2d`: per sample and group, im2col and
  /// one product `weight · columns`, added to the output planes filled with the bias, or
  /// written without one. Samples are shared among the kernel threads; each sample's arithmetic
  /// is the same whichever thread runs it. The columns are a per-thread scratch that stays in
  /// cache; the backward pass computes them again (keeping a batch's columns, 42 MB at
  /// pytorch/examples' second convolution, would send them through memory twice).
  ///
  /// `input` is contiguous `[n, groups·g.channels, H, W]`, `weight` contiguous
  /// `[O, g.columnRows]`, `bias` contiguous `[O]`, `output` contiguous `[n, O, outH, outW]`.
  package static func convolution2d(
    input: Tensor, weight: Tensor, bias: Tensor?, _ g: ConvolutionGeometry, groups: Int, output: Tensor
  ) {
    let n = input.shape[0]
    let o = weight.shape[0]
    let og = o / groups
    let (rows, count) = (g.columnRows, g.columnCount)
    let (x, w, y) = (
      UnsafePointer(base(input, Float.self)), UnsafePointer(base(weight, Float.self)), base(output, Float.self)
    )
    let shift = bias.map { UnsafePointer(base($0, Float.self)) }
    let plane = g.channels * g.height * g.width
    let parts = Swift.min(n, WorkerPool.shared.threads)
    WorkerPool.shared.run(parts: parts) { part in
      let scratch = Tensor.empty([rows * count])
      let columns = base(scratch, Float.self)
      for sample in share(part, of: parts, n) {
        if let shift {
          for channel in 0..<o { (y + (sample * o + channel) * count).update(repeating: shift[channel], count: count) }
        }
        for group in 0..<groups {
          im2col(x + (sample * groups + group) * plane, g, columns)
          GEMM.sgemm(
            transA: false, transB: false, m: og, n: count, k: rows, alpha: 1, a: w + group * og * rows, lda: rows,
            b: columns, ldb: count, beta: shift == nil ? 0 : 1, c: y + (sample * o + group * og) * count, ldc: count)
        }
      }
    }
  }

  /// The input gradient of ``convolution2d(input:weight:bias:_:groups:output:)``: per sample
  /// and group, `weightᵀ · gradOutput` into columns, then col2im into `gradInput` (contiguous
  /// `[n, C, H, W]`, overwritten: each sample is zeroed by the thread that adds into it).
  /// Samples are shared among the kernel threads.
  package static func convolution2dInputGradient(
    gradOutput: Tensor, weight: Tensor, _ g: ConvolutionGeometry, groups: Int, gradInput: Tensor
  ) {
    let n = gradInput.shape[0]
    let o = weight.shape[0]
    let og = o / groups
    let (rows, count) = (g.columnRows, g.columnCount)
    let (dy, w, dx) = (
      UnsafePointer(base(gradOutput, Float.self)), UnsafePointer(base(weight, Float.self)), base(gradInput, Float.self)
    )
    let plane = g.channels * g.height * g.width
    let parts = Swift.min(n, WorkerPool.shared.threads)
    WorkerPool.shared.run(parts: parts) { part in
      let scratch = Tensor.empty([rows * count])
      let columns = base(scratch, Float.self)
      for sample in share(part, of: parts, n) {
        (dx + sample * groups * plane).update(repeating: 0, count: groups * plane)
        for group in 0..<groups {
          GEMM.sgemm(
            transA: true, transB: false, m: rows, n: count, k: og, alpha: 1, a: w + group * og * rows, lda: rows,
            b: dy + (sample * o + group * og) * count, ldb: count, beta: 0, c: columns, ldc: count)
          col2im(columns, g, dx + (sample * groups + group) * plane)
        }
      }
    }
  }

  /// Both gradients of ``convolution2d(input:weight:bias:_:groups:output:)`` (either may be
  /// `nil`). With Anneal's own kernels, which form each element the same way whatever part of a
  /// product is computed, the weight gradient's columns are shared among the kernel threads,
  /// then the input gradient's samples. A CBLAS may sum a part of a product differently from
  /// the whole, so with one the weight gradient runs whole on one thread while the input
  /// gradient runs on another, each as it would alone.
  package static func convolution2dBackward(
    gradOutput: Tensor, input: Tensor, weight: Tensor, _ g: ConvolutionGeometry, groups: Int, gradInput: Tensor?,
    gradWeight: Tensor?
  ) {
    let sharesWeightGradient = GEMM.Backend.current.partsKeepBits
    func inputGradient() {
      if let gradInput {
        convolution2dInputGradient(gradOutput: gradOutput, weight: weight, g, groups: groups, gradInput: gradInput)
      }
    }
    func weightGradient() {
      if let gradWeight {
        convolution2dWeightGradient(
          gradOutput: gradOutput, input: input, g, groups: groups, gradWeight: gradWeight,
          parts: sharesWeightGradient ? WorkerPool.shared.threads : 1)
      }
    }
    guard gradInput != nil && gradWeight != nil && !sharesWeightGradient else {
      weightGradient()
      inputGradient()
      return
    }
    WorkerPool.shared.run(parts: 2) { $0 == 0 ? weightGradient() : inputGradient() }
  }

  /// The weight gradient of ``convolution2d(input:weight:bias:_:groups:output:)``, added into
  /// `gradWeight` (contiguous `[O, rows]`): Σ over samples, in order, of `gradOutput · columnsᵀ`,
  /// one product per sample and group, with the columns computed again from `input`. With
  /// `parts` above 1 the input channels (the gradient's column blocks) are shared among the
  /// kernel threads, each forming the columns of its channels only: only for kernels whose
  /// result for part of a product is that of the whole (not a CBLAS, which may sum a block's
  /// edge differently).
  package static func convolution2dWeightGradient(
    gradOutput: Tensor, input: Tensor, _ g: ConvolutionGeometry, groups: Int, gradWeight: Tensor, parts: Int = 1
  ) {
    let n = input.shape[0]
    let o = gradWeight.shape[0]
    let og = o / groups
    let (rows, count) = (g.columnRows, g.columnCount)
    let (dy, x, dw) = (
      UnsafePointer(base(gradOutput, Float.self)), UnsafePointer(base(input, Float.self)), base(gradWeight, Float.self)
    )
    let plane = g.channels * g.height * g.width
    let window = g.kernel.0 * g.kernel.1
    let parts = Swift.max(1, Swift.min(parts, g.channels))
    WorkerPool.shared.run(parts: parts) { part in
      let channels = share(part, of: parts, g.channels)
      guard !channels.isEmpty else { return }
      var mine = g
      mine.channels = channels.count
      let scratch = Tensor.empty([mine.columnRows * count])
      let columns = base(scratch, Float.self)
      for sample in 0..<n {
        for group in 0..<groups {
          im2col(x + (sample * groups + group) * plane + channels.lowerBound * g.height * g.width, mine, columns)
          GEMM.sgemm(
            transA: false, transB: true, m: og, n: mine.columnRows, k: count, alpha: 1,
            a: dy + (sample * o + group * og) * count, lda: count, b: columns, ldb: count, beta: 1,
            c: dw + group * og * rows + channels.lowerBound * window, ldc: rows)
        }
      }
    }
  }
}

extension CPU {
  /// The per-channel sums of a contiguous `[n, C, L]` gradient into contiguous `[C]` (a
  /// convolution's bias gradient): as ``sum(_:into:)`` over dimensions 0 and 2 (each plane
  /// summed in `Double`, the planes added in sample order), with the channels shared among the
  /// kernel threads.
  package static func channelSums(_ g: Tensor, into out: Tensor) {
    let (n, channels, length) = (g.shape[0], g.shape[1], g.shape[2])
    let (src, dst) = (UnsafePointer(base(g, Float.self)), base(out, Float.self))
    let parts = n * channels * length >= 1 << 18 ? Swift.min(channels, WorkerPool.shared.threads) : 1
    WorkerPool.shared.run(parts: parts) { part in
      let mine = share(part, of: parts, channels)
      var channel = mine.lowerBound
      // Four channels at a time, as four independent chains of additions (each in the order of
      // one channel alone), so that the processor overlaps their latencies.
      while channel + 4 <= mine.upperBound {
        var total = SIMD4<Double>()
        for sample in 0..<n {
          let plane = src + (sample * channels + channel) * length
          var t = SIMD4<Double>()
          for i in 0..<length {
            t += SIMD4(
              Double(plane[i]), Double(plane[length + i]), Double(plane[2 * length + i]),
              Double(plane[3 * length + i]))
          }
          total += t
        }
        for lane in 0..<4 { dst[channel + lane] = Float(total[lane]) }
        channel += 4
      }
      for channel in channel..<mine.upperBound {
        var total = 0.0
        for sample in 0..<n {
          let plane = src + (sample * channels + channel) * length
          var t = 0.0
          for i in 0..<length { t += Double(plane[i]) }
          total += t
        }
        dst[channel] = Float(total)
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
    let src = UnsafePointer(base(x, Float.self))
    let (v, ix) = (base(values, Float.self), base(indices, Int64.self))
    let area = g.height * g.width
    let outArea = g.outputHeight * g.outputWidth
    // The common 2×2 window with stride 2 and no padding: no bounds to check.
    let plain =
      g.kernel == (2, 2) && g.stride == (2, 2) && g.padding == (0, 0) && g.dilation == (1, 1)
      && 2 * g.outputHeight <= g.height && 2 * g.outputWidth <= g.width
    // The plain windows of a row of 8 or more go through vector registers, positions in 32 bits.
    let vectorized = g.outputWidth >= 8 && area <= Int(Int32.max)
    let parts = planes * outArea >= 16384 ? Swift.min(planes, WorkerPool.shared.threads) : 1
    WorkerPool.shared.run(parts: parts) { part in
      for plane in share(part, of: parts, planes) {
        let image = src + plane * area
        let out = plane * outArea
        if plain {
          for oy in 0..<g.outputHeight {
            let top = 2 * oy * g.width
            var ox = 0
            // Eight windows at a time, each lane deciding as the scalar code below does. The
            // last eight end at the row's end, overlapping the ones before (written again with
            // the same values) instead of leaving a scalar tail.
            while vectorized && ox < g.outputWidth {
              let at = Swift.min(ox, g.outputWidth - 8)
              let upper = UnsafeRawPointer(image + top + 2 * at).loadUnaligned(as: SIMD16<Float>.self)
              let lower = UnsafeRawPointer(image + top + g.width + 2 * at).loadUnaligned(as: SIMD16<Float>.self)
              var best = upper.evenHalf
              var which = SIMD8<Int32>()  // 0: top left, 1: top right, 2: bottom left, 3: bottom right
              @inline(__always) func consider(_ candidate: SIMD8<Float>, _ code: Int32) {
                let wins = (candidate .> best) .| (candidate .!= candidate)
                best.replace(with: candidate, where: wins)
                which.replace(with: code, where: wins)
              }
              consider(upper.oddHalf, 1)
              consider(lower.evenHalf, 2)
              consider(lower.oddHalf, 3)
              let o = out + oy * g.outputWidth + at
              UnsafeMutableRawPointer(v + o).storeBytes(of: best, as: SIMD8<Float>.self)
              let first = SIMD8<Int32>(repeating: Int32(top + 2 * at)) &+ SIMD8(0, 2, 4, 6, 8, 10, 12, 14)
              let position = first &+ (which & 1) &+ (which &>> 1) &* Int32(g.width)
              UnsafeMutableRawPointer(ix + o).storeBytes(
                of: SIMD8<Int64>(truncatingIfNeeded: position), as: SIMD8<Int64>.self)
              ox = at + 8
            }
            for ox in ox..<g.outputWidth {
              // Windows read in PyTorch's order: the first of equal maxima wins, NaN wins.
              let first = 2 * oy * g.width + 2 * ox
              var bestIndex = first
              var best = image[first]
              @inline(__always) func consider(_ candidate: Int) {
                let value = image[candidate]
                if value > best || value.isNaN {
                  best = value
                  bestIndex = candidate
                }
              }
              consider(first + 1)
              consider(first + g.width)
              consider(first + g.width + 1)
              v[out + oy * g.outputWidth + ox] = best
              ix[out + oy * g.outputWidth + ox] = Int64(bestIndex)
            }
          }
          continue
        }
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
            let o = out + oy * g.outputWidth + ox
            v[o] = best
            ix[o] = Int64(bestIndex)
          }
        }
      }
    }
  }
}

extension CPU {
  /// The input gradient of ``maxPool2d(_:_:planes:values:indices:)`` into `gradInput`
  /// (contiguous `[planes, inputArea]`, overwritten): per plane, zeros, then each output's
  /// gradient added at its index, in output order (a scatter-add), the planes shared among the
  /// kernel threads.
  package static func maxPool2dBackward(
    _ gradOutput: Tensor, indices: Tensor, planes: Int, inputArea: Int, outputArea: Int, into gradInput: Tensor
  ) {
    let (g, ix, dx) = (
      UnsafePointer(base(gradOutput, Float.self)), UnsafePointer(base(indices, Int64.self)), base(gradInput, Float.self)
    )
    let parts = planes * inputArea >= 1 << 16 ? Swift.min(planes, WorkerPool.shared.threads) : 1
    WorkerPool.shared.run(parts: parts) { part in
      let range = share(part, of: parts, planes)
      guard !range.isEmpty else { return }
      (dx + range.lowerBound * inputArea).update(repeating: 0, count: range.count * inputArea)
      for plane in range {
        let (image, from, at) = (dx + plane * inputArea, g + plane * outputArea, ix + plane * outputArea)
        for o in 0..<outputArea { image[Int(at[o])] += from[o] }
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
