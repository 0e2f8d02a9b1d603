// Copyright © 2026 the Anneal authors.

import AnnealLRScheduler
import Testing
import _AnnealTestSupport

/// Every scheduler against PyTorch 2.15: the traces of `Scripts/schedule_cases.py`, generated
/// by `Scripts/make_fixtures.py` through `torch.optim.lr_scheduler`, must be identical
/// `Double`s, learning rates and momenta alike.
@Suite struct ScheduleFixtureTests {
  struct Case: Decodable, Sendable, CustomTestStringConvertible {
    let spec: String
    let lrs: [Double]
    let steps: Int
    let optimizer: String
    let momentum: Double
    let metrics: [Double]
    let lr: [[Double]]
    let momentum_rows: [[Double]]
    var testDescription: String { "\(spec) lrs=\(lrs) \(optimizer)" }
  }

  struct Fixture: Decodable, Sendable { let cases: [Case] }

  static let cases = try! Fixtures.load(Fixture.self, named: "schedules.json", in: .module).cases

  @Test(arguments: cases)
  func traceMatchesPyTorchExactly(_ c: Case) throws {
    let trace = try ScheduleTrace(
      spec: SchedulerSpec(parsing: c.spec), lrs: c.lrs, momentum: c.optimizer == "adam" ? 0.9 : c.momentum,
      steps: c.steps, metrics: c.metrics)
    for (index, (row, expected)) in zip(trace.lr, c.lr).enumerated() where row != expected {
      Issue.record("lr row \(index): \(row) ≠ PyTorch \(expected)")
      break
    }
    for (index, (row, expected)) in zip(trace.momentum, c.momentum_rows).enumerated() where row != expected {
      Issue.record("momentum row \(index): \(row) ≠ PyTorch \(expected)")
      break
    }
    #expect(trace.lr.count == c.lr.count)
  }
}
