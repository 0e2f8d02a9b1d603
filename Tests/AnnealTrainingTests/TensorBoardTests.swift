// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealTraining
import Foundation
import Testing
import _AnnealTestSupport

/// TensorBoard event files against the bytes `torch.utils.tensorboard.SummaryWriter` writes
/// (`Scripts/make_fixtures.py tensorboard`).
@Suite struct TensorBoardTests {
  struct Fixture: Decodable {
    struct Scalar: Decodable {
      let tag: String
      let value: Double
      let step: Int
      let wall_time: Double
    }
    let file_version_wall_time: Double
    let scalars: [Scalar]
    let file_base64: String

    var file: Data { Data(base64Encoded: file_base64) ?? Data() }
  }

  static func fixture() throws -> Fixture {
    try Fixtures.load(Fixture.self, named: "tensorboard.json", in: .module)
  }

  /// Splits a TFRecord file into its payloads, checking each length and masked CRC-32C.
  static func records(_ data: Data) throws -> [Data] {
    var records: [Data] = []
    var offset = data.startIndex
    func word<T: FixedWidthInteger>(_ type: T.Type, at index: Int) -> T {
      (0..<MemoryLayout<T>.size).reduce(T.zero) { $0 | T(data[index + $1]) << ($1 * 8) }
    }
    while offset < data.endIndex {
      try #require(data.endIndex - offset >= 12, "a truncated record header")
      let header = data[offset..<offset + 8]
      let length = Int(word(UInt64.self, at: offset))
      #expect(word(UInt32.self, at: offset + 8) == EventRecord.maskedCRC(Data(header)))
      let start = offset + 12
      try #require(data.endIndex - start >= length + 4, "a truncated record")
      let payload = Data(data[start..<start + length])
      #expect(word(UInt32.self, at: start + length) == EventRecord.maskedCRC(payload))
      records.append(payload)
      offset = start + length + 4
    }
    return records
  }

  @Test func crc32cIsCastagnolis() {
    #expect(CRC32C.checksum(Data("123456789".utf8)) == 0xe306_9283)
    #expect(CRC32C.checksum(Data()) == 0)
    #expect(CRC32C.checksum(Data(repeating: 0, count: 32)) == 0x8a91_36aa)  // RFC 3720, B.4
    #expect(CRC32C.checksum(Data(repeating: 0xff, count: 32)) == 0x62a8_ab43)
  }

  @Test func pyTorchsFileFramesVerifyAndEqualAnneals() throws {
    let f = try Self.fixture()
    let theirs = try Self.records(f.file)
    #expect(theirs.count == f.scalars.count + 1)
    var mine = EventRecord.framed(
      EventRecord.event(
        wallTime: f.file_version_wall_time, step: 0, fileVersion: "brain.Event:2",
        sourceWriter: "tensorboard.summary.writer.event_file_writer"))
    for scalar in f.scalars {
      mine.append(
        EventRecord.framed(
          EventRecord.event(
            wallTime: scalar.wall_time, step: Int64(scalar.step),
            scalars: [EventRecord.Scalar(tag: scalar.tag, value: Float(scalar.value))])))
    }
    #expect(mine == f.file)
  }

  @Test func aWriterMakesAFileTensorBoardFindsWithEveryScalar() throws {
    let f = try Self.fixture()
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let logDir = dir.file("runs/a")
    let writer = try SummaryWriter(logDir: logDir)
    for scalar in f.scalars {
      try writer.addScalar(scalar.tag, scalar.value, step: scalar.step, wallTime: scalar.wall_time)
    }
    try writer.close()
    #expect(throws: FileSystemError.self) { try writer.addScalar("late", 1, step: 1) }
    let name = URL(fileURLWithPath: writer.path).lastPathComponent
    #expect(name.hasPrefix("events.out.tfevents."))
    #expect(try FileManager.default.contentsOfDirectory(atPath: logDir) == [name])
    let mine = try Self.records(Data(contentsOf: URL(fileURLWithPath: writer.path)))
    let theirs = try Self.records(f.file)
    // All but the first record's wall time (now) are PyTorch's bytes.
    #expect(Array(mine.dropFirst()) == Array(theirs.dropFirst()))
    // The first: wall time, then `file_version` and `source_metadata` naming Anneal.
    let fileVersion = Data([0x1a, 13]) + Data("brain.Event:2".utf8) + Data([0x52, 8, 0x0a, 6]) + Data("anneal".utf8)
    #expect(mine.first?.count == 9 + fileVersion.count)
    #expect(mine.first?.first == 0x09)
    #expect(mine.first?.suffix(fileVersion.count) == fileVersion)
    // A second writer in the same folder (a resumed run) adds a file beside the first.
    let second = try SummaryWriter(logDir: logDir)
    try second.close()
    #expect(second.path != writer.path)
    #expect(try FileManager.default.contentsOfDirectory(atPath: logDir).count == 2)
  }

  /// With `flushSecs` (PyTorch's `flush_secs`) records wait in memory until the interval passes,
  /// `flush()` or `close()`; without it, or with a value that is not positive, each is written
  /// at once. Either way the records are the same.
  @Test func flushSecsHoldsRecordsUntilTheyAreWrittenOut() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    func records(_ writer: SummaryWriter) throws -> [Data] {
      try Self.records(Data(contentsOf: URL(fileURLWithPath: writer.path)))
    }
    let held = try SummaryWriter(logDir: dir.file("held"), flushSecs: 3600)
    try held.addScalar("a", 1, step: 1, wallTime: 5)
    #expect(try records(held).isEmpty)
    try held.flush()
    #expect(try records(held).count == 2)
    try held.addScalar("b", 2, step: 2, wallTime: 6)
    #expect(try records(held).count == 2)
    try held.close()
    for flushSecs in [nil, 0, -1, Double.nan] as [Double?] {
      let atOnce = try SummaryWriter(logDir: dir.file("at-once-\(String(describing: flushSecs))"), flushSecs: flushSecs)
      try atOnce.addScalar("a", 1, step: 1, wallTime: 5)
      #expect(try records(atOnce).count == 2, "flushSecs \(String(describing: flushSecs))")
      try atOnce.addScalar("b", 2, step: 2, wallTime: 6)
      try atOnce.close()
      #expect(try Array(records(atOnce).dropFirst()) == Array(records(held).dropFirst()))
    }
  }

  @Test func aFileWhereTheFolderShouldBeIsRefused() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try dir.write(Data("x".utf8), to: "file")
    #expect(throws: FileSystemError.self) { try SummaryWriter(logDir: dir.file("file")) }
    #expect(throws: FileSystemError.self) { try SummaryWriter(logDir: dir.file("file/below")) }
  }
}
