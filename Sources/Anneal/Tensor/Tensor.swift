// Copyright © 2026 the Anneal authors.

/// A multi-dimensional array of `Float` that records the operations applied to it for
/// reverse-mode differentiation.
///
/// `Tensor` is Anneal's counterpart of `torch.Tensor` with the default `torch.float32` dtype.
/// It is a reference type, like a PyTorch tensor: a parameter keeps its identity while an
/// optimizer updates it in place, and its gradient accumulates in ``grad``.
///
/// ```swift
/// let x = Tensor([1, 2, 3, 4], shape: [2, 2], requiresGrad: true)
/// let y = (x * x).sum()
/// y.backward()
/// print(x.grad!)  // tensor([[2.0, 4.0], [6.0, 8.0]])
/// ```
///
/// Tensors are deliberately not `Sendable`: move ``scalars`` between tasks instead.
public final class Tensor {
  /// The shared element storage; a view of another tensor shares it.
  package internal(set) var storage: Storage
  /// The extent of each dimension, outermost first (PyTorch: `shape`).
  public let shape: [Int]
  /// Whether operations on this tensor are recorded for ``backward(_:)``
  /// (PyTorch: `requires_grad`).
  public var requiresGrad: Bool
  /// The accumulated gradient of a leaf tensor after ``backward(_:)`` (PyTorch: `grad`).
  public var grad: Tensor?
  /// The operation that produced this tensor, if it was recorded (PyTorch: `grad_fn`).
  package var gradFn: BackwardNode?

  package init(storage: Storage, shape: [Int], requiresGrad: Bool = false) {
    precondition(
      shape.allSatisfy { $0 >= 0 }, "Tensor dimensions must be non-negative, got \(shape)")
    precondition(
      Tensor.elementCount(shape) == storage.count,
      "Shape \(shape) needs \(Tensor.elementCount(shape)) elements, storage has \(storage.count)")
    self.storage = storage
    self.shape = shape
    self.requiresGrad = requiresGrad
  }

  /// Creates a tensor from `scalars` laid out in row-major order (PyTorch: `torch.tensor`).
  ///
  /// - Parameters:
  ///   - scalars: The elements, outermost dimension first.
  ///   - shape: The shape; its product must equal `scalars.count`. The default is a 1-D
  ///     tensor of all the scalars.
  ///   - requiresGrad: Whether to record operations for differentiation. The default is
  ///     `false`.
  public convenience init(_ scalars: [Float], shape: [Int]? = nil, requiresGrad: Bool = false) {
    self.init(
      storage: Storage(copying: scalars), shape: shape ?? [scalars.count],
      requiresGrad: requiresGrad)
  }

  /// Creates a 0-dimensional tensor holding `value`.
  public convenience init(scalar value: Float, requiresGrad: Bool = false) {
    self.init(storage: Storage(repeating: value, count: 1), shape: [], requiresGrad: requiresGrad)
  }

  /// The number of dimensions (PyTorch: `dim()`).
  public var rank: Int { shape.count }

  /// The number of elements (PyTorch: `numel()`).
  public var count: Int { storage.count }

  /// The elements in row-major order, copied out.
  public var scalars: [Float] { Array(storage.buffer) }

  /// The single element of a one-element tensor (PyTorch: `item()`).
  public func item() -> Float {
    precondition(count == 1, "item() needs a tensor with one element, got shape \(shape)")
    return storage.base[0]
  }

  /// The extent of dimension `dim`; negative values count from the end (PyTorch: `size(dim)`).
  public func size(_ dim: Int) -> Int { shape[normalizedDim(dim)] }

  /// Whether this tensor was created by the user rather than by a recorded operation
  /// (PyTorch: `is_leaf`).
  public var isLeaf: Bool { gradFn == nil }

  /// Returns a tensor sharing this tensor's storage but detached from the graph
  /// (PyTorch: `detach()`).
  public func detach() -> Tensor { Tensor(storage: storage, shape: shape) }

  /// Sets ``requiresGrad`` and returns `self`, for chaining (PyTorch: `requires_grad_()`).
  @discardableResult
  public func requiresGrad(_ flag: Bool = true) -> Tensor {
    precondition(
      isLeaf || flag, "requiresGrad can only be switched off on leaf tensors (PyTorch rule)")
    requiresGrad = flag
    return self
  }

  package func normalizedDim(_ dim: Int) -> Int {
    let d = dim < 0 ? dim + rank : dim
    precondition(d >= 0 && d < Swift.max(rank, 1), "Dimension \(dim) out of range for shape \(shape)")
    return d
  }

  package static func elementCount(_ shape: [Int]) -> Int { shape.reduce(1, *) }
}
