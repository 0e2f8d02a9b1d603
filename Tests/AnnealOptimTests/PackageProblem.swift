// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealOptim
import Foundation
import Testing
import _AnnealTestSupport

/// The problem the fixtures of optimizers with a package for oracle (`schedulefree`,
/// `prodigyopt`, `dadaptation`) run on: two parameters, `[3, 4]` and `[5]`, whose gradient is
/// `0.5 · p − t` in float32, as PyTorch computes it. Each fixture file holds `initial` and
/// `targets` beside its cases.
struct PackageProblem: Decodable, Sendable {
  let initial: [[Float]]
  let targets: [[Float]]

  /// Decodes `Fixtures/<name>` of this test target; a missing or malformed fixture stops the
  /// tests with its name.
  static func load<T: Decodable>(_ type: T.Type, _ name: String) -> T {
    do {
      return try Fixtures.load(T.self, named: name, in: .module)
    } catch {
      fatalError("\(name): \(error)")
    }
  }

  /// Fresh copies of the initial parameters.
  func parameters() -> [Tensor] {
    [Tensor(initial[0], shape: [3, 4], requiresGrad: true), Tensor(initial[1], requiresGrad: true)]
  }

  /// Sets each parameter's gradient to `0.5 · p − t`.
  func setGradients(_ params: [Tensor]) {
    for (p, t) in zip(params, targets) { p.grad = p.detach() * 0.5 - Tensor(t, shape: p.shape) }
  }

  /// Takes `count` steps of `optimizer` on `params`.
  func run(_ optimizer: any Optimizer, _ params: [Tensor], steps count: Int) {
    for _ in 0..<count {
      setGradients(params)
      optimizer.step()
    }
  }

  /// Expects that saving the optimizer's state after `split` of `total` steps and loading it into
  /// a fresh optimizer over copies of the parameters ends exactly where `total` steps at once do.
  /// `start` readies a new run's optimizer (not the one the state is loaded into); `loaded` sees
  /// that one right after loading.
  func expectResumingExact(
    total: Int, split: Int, _ make: ([Tensor]) throws -> any Optimizer, start: (any Optimizer) -> Void = { _ in },
    loaded: (any Optimizer) -> Void = { _ in }, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let reference = parameters()
    let whole = try make(reference)
    start(whole)
    run(whole, reference, steps: total)
    let first = parameters()
    let original = try make(first)
    start(original)
    run(original, first, steps: split)
    let second = first.map { Tensor($0.data, requiresGrad: true) }
    let resumed = try make(second)
    try resumed.loadStateDict(original.stateDict())
    loaded(resumed)
    run(resumed, second, steps: total - split)
    #expect(second.flatMap(\.scalars) == reference.flatMap(\.scalars), sourceLocation: sourceLocation)
  }
}
