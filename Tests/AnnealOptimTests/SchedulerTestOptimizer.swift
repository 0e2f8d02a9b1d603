// Copyright © 2026 the Anneal authors.

import AnnealOptim

/// Param groups only.
final class SchedulerTestOptimizer: SchedulableOptimizer {
  var schedulableGroups: [SchedulableGroup]
  init(lrs: [Double]) { schedulableGroups = lrs.map { SchedulableGroup(lr: $0) } }
}
