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
}
