// Copyright © 2026 the Anneal authors.

/// A tensor's shape and elements as a value: what is saved and restored, and what crosses
/// task boundaries (``Tensor`` itself is not `Sendable`).
public struct TensorData: Sendable, Hashable, Codable {
  /// The extent of each dimension.
  public var shape: [Int]
  /// The elements in row-major order.
  public var scalars: [Float]

  /// Creates tensor data; `scalars.count` must equal the product of `shape`.
  public init(shape: [Int], scalars: [Float]) {
    precondition(shape.reduce(1, *) == scalars.count, "Shape \(shape) needs \(shape.reduce(1, *)) scalars")
    self.shape = shape
    self.scalars = scalars
  }
}

extension Tensor {
  /// A copy of the shape and elements.
  public var data: TensorData { TensorData(shape: shape, scalars: scalars) }

  /// A new leaf tensor holding a copy of `data`.
  public convenience init(_ data: TensorData, requiresGrad: Bool = false) {
    self.init(data.scalars, shape: data.shape, requiresGrad: requiresGrad)
  }
}
