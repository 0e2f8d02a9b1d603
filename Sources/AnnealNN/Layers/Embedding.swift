// Copyright © 2026 the Anneal authors.

import Anneal

/// A lookup table of `numEmbeddings` vectors of size `embeddingDim` (PyTorch:
/// `torch.nn.Embedding(num_embeddings, embedding_dim, padding_idx=None)`).
///
/// The weight is initialised from N(0, 1) as PyTorch's `reset_parameters` (the same draws from
/// the same generator), with the `paddingIdx` row zeroed; that row gets no gradient.
public final class Embedding: Module, Layer {
  /// The table, `[numEmbeddings, embeddingDim]`.
  public let weight: Tensor
  /// The row that gets no gradient, as a non-negative index, or `nil`.
  public let paddingIdx: Int?

  /// Creates the table.
  ///
  /// - Parameters:
  ///   - paddingIdx: A row kept out of training (negative counts from the end), or `nil`.
  ///   - generator: The random source for initialisation. The default is the global one.
  ///   - numEmbeddings: The number of rows (PyTorch: `num_embeddings`).
  ///   - embeddingDim: The size of each row (PyTorch: `embedding_dim`).
  public init(_ numEmbeddings: Int, _ embeddingDim: Int, paddingIdx: Int? = nil, generator: Generator = .default) {
    check(numEmbeddings > 0 && embeddingDim >= 0, "num_embeddings must be positive, got \(numEmbeddings)")
    if let p = paddingIdx {
      check((-numEmbeddings..<numEmbeddings).contains(p), "Padding_idx must be within num_embeddings")
    }
    self.paddingIdx = paddingIdx.map { $0 < 0 ? $0 + numEmbeddings : $0 }
    weight = Tensor.zeros([numEmbeddings, embeddingDim], requiresGrad: true)
    super.init()
    Init.normal(weight, generator: generator)
    if let p = self.paddingIdx { withNoGrad { weight.select(dim: 0, index: p).fill(with: 0) } }
  }

  /// The vectors at int64 `indices`, of shape `indices.shape + [embeddingDim]`.
  public func forward(_ indices: Tensor) -> Tensor { embedding(indices, weight: weight, paddingIdx: paddingIdx) }
}
