// Copyright © 2026 the Anneal authors.

import Anneal

/// Adam with decoupled weight decay: the parameters shrink by `lr · weightDecay` each step
/// instead of the decay entering the gradient (PyTorch: `torch.optim.AdamW`; Loshchilov &
/// Hutter, "Decoupled Weight Decay Regularization", 2019).
///
/// The same algorithm as ``Adam`` with `decoupledWeightDecay`, and PyTorch's default
/// `weightDecay` of `0.01`.
public final class AdamW: Adam {
  /// Creates the optimizer over one group; each default is PyTorch's.
  public convenience init(
    _ params: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
    weightDecay: Double = 1e-2, amsgrad: Bool = false, maximize: Bool = false
  ) throws(OptimizerError) {
    try self.init(paramGroups: [
      ParamGroup(
        params: params, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad,
        maximize: maximize, decoupledWeightDecay: true)
    ])
  }
}
