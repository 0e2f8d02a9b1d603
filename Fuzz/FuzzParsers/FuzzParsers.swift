// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealData
import AnnealLRScheduler
import AnnealOptim
import Foundation

/// One libFuzzer target for every parser that reads outside input, chosen by the first byte:
/// IDX (raw and gzip), safetensors, checkpoints and scheduler specs. Every input must give a
/// value or a typed error — never a trap, a leak or an unbounded allocation.
///
/// Built with `-sanitize=fuzzer,address -DFUZZING` (see Fuzz/README.md) libFuzzer drives it;
/// built normally it replays the files given as arguments (the committed corpus).
enum ParserFuzzer {
  /// `FUZZ_PARSER=idx|safetensors|checkpoint|spec` fixes the parser, so each one can be fuzzed
  /// on its own; the first byte is then ignored.
  static let fixedSelector: UInt8? = ProcessInfo.processInfo.environment["FUZZ_PARSER"].flatMap {
    ["idx": 0, "safetensors": 1, "checkpoint": 2, "spec": 3][$0]
  }

  static func run(_ data: Data) {
    guard let first = data.first else { return }
    let selector = fixedSelector ?? first
    let payload = data.dropFirst()
    switch selector % 4 {
    case 0:
      _ = try? IDXFile(
        parsing: Gzip.isCompressed(payload)
          ? (try? Gzip.decompress(payload, path: "fuzz", limit: 1 << 24)) ?? Data() : Data(payload), path: "fuzz")
    case 1:
      _ = try? SafeTensors.decode(Data(payload), path: "fuzz")
    case 2:
      if first >= 128 {
        // The whole path: file reading and the checksum.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("anneal-fuzz-\(getpid()).ckpt").path
        if (try? Data(payload).write(to: URL(fileURLWithPath: path))) != nil {
          _ = try? TrainingCheckpoint(contentsOf: path)
        }
      } else {
        // The checksum would stop nearly every mutation before the metadata decoder.
        _ = try? TrainingCheckpoint(decoding: Data(payload), path: "fuzz", verifyingChecksum: false)
      }
    default:
      let text = String(decoding: payload, as: UTF8.self)
      if let spec = try? SchedulerSpec(parsing: text) {
        _ = try? ScheduleTrace(
          spec: spec, lrs: [0.1, 0.01], momentum: 0.9, steps: 8, metrics: Array(repeating: 1, count: 8))
      }
    }
  }
}

#if FUZZING
  @_cdecl("LLVMFuzzerTestOneInput")
  public func fuzzTestOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    ParserFuzzer.run(Data(bytes: bytes, count: count))
    return 0
  }

  typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>, Int) -> CInt

  @_silgen_name("LLVMFuzzerRunDriver")
  func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: FuzzCallback
  ) -> CInt

  /// SwiftPM links executables to `<target>_main`; hand control to libFuzzer's driver.
  @_cdecl("FuzzParsers_main")
  public func fuzzMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
  ) -> CInt {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments) { bytes, size in fuzzTestOneInput(bytes, size) }
  }
#else
  @main
  struct CorpusReplay {
    static func main() {
      for path in CommandLine.arguments.dropFirst() {
        guard let data = FileManager.default.contents(atPath: path) else { continue }
        ParserFuzzer.run(data)
      }
    }
  }
#endif
