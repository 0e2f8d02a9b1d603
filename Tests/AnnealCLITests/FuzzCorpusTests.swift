// Copyright © 2026 the Anneal authors.

import Foundation
import Testing

/// Replays the fuzzers' committed corpus and the inputs that once crashed them through every
/// parser (the `FuzzParsers` executable built without libFuzzer): each must finish cleanly.
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
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(process.terminationReason == .exit)
  }
}
