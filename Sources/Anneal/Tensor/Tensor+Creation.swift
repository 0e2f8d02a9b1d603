// Copyright © 2026 the Anneal authors.

extension Tensor {
  /// A tensor of `shape` filled with `value` (PyTorch: `torch.full`).
  public static func full(_ shape: [Int], _ value: Float, requiresGrad: Bool = false) -> Tensor {
    Tensor(
      storage: Storage(repeating: value, count: elementCount(shape)), shape: shape,
      requiresGrad: requiresGrad)
  }

  /// A tensor of zeros (PyTorch: `torch.zeros`).
  public static func zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
    full(shape, 0, requiresGrad: requiresGrad)
  }

  /// A tensor of ones (PyTorch: `torch.ones`).
  public static func ones(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
    full(shape, 1, requiresGrad: requiresGrad)
  }

  /// A tensor of zeros with this tensor's shape (PyTorch: `torch.zeros_like`).
  public func zerosLike() -> Tensor { .zeros(shape) }

  /// Samples of U[0, 1) (PyTorch: `torch.rand`).
  ///
  /// - Parameter generator: The random source. The default is ``Generator/default``.
  public static func rand(_ shape: [Int], generator: Generator = .default) -> Tensor {
    let t = zeros(shape)
    generator.fillUniform(t.storage.buffer, low: 0, high: 1)
    return t
  }

  /// Samples of the standard normal distribution (PyTorch: `torch.randn`).
  ///
  /// - Parameter generator: The random source. The default is ``Generator/default``.
  public static func randn(_ shape: [Int], generator: Generator = .default) -> Tensor {
    let t = zeros(shape)
    generator.fillNormal(t.storage.buffer, mean: 0, std: 1)
    return t
  }

  /// The integers `0 ..< n` as floats (PyTorch: `torch.arange(n)`).
  public static func arange(_ n: Int) -> Tensor {
    Tensor((0..<n).map(Float.init), shape: [n])
  }
}
