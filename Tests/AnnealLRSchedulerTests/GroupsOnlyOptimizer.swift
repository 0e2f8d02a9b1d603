// Copyright © 2026 the Anneal authors.

import AnnealLRScheduler

/// An optimizer reduced to its param groups: the scheduler layer needs nothing more.
final class GroupsOnlyOptimizer: SchedulableOptimizer {
  var schedulableGroups: [SchedulableGroup]

  init(lrs: [Double], momentum: Double? = nil) {
    schedulableGroups = lrs.map { SchedulableGroup(lr: $0, momentum: momentum) }
  }
}
