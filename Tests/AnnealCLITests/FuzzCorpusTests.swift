// Copyright © 2026 the Anneal authors.

import Foundation
import Testing

/// Replays the fuzzers' committed corpus and the inputs that once crashed them through every
/// parser (the `FuzzParsers` executable built without libFuzzer): each must finish cleanly
/// and quickly.
@Suite struct FuzzCorpusTests {
  @Test func corpusAndRegressionsReplayCleanly() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Fuzz")
    var files: [String] = []
    for folder in ["Corpus", "Regressions"] {
      let url = root.appendingPathComponent(folder)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
      files += names.filter { !$0.hasPrefix(".") }.map { url.appendingPathComponent($0).path }
    }
    #expect(files.count >= 10)
    let binary = try #require(AnnealBinary.url).deletingLastPathComponent().appendingPathComponent("FuzzParsers")
    let process = Process()
    process.executableURL = binary
    process.arguments = files.sorted()
    try process.run()
    // A hang is a failure too (libFuzzer's timeout is 10 s per input): stop it after a minute.
    let deadline = Date().addingTimeInterval(60)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    let hung = process.isRunning
    if hung { process.terminate() }
    process.waitUntilExit()
    #expect(!hung, "replaying the corpus took over a minute")
    #expect(process.terminationStatus == 0)
    #expect(process.terminationReason == .exit)
  }
}
