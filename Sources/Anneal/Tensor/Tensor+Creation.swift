// Copyright © 2026 the Anneal authors.

extension Tensor {
  /// A tensor of `shape` filled with `value` (PyTorch: `torch.full`).
  public static func full(
    _ shape: [Int], _ value: Float, dtype: DType = .float32, requiresGrad: Bool = false
  ) -> Tensor {
    let t = empty(shape, dtype: dtype)
    if dtype == .float32 {
      CPU.base(t, Float.self).initialize(repeating: value, count: t.count)
    } else {
      Kernels.fill(t, with: Double(value))
    }
    if requiresGrad { t.requiresGrad_() }
    return t
  }

  /// An uninitialised tensor (PyTorch: `torch.empty`); every element must be written.
  package static func empty(_ shape: [Int], dtype: DType = .float32) -> Tensor {
    check(shape.allSatisfy { $0 >= 0 }, "Trying to create tensor with negative dimension: \(shape)")
    return Tensor(storage: Storage(uninitializedCount: elementCount(shape), dtype: dtype), dtype: dtype, shape: shape)
  }

  /// A tensor of zeros (PyTorch: `torch.zeros`).
  public static func zeros(_ shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false) -> Tensor {
    full(shape, 0, dtype: dtype, requiresGrad: requiresGrad)
  }

  /// A tensor of ones (PyTorch: `torch.ones`).
  public static func ones(_ shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false) -> Tensor {
    full(shape, 1, dtype: dtype, requiresGrad: requiresGrad)
  }

  /// A tensor of zeros with this tensor's shape and dtype (PyTorch: `torch.zeros_like`).
  public func zerosLike() -> Tensor { .zeros(shape, dtype: dtype) }

  /// A tensor of ones with this tensor's shape and dtype (PyTorch: `torch.ones_like`).
  public func onesLike() -> Tensor { .ones(shape, dtype: dtype) }

  /// A tensor of `value` with this tensor's shape and dtype (PyTorch: `torch.full_like`).
  public func fullLike(_ value: Float) -> Tensor { .full(shape, value, dtype: dtype) }

  /// Samples of U[0, 1) (PyTorch: `torch.rand`).
  ///
  /// - Parameters:
  ///   - generator: The random source. The default is ``Generator/default``.
  ///   - shape: The sizes of the dimensions.
  public static func rand(_ shape: [Int], generator: Generator = .default) -> Tensor {
    let t = empty(shape)
    generator.fillUniform(UnsafeMutableBufferPointer(start: CPU.base(t, Float.self), count: t.count), low: 0, high: 1)
    return t
  }

  /// Samples of the standard normal distribution (PyTorch: `torch.randn`).
  ///
  /// - Parameters:
  ///   - generator: The random source. The default is ``Generator/default``.
  ///   - shape: The sizes of the dimensions.
  public static func randn(_ shape: [Int], generator: Generator = .default) -> Tensor {
    let t = zeros(shape)
    generator.fillNormal(UnsafeMutableBufferPointer(start: CPU.base(t, Float.self), count: t.count), mean: 0, std: 1)
    return t
  }

  /// The integers `0 ..< n` as float32 (PyTorch: `torch.arange(n, dtype=torch.float32)`).
  public static func arange(_ n: Int) -> Tensor { arange(0, n, dtype: .float32) }

  /// `start, start + step, …` below `end` (PyTorch: `torch.arange(start, end, step)`); the
  /// dtype is int64 by default, as PyTorch's for integer arguments.
  public static func arange(_ start: Int, _ end: Int, step: Int = 1, dtype: DType = .int64) -> Tensor {
    check(step != 0, "step must be nonzero")
    let n = Swift.max(0, (end - start + step + (step > 0 ? -1 : 1)) / step)
    let values = (0..<n).map { Int64(start + $0 * step) }
    let t = Tensor(elements: values)
    return dtype == .int64 ? t : t.to(dtype)
  }

  /// `steps` evenly spaced float32 values from `start` to `end` inclusive (PyTorch:
  /// `torch.linspace`), computed as PyTorch's CPU kernel does: from the start for the first
  /// half and from the end for the second, each with one fused multiply-add (as the compiled
  /// kernel contracts `start + step * i`).
  public static func linspace(_ start: Float, _ end: Float, steps: Int) -> Tensor {
    check(steps >= 0, "number of steps must be non-negative")
    guard steps > 1 else { return Tensor(steps == 1 ? [start] : []) }
    let step = (end - start) / Float(steps - 1)
    let half = steps / 2
    let values = (0..<steps).map { i in
      i < half ? start.addingProduct(step, Float(i)) : end.addingProduct(-step, Float(steps - i - 1))
    }
    return Tensor(values)
  }

  /// A `[…, classes]` int64 tensor with a 1 at each index of this int64 tensor (PyTorch:
  /// `torch.nn.functional.one_hot`); `numClasses` defaults to the largest index + 1.
  public func oneHot(numClasses classes: Int? = nil) -> Tensor {
    check(dtype == .int64, "one_hot is only applicable to index tensor of type LongTensor.")
    let indices = toArray(of: Int64.self)
    check(indices.allSatisfy { $0 >= 0 }, "Class values must be non-negative.")
    let n = classes ?? Int((indices.max() ?? -1) + 1)
    check(indices.allSatisfy { $0 < n }, "Class values must be smaller than num_classes.")
    return Tensor.zeros(shape + [n], dtype: .int64).scatter(dim: -1, index: unsqueeze(-1), value: 1)
  }
}
