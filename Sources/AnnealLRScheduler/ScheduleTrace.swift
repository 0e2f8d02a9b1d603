// Copyright © 2026 the Anneal authors.

/// The learning rates (and momenta) a scheduler produces, step by step, without training —
/// what `anneal schedule` prints and what plots are drawn from.
public struct ScheduleTrace: Sendable, Hashable {
  /// Row 0 is the state right after construction, row `i` after the `i`-th step; each row
  /// has one value per param group.
  public var lr: [[Double]]
  /// SGD's momentum or Adam's β₁ per group, in the same rows (`nil` entries where the
  /// optimizer has none).
  public var momentum: [[Double?]]

  /// Builds the scheduler described by `spec` on an optimizer with one group per entry of
  /// `lrs`, and records `steps` steps, feeding `metrics[i]` to metric-driven schedulers.
  ///
  /// - Parameters:
  ///   - momentum: Each group's initial momentum (SGD's `momentum`, Adam's β₁), or `nil` for
  ///     an optimizer without one.
  ///   - noiseSource: The random numbers of timm's learning-rate noise, for specs with noise.
  ///   - spec: The scheduler, as `anneal schedule` and `SchedulerSpec(parsing:)` take it.
  ///   - lrs: Each group's initial learning rate.
  ///   - steps: How many steps to record after construction.
  ///   - metrics: The metric of each step, for metric-driven schedulers (ReduceLROnPlateau).
  /// - Throws: ``SpecError`` for a bad spec, missing metrics, or a step PyTorch would reject
  ///   (OneCycleLR past its last step).
  public init(
    spec: SchedulerSpec, lrs: [Double], momentum: Double?, steps: Int, metrics: [Double] = [],
    noiseSource: (any LRNoiseSource)? = nil
  ) throws(SpecError) {
    var lrRows: [[Double]] = []
    var momentumRows: [[Double?]] = []
    try Self.forEachRow(
      spec: spec, lrs: lrs, momentum: momentum, steps: steps, metrics: metrics, noiseSource: noiseSource
    ) { _, lrs, momenta in
      lrRows.append(lrs)
      momentumRows.append(momenta)
      return true
    }
    lr = lrRows
    self.momentum = momentumRows
  }

  /// The rows of ``init(spec:lrs:momentum:steps:metrics:noiseSource:)`` one at a time, without
  /// keeping them: for schedules too long to hold (a billion steps). `body` gets the row's
  /// index, learning rates and momenta, and returns `false` to stop early.
  ///
  /// - Throws: ``SpecError``, as the initialiser; also for an empty `lrs` or negative `steps`.
  public static func forEachRow(
    spec: SchedulerSpec, lrs: [Double], momentum: Double?, steps: Int, metrics: [Double] = [],
    noiseSource: (any LRNoiseSource)? = nil, _ body: (Int, [Double], [Double?]) -> Bool
  ) throws(SpecError) {
    guard !lrs.isEmpty, steps >= 0 else {
      throw .rejected(
        scheduler: spec.name, .invalidArgument("a schedule needs at least one group and a non-negative step count"))
    }
    let optimizer = GroupsOnlyOptimizer(lrs.map { SchedulableGroup(lr: $0, momentum: momentum) })
    let scheduler = try spec.makeScheduler(optimizer, noiseSource: noiseSource)
    if scheduler.requiresMetric && metrics.count < steps {
      throw .rejected(
        scheduler: spec.name,
        .invalidArgument("needs one metric per step: \(steps) steps but \(metrics.count) metrics"))
    }
    guard body(0, optimizer.learningRates, optimizer.schedulableGroups.map(\.momentum)) else { return }
    for index in 0..<steps {
      do {
        try scheduler.step(reporting: index < metrics.count ? metrics[index] : nil)
      } catch {
        throw .rejected(scheduler: spec.name, error)
      }
      guard body(index + 1, optimizer.learningRates, optimizer.schedulableGroups.map(\.momentum)) else { return }
    }
  }

  private final class GroupsOnlyOptimizer: SchedulableOptimizer {
    var schedulableGroups: [SchedulableGroup]
    init(_ groups: [SchedulableGroup]) { schedulableGroups = groups }
  }
}
