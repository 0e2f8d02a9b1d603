// Copyright © 2026 the Anneal authors.

// Scheduler state is a `StateDict`; importing AnnealLRScheduler brings AnnealState's types.
@_exported import AnnealState
