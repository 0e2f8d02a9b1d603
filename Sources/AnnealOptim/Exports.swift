// Copyright © 2026 the Anneal authors.

// `torch.optim.lr_scheduler` lives inside `torch.optim`; importing AnnealOptim likewise brings
// the schedulers.
@_exported import AnnealLRScheduler
