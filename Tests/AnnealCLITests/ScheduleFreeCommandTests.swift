// Copyright © 2026 the Anneal authors.

import Foundation
import Testing
import _AnnealTestSupport

/// `anneal mnist --optimizer sgd-schedule-free|adamw-schedule-free|radam-schedule-free`.
@Suite struct ScheduleFreeCommandTests {
  @Test(arguments: [
    ("sgd-schedule-free", "[1.0]"), ("adamw-schedule-free", "[0.0025]"), ("radam-schedule-free", "[0.0025]"),
  ])
  func runsWithThePackagesDefaultsAndResumesExactly(_ optimizer: String, _ lr: String) throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let common = ["mnist", "--data-dir", AnnealBinary.mnist, "--optimizer", optimizer, "--eval-every", "4"]
    let whole = try AnnealBinary.run(common + ["--iterations", "12", "--save-model", dir.file("a")])
    #expect(whole.status == 0, "\(whole.stderr)")
    // No schedule unless one is given: a constant learning rate, the package's default.
    #expect(whole.stdout.hasPrefix("Epoch: 0, LR: \(lr)\n"), "\(whole.stdout)")

    let first = try AnnealBinary.run(common + ["--iterations", "6", "--save-checkpoint", dir.file("ck")])
    #expect(first.status == 0, "\(first.stderr)")
    let rest = try AnnealBinary.run(
      common + ["--iterations", "12", "--resume", dir.file("ck"), "--save-model", dir.file("b")])
    #expect(rest.status == 0, "\(rest.stderr)")
    #expect(first.stdout + rest.stdout == whole.stdout)
    // The saved weights are the evaluated average x, the same whether or not the run was split.
    #expect(
      try Data(contentsOf: dir.url.appendingPathComponent("a")) == Data(contentsOf: dir.url.appendingPathComponent("b"))
    )
  }
}
