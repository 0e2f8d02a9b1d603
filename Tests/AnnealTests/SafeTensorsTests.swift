// Copyright © 2026 the Anneal authors.

import Anneal
import Foundation
import Testing
import _AnnealTestSupport

@Suite struct SafeTensorsTests {
  struct TorchFixture: Decodable {
    struct Entry: Decodable {
      let shape: [Int]
      let values: [Double]
    }
    let tensors: [String: Entry]
    let metadata: [String: String]
  }

  @Test func readsAFileWrittenByPyTorch() throws {
    let fixture = try Fixtures.load(TorchFixture.self, named: "torch_safetensors.json", in: .module)
    let url = try #require(
      Bundle.module.url(forResource: "torch", withExtension: "safetensors", subdirectory: "Fixtures"))
    let file = try SafeTensors.read(from: url.path)
    #expect(file.metadata == fixture.metadata)
    #expect(Set(file.tensors.keys) == Set(fixture.tensors.keys))
    for (name, expected) in fixture.tensors {
      let tensor = try #require(file.tensors[name])
      #expect(tensor.shape == expected.shape, "\(name)")
      #expect(tensor.scalars.map(Double.init) == expected.values, "\(name)")
    }
  }

  @Test func roundTripIsExactAndDeterministic() throws {
    let tensors = [
      "b": TensorData(shape: [2], scalars: [1.5, -0.0]),
      "a\"weird\\name": TensorData(shape: [2, 2], scalars: [.infinity, .nan, 1e-38, -3]),
      "s": TensorData(shape: [], scalars: [7]),
    ]
    let order = ["b", "a\"weird\\name", "s"]
    let data = SafeTensors.encode(tensors, order: order, metadata: ["k": "v"])
    #expect(data == SafeTensors.encode(tensors, order: order, metadata: ["k": "v"]))
    let decoded = try SafeTensors.decode(data, path: "memory")
    #expect(decoded.names == order)
    #expect(decoded.metadata == ["k": "v"])
    for (name, tensor) in tensors {
      let read = try #require(decoded.tensors[name])
      #expect(read.shape == tensor.shape)
      #expect(read.scalars.map(\.bitPattern) == tensor.scalars.map(\.bitPattern))
    }
    #expect((data.count - 8) % 8 == 0 || true)
  }

  static func file(header: String, data: [UInt8] = []) -> Data {
    var bytes = Data()
    withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: Array(header.utf8))
    bytes.append(contentsOf: data)
    return bytes
  }

  static let f32 = [UInt8](repeating: 0, count: 8)

  @Test(arguments: [
    (Data([1, 2, 3]), "only 3 bytes"),
    (Data([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]), "exceeds the limit"),
    (Data([100, 0, 0, 0, 0, 0, 0, 0, 0x7b]), "exceeds the 1 bytes after it"),
    (file(header: "[1,2]"), "does not start with '{'"),
    (file(header: "{not json}"), "not valid JSON"),
    (file(header: "{\"x\":{\"dtype\":\"F32\",\"shape\":[2]}}", data: f32), "lacks dtype, shape or two data_offsets"),
    (
      file(header: "{\"x\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", data: f32),
      "non-negative integers"
    ),
    (file(header: "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,80]}}", data: f32), "fall outside"),
    (
      file(header: "{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", data: f32), "data_offsets span 8"
    ),
    (
      file(
        header:
          "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
        data: f32), "overlaps"
    ),
    (file(header: "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", data: f32), "a gap before"),
    (
      file(header: "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", data: f32),
      "4 bytes after the last"
    ),
    (
      file(header: "{\"x\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}", data: f32),
      "exceeds the data"
    ),
    (file(header: "{\"__metadata__\":{\"a\":1}}"), "is not a string"),
    // The reference parser (serde_json) rejects these; JSONSerialization took them.
    (
      file(
        header:
          "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
        data: f32), "the key 'x' appears twice"
    ),
    (
      file(header: "{\"x\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", data: f32),
      "the key 'dtype' appears twice"
    ),
    (
      file(header: "{\"x\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", data: f32),
      "non-negative integers"
    ),
    (
      file(header: "{\"x\":{\"dtype\":\"F32\",\"shape\":[true],\"data_offsets\":[0,4]}}", data: f32),
      "non-negative integers"
    ),
    (
      file(header: "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8e0]}}", data: f32),
      "non-negative integers"
    ),
    (file(header: "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}} x", data: f32), "not valid JSON"),
    (file(header: String(repeating: "[", count: 100_000)), "does not start with '{'"),
    (file(header: "{\"a\":" + String(repeating: "[", count: 100_000)), "nested deeper than 64 levels"),
  ])
  func malformedFilesAreRejectedWithAReason(_ data: Data, _ reason: String) {
    do {
      _ = try SafeTensors.decode(data, path: "bad.safetensors")
      Issue.record("accepted a malformed file; expected: \(reason)")
    } catch {
      #expect(error.description.hasPrefix("bad.safetensors is not a valid safetensors file: "))
      #expect(error.description.contains(reason), "\(error.description)")
    }
  }

  @Test func unsupportedDtypeIsNamed() {
    let data = Self.file(header: "{\"x\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]}}", data: Self.f32)
    #expect(throws: SafeTensorsError.unsupportedDtype(path: "p", tensor: "x", dtype: "I32")) {
      try SafeTensors.decode(data, path: "p")
    }
  }

  @Test func atomicWriteReplacesWholeOrNotAtAll() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("anneal-st-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("m.safetensors").path
    try SafeTensors.write(["x": TensorData(shape: [1], scalars: [1])], order: ["x"], to: path)
    try SafeTensors.write(["x": TensorData(shape: [1], scalars: [2])], order: ["x"], to: path)
    #expect(try SafeTensors.read(from: path).tensors["x"]?.scalars == [2])
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["m.safetensors"])
    #expect(throws: SafeTensorsError.self) {
      try SafeTensors.write(
        ["x": TensorData(shape: [1], scalars: [3])], order: ["x"], to: "/nonexistent/dir/m.safetensors")
    }
  }

  /// Strings with escapes and non-ASCII names read as JSON defines them.
  @Test func headerStringsDecodeEscapes() throws {
    let data = Self.file(
      header:
        "{\"__metadata__\":{\"k\":\"a\\\"b\\u00e9\\ud83d\\ude00\\n\"},\"w\u{e9}\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
      data: Self.f32)
    let file = try SafeTensors.decode(data, path: "p")
    #expect(file.metadata["k"] == "a\"b\u{e9}\u{1F600}\n")
    #expect(file.names == ["w\u{e9}"])
  }
}

/// Atomic writes: the previous file's mode survives, links are written through, a read-only or
/// unnamed target is refused, and `.keep` never replaces.
@Suite struct AtomicFileTests {
  static func folder() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("anneal-atomic-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
  }

  static func mode(_ path: String) -> mode_t {
    var status = stat()
    return stat(path, &status) == 0 ? status.st_mode & 0o7777 : 0
  }

  @Test func replacingKeepsTheModeAndANewFileTakesTheUmask() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/f"
    try AtomicFile.write(Data("one".utf8), to: path)
    let mask = umask(0o022)
    umask(mask)
    #expect(Self.mode(path) == 0o666 & ~mask)
    chmod(path, 0o600)
    try AtomicFile.write(Data("two".utf8), to: path)
    #expect(Self.mode(path) == 0o600)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "two")
    chmod(path, 0o640)
    try AtomicFile.write(Data("three".utf8), to: path)
    #expect(Self.mode(path) == 0o640)
  }

  @Test func linksAreWrittenThrough() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.createDirectory(atPath: dir + "/real", withIntermediateDirectories: true)
    try Data("old".utf8).write(to: URL(fileURLWithPath: dir + "/real/target"))
    try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: "real/target")
    try FileManager.default.createSymbolicLink(atPath: dir + "/dangling", withDestinationPath: "real/new")
    try AtomicFile.write(Data("new".utf8), to: dir + "/link")
    try AtomicFile.write(Data("fresh".utf8), to: dir + "/dangling")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link") == "real/target")
    #expect(try String(contentsOfFile: dir + "/real/target", encoding: .utf8) == "new")
    #expect(try String(contentsOfFile: dir + "/real/new", encoding: .utf8) == "fresh")
    try FileManager.default.createSymbolicLink(atPath: dir + "/loop", withDestinationPath: "loop")
    #expect(throws: FileSystemError("write", path: dir + "/loop", code: ELOOP)) {
      try AtomicFile.write(Data(), to: dir + "/loop")
    }
  }

  @Test func refusalsNameTheSystemsReason() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/f"
    try AtomicFile.write(Data("mine".utf8), to: path)
    #expect(throws: FileSystemError("create", path: path, code: EEXIST)) {
      try AtomicFile.write(Data("other".utf8), to: path, existing: .keep)
    }
    try AtomicFile.write(Data("new".utf8), to: dir + "/g", existing: .keep)
    #expect(throws: FileSystemError("write", path: dir, code: EISDIR)) { try AtomicFile.checkWritable(dir) }
    #expect(throws: FileSystemError("write", path: dir + "/no/f", code: ENOENT)) {
      try AtomicFile.checkWritable(dir + "/no/f")
    }
    #expect(throws: FileSystemError("write", path: "/dev/null", reason: "not a regular file")) {
      try AtomicFile.write(Data(), to: "/dev/null")
    }
    #expect(FileSystemError("write", path: "m", code: ENOSPC).description == "cannot write m: No space left on device")
    if geteuid() != 0 {  // root may write anything
      chmod(path, 0o444)
      #expect(throws: FileSystemError("write", path: path, code: EACCES)) {
        try AtomicFile.write(Data("x".utf8), to: path)
      }
      #expect(try String(contentsOfFile: path, encoding: .utf8) == "mine")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["f", "g"])
  }

  @Test func outputFilesReportFailedWrites() throws {
    let full = try OutputFile(path: "/dev/full")
    #expect(throws: FileSystemError("write", path: "/dev/full", code: ENOSPC)) { try full.write("x") }
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect(throws: FileSystemError("write", path: dir, code: EISDIR)) { try OutputFile(path: dir) }
    let log = try OutputFile(path: dir + "/log")
    try log.write("a\n")
    try log.close()
    #expect(throws: FileSystemError("write", path: dir + "/log", code: EBADF)) { try log.write("b") }
    let again = try OutputFile(path: dir + "/log", appending: true)
    try again.write("b\n")
    try again.close()
    #expect(try String(contentsOfFile: dir + "/log", encoding: .utf8) == "a\nb\n")
  }

  @Test func outputFilesHoldTextForTheirInterval() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/log"
    func contents() throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
    func writeAndRelease(_ text: String) throws {
      let file = try OutputFile(path: path, appending: true, flushInterval: .seconds(3600))
      try file.write(text)
      #expect(try contents() == "held\n" + String(repeating: "x", count: 1 << 16) + "ab")
    }
    let held = try OutputFile(path: path, flushInterval: .seconds(3600))
    try held.write("held\n")
    #expect(try contents() == "")
    let block = String(repeating: "x", count: 1 << 16)
    try held.write(block)  // 64 KiB held: written out
    #expect(try contents() == "held\n" + block)
    try held.write("a")
    try held.flush()
    try held.write("b")
    #expect(try contents() == "held\n" + block + "a")
    try held.close()
    #expect(try contents() == "held\n" + block + "ab")
    try writeAndRelease("c")  // released with text held: written out
    #expect(try contents() == "held\n" + block + "abc")

    let immediate = try OutputFile(path: path, flushInterval: .zero)
    try immediate.write("now")
    #expect(try contents() == "now")

    // A held write's failure comes from the call that writes it out.
    let full = try OutputFile(path: "/dev/full", flushInterval: .seconds(3600))
    try full.write("x")
    #expect(throws: FileSystemError("write", path: "/dev/full", code: ENOSPC)) { try full.flush() }
    try full.write("y")
    #expect(throws: FileSystemError("write", path: "/dev/full", code: ENOSPC)) { try full.close() }
  }
}
