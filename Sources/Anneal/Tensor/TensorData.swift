// Copyright © 2026 the Anneal authors.

/// A tensor's dtype, shape and elements as a value: what is saved and restored, and what
/// crosses task boundaries (``Tensor`` itself is not `Sendable`).
public struct TensorData: Sendable, Hashable, Codable {
  /// The extent of each dimension.
  public var shape: [Int]
  /// The element type.
  public var dtype: DType
  /// The float32 elements in row-major order; empty for other dtypes.
  public var scalars: [Float]
  /// The int64, bool (0 or 1) or uint8 elements in row-major order; empty for float32.
  public var integers: [Int64]

  /// Creates float32 tensor data; `scalars.count` must equal the product of `shape`.
  public init(shape: [Int], scalars: [Float]) {
    check(shape.reduce(1, *) == scalars.count, "Shape \(shape) needs \(shape.reduce(1, *)) scalars")
    self.shape = shape
    self.dtype = .float32
    self.scalars = scalars
    self.integers = []
  }

  /// Creates int64, bool or uint8 tensor data.
  public init(shape: [Int], dtype: DType, integers: [Int64]) {
    check(dtype != .float32, "float32 data holds scalars; use init(shape:scalars:)")
    check(shape.reduce(1, *) == integers.count, "Shape \(shape) needs \(shape.reduce(1, *)) elements")
    self.shape = shape
    self.dtype = dtype
    self.scalars = []
    self.integers = integers
  }

  /// The number of elements.
  public var count: Int { shape.reduce(1, *) }

  private enum CodingKeys: String, CodingKey { case shape, dtype, scalars, integers }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    shape = try c.decode([Int].self, forKey: .shape)
    dtype = try c.decodeIfPresent(DType.self, forKey: .dtype) ?? .float32
    scalars = try c.decodeIfPresent([Float].self, forKey: .scalars) ?? []
    integers = try c.decodeIfPresent([Int64].self, forKey: .integers) ?? []
    let stored = dtype == .float32 ? scalars.count : integers.count
    guard stored == shape.reduce(1, *) else {
      throw DecodingError.dataCorruptedError(
        forKey: .shape, in: c, debugDescription: "shape \(shape) does not match \(stored) elements")
    }
  }
}

extension DType: Codable {}

extension Tensor {
  /// A copy of the dtype, shape and elements.
  public var data: TensorData {
    switch dtype {
    case .float32: TensorData(shape: shape, scalars: scalars)
    default: TensorData(shape: shape, dtype: dtype, integers: toArray(of: Int64.self))
    }
  }

  /// A new leaf tensor holding a copy of `data`.
  public convenience init(_ data: TensorData, requiresGrad: Bool = false) {
    switch data.dtype {
    case .float32: self.init(data.scalars, shape: data.shape, requiresGrad: requiresGrad)
    case .int64: self.init(elements: data.integers, shape: data.shape)
    case .bool: self.init(elements: data.integers.map { $0 != 0 }, shape: data.shape)
    case .uint8: self.init(elements: data.integers.map { UInt8(truncatingIfNeeded: $0) }, shape: data.shape)
    }
  }
}
