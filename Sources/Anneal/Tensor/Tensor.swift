// Copyright © 2026 the Anneal authors.

/// A multi-dimensional array that records the operations applied to it for reverse-mode
/// differentiation.
///
/// `Tensor` is Anneal's counterpart of `torch.Tensor`: typed `Storage` shared with its
/// views, a ``shape``, ``strides`` and a ``storageOffset`` (all in elements), and a ``dtype``
/// (``DType/float32`` unless asked otherwise). It is a reference type, like a PyTorch tensor:
/// a parameter keeps its identity while an optimizer updates it in place, and its gradient
/// accumulates in ``grad``.
///
/// ```swift
/// let x = Tensor([1, 2, 3, 4], shape: [2, 2], requiresGrad: true)
/// let y = (x * x).sum()
/// try y.backward()
/// print(x.grad!)  // tensor([[2.0, 4.0], [6.0, 8.0]])
/// ```
///
/// Views (``view(_:)``, ``permute(_:)``, ``transpose(_:_:)``, ``expand(_:)``,
/// ``narrow(dim:start:length:)``, ``select(dim:index:)``, subscripts …) share storage with
/// the tensor they come from, as in PyTorch; ``contiguous()`` copies only when the layout is
/// not already row-major.
///
/// Tensors are deliberately not `Sendable`: move ``data`` between tasks instead.
public final class Tensor {
  /// The shared element storage; a view of another tensor shares it.
  package internal(set) var storage: Storage
  /// The element type (PyTorch: `dtype`).
  public let dtype: DType
  /// The extent of each dimension, outermost first (PyTorch: `shape`).
  public let shape: [Int]
  /// The distance in elements between neighbours along each dimension (PyTorch: `stride()`).
  public var strides: [Int] { explicitStrides ?? Tensor.contiguousStrides(shape) }
  /// The strides of a view; `nil` for the row-major layout, which is not stored (most tensors
  /// are fresh outputs, and an array per tensor is measurable in a training step).
  private let explicitStrides: [Int]?
  /// The index in `storage` of the first element (PyTorch: `storage_offset()`).
  public let storageOffset: Int
  /// Whether operations on this tensor are recorded for ``backward(_:retainGraph:)``
  /// (PyTorch: `requires_grad`).
  public internal(set) var requiresGrad: Bool
  /// The accumulated gradient of a leaf tensor after ``backward(_:retainGraph:)`` (PyTorch: `grad`).
  public var grad: Tensor?
  /// The operation that produced this tensor, if it was recorded (PyTorch: `grad_fn`).
  package var gradFn: Node?
  /// Which output of ``gradFn`` this tensor is (PyTorch: `output_nr`).
  package var outputNr = 0
  /// The tensor this one is a view of, if it is a view (PyTorch: `_base`).
  package let viewBase: Tensor?

  package init(
    storage: Storage, dtype: DType = .float32, shape: [Int], strides: [Int]? = nil, storageOffset: Int = 0,
    viewOf base: Tensor? = nil, requiresGrad: Bool = false
  ) {
    check(shape.allSatisfy { $0 >= 0 }, "Tensor dimensions must be non-negative, got \(shape)")
    self.storage = storage
    self.dtype = dtype
    self.shape = shape
    self.explicitStrides = strides
    self.storageOffset = storageOffset
    self.viewBase = base.map { $0.viewBase ?? $0 }
    self.requiresGrad = requiresGrad
  }

  /// Creates a float32 tensor from `scalars` laid out in row-major order (PyTorch:
  /// `torch.tensor`).
  ///
  /// - Parameters:
  ///   - scalars: The elements, outermost dimension first.
  ///   - shape: The shape; its product must equal `scalars.count`. The default is a 1-D
  ///     tensor of all the scalars.
  ///   - requiresGrad: Whether to record operations for differentiation. The default is
  ///     `false`.
  public convenience init(_ scalars: [Float], shape: [Int]? = nil, requiresGrad: Bool = false) {
    self.init(elements: scalars, shape: shape)
    self.requiresGrad = requiresGrad
  }

  /// Creates a tensor of any element type from `elements` in row-major order (PyTorch:
  /// `torch.tensor(data, dtype=…)`), e.g. `Tensor(elements: [3, 1] as [Int64])`.
  public convenience init<T: TensorScalar>(elements: [T], shape: [Int]? = nil) {
    let shape = shape ?? [elements.count]
    check(
      Tensor.elementCount(shape) == elements.count,
      "shape \(shape) is invalid for input of size \(elements.count)")
    self.init(storage: Storage(copying: elements), dtype: T.dtype, shape: shape)
  }

  /// Creates a 0-dimensional float32 tensor holding `value`.
  public convenience init(scalar value: Float, requiresGrad: Bool = false) {
    self.init(storage: Storage(repeating: value, count: 1), shape: [], requiresGrad: requiresGrad)
  }

  /// Creates a 0-dimensional tensor of any element type holding `value`.
  public convenience init<T: TensorScalar>(scalar value: T) {
    self.init(storage: Storage(repeating: value, count: 1), dtype: T.dtype, shape: [])
  }

  /// The number of dimensions (PyTorch: `dim()`).
  public var rank: Int { shape.count }

  /// The number of elements (PyTorch: `numel()`).
  public var count: Int { Tensor.elementCount(shape) }

  /// The extent of dimension `dim`; negative values count from the end (PyTorch: `size(dim)`).
  public func size(_ dim: Int) -> Int { shape[normalizedDim(dim)] }

  /// Whether the elements lie in row-major order without gaps (PyTorch: `is_contiguous()`).
  ///
  /// Dimensions of extent 1 may have any stride, as in PyTorch.
  public var isContiguous: Bool {
    guard let strides = explicitStrides else { return true }
    var expected = 1
    for d in stride(from: rank - 1, through: 0, by: -1) where shape[d] != 1 {
      if strides[d] != expected { return false }
      expected *= shape[d]
    }
    return true
  }

  /// Whether this tensor was created by the user rather than by a recorded operation
  /// (PyTorch: `is_leaf`).
  public var isLeaf: Bool { gradFn == nil }

  /// Whether this tensor shares the storage of another as a view (PyTorch: `_is_view()`).
  public var isView: Bool { viewBase != nil }

  /// How many in-place changes this tensor's storage has seen (PyTorch: `_version`).
  public var version: Int { storage.version }

  /// Sets ``requiresGrad`` on a leaf and returns `self`, for chaining (PyTorch:
  /// `requires_grad_()`).
  @discardableResult
  public func requiresGrad_(_ flag: Bool = true) -> Tensor {
    check(
      isLeaf || flag,
      "you can only change requires_grad flags of leaf variables. If you want to use a computed variable "
        + "in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")
    check(
      !flag || dtype.isFloatingPoint, "only Tensors of floating point dtype can require gradients")
    requiresGrad = flag
    return self
  }

  /// The same as ``requiresGrad_(_:)``.
  @discardableResult
  public func requiresGrad(_ flag: Bool = true) -> Tensor { requiresGrad_(flag) }

  /// Returns a tensor sharing this tensor's storage but detached from the graph
  /// (PyTorch: `detach()`). It shares the version counter too.
  public func detach() -> Tensor {
    Tensor(storage: storage, dtype: dtype, shape: shape, strides: explicitStrides, storageOffset: storageOffset)
  }

  package func normalizedDim(_ dim: Int) -> Int {
    let extent = Swift.max(rank, 1)
    let d = dim < 0 ? dim + extent : dim
    check(
      d >= 0 && d < extent,
      "Dimension out of range (expected to be in range of [\(-extent), \(extent - 1)], but got \(dim))")
    return d
  }

  package static func elementCount(_ shape: [Int]) -> Int { shape.reduce(1, *) }

  /// Row-major strides of `shape` (PyTorch's default layout).
  package static func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var running = 1
    for d in stride(from: shape.count - 1, through: 0, by: -1) {
      strides[d] = running
      running *= Swift.max(shape[d], 1)
    }
    return strides
  }

  /// PyTorch's rendering of a shape in messages, e.g. `[2, 3]`.
  package var shapeDescription: String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
}
