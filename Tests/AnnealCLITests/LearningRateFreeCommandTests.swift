// Copyright © 2026 the Anneal authors.

import AnnealOptim
import Foundation
import Testing
import _AnnealTestSupport

/// `anneal mnist --optimizer prodigy`: the learning rate is a multiplier of Prodigy's estimate.
@Suite struct ProdigyCommandTests {
  @Test func theEstimateGrowsIsSavedAndResumesExactly() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let common = [
      "mnist", "--data-dir", AnnealBinary.mnist, "--optimizer", "prodigy", "--lr", "1.0", "--eval-every", "5",
    ]
    let whole = try AnnealBinary.run(
      common + ["--iterations", "10", "--save-model", dir.file("a"), "--save-checkpoint", dir.file("whole")])
    #expect(whole.status == 0, "\(whole.stderr)")
    let group = try #require(try TrainingCheckpoint(contentsOf: dir.file("whole")).optimizer.paramGroups.first)
    let d = try #require(group["d"]?.doubleValue)
    #expect(d > 1e-6, "the estimate left d0: \(d)")
    #expect(group["k"]?.intValue == 10)

    let first = try AnnealBinary.run(common + ["--iterations", "5", "--save-checkpoint", dir.file("ck")])
    #expect(first.status == 0, "\(first.stderr)")
    let rest = try AnnealBinary.run(
      common + ["--iterations", "10", "--resume", dir.file("ck"), "--save-model", dir.file("b")])
    #expect(rest.status == 0, "\(rest.stderr)")
    #expect(first.stdout + rest.stdout == whole.stdout)
    #expect(
      try Data(contentsOf: dir.url.appendingPathComponent("a")) == Data(contentsOf: dir.url.appendingPathComponent("b"))
    )
  }
}
