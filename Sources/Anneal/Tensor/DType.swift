// Copyright © 2026 the Anneal authors.

/// The element type of a tensor (PyTorch: `torch.dtype`).
///
/// Mixed operations promote as PyTorch does for tensors of the same category (`bool` <
/// `uint8` < `int64` < `float32`): `int64 + float32` is `float32`, `bool + bool` is `bool` for
/// logical ops and `int64` for sums, and true division of integers gives `float32`.
public enum DType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  /// 32-bit floating point (PyTorch: `torch.float32`, the default).
  case float32
  /// 64-bit signed integer (PyTorch: `torch.int64`, `torch.long`), as class indices are.
  case int64
  /// Booleans (PyTorch: `torch.bool`), as comparisons produce.
  case bool
  /// Unsigned bytes (PyTorch: `torch.uint8`), as raw images are.
  case uint8

  /// Bytes per element (PyTorch: `itemsize`).
  public var itemSize: Int {
    switch self {
    case .float32: 4
    case .int64: 8
    case .bool, .uint8: 1
    }
  }

  /// Whether the type is floating point (PyTorch: `is_floating_point`).
  public var isFloatingPoint: Bool { self == .float32 }

  /// PyTorch's name, e.g. `torch.float32`.
  public var description: String { "torch.\(rawValue)" }

  /// PyTorch's legacy type name, used in autograd messages, e.g. `torch.FloatTensor`.
  package var legacyName: String {
    switch self {
    case .float32: "torch.FloatTensor"
    case .int64: "torch.LongTensor"
    case .bool: "torch.BoolTensor"
    case .uint8: "torch.ByteTensor"
    }
  }

  private var rank: Int {
    switch self {
    case .bool: 0
    case .uint8: 1
    case .int64: 2
    case .float32: 3
    }
  }

  /// The type both operands of a binary operation are computed in (PyTorch:
  /// `torch.promote_types`).
  public static func promoted(_ a: DType, _ b: DType) -> DType { a.rank >= b.rank ? a : b }
}

/// A Swift type that tensor elements can have.
public protocol TensorScalar: Sendable, Equatable {
  /// The matching dtype.
  static var dtype: DType { get }
  /// The value as a `Double`, for conversions.
  var doubleValue: Double { get }
  /// The value converted from a `Double` (truncated toward zero for integers, as PyTorch's casts).
  init(converting value: Double)
}

extension Float: TensorScalar {
  public static var dtype: DType { .float32 }
  public var doubleValue: Double { Double(self) }
  public init(converting value: Double) { self = Float(value) }
}

extension Int64: TensorScalar {
  public static var dtype: DType { .int64 }
  public var doubleValue: Double { Double(self) }
  public init(converting value: Double) {
    self = value.isNaN ? .min : (value >= 0x1p63 ? .min : (value < -0x1p63 ? .min : Int64(value)))
  }
}

extension UInt8: TensorScalar {
  public static var dtype: DType { .uint8 }
  public var doubleValue: Double { Double(self) }
  public init(converting value: Double) {
    // C's float-to-uint8 conversion as PyTorch performs it: modulo 256 of the truncated value.
    let t = value.isFinite ? value.rounded(.towardZero) : 0
    self = UInt8(truncatingIfNeeded: Int64(converting: t))
  }
}

extension Bool: TensorScalar {
  public static var dtype: DType { .bool }
  public var doubleValue: Double { self ? 1 : 0 }
  public init(converting value: Double) { self = value != 0 }
}
