// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealOptim
import Foundation
import Testing

@Suite struct CheckpointTests {
  func sample() throws -> TrainingCheckpoint {
    let p = Tensor([1, 2, 3], requiresGrad: true)
    let optimizer = try Adam([p], lr: 0.1)
    let scheduler = try StepLR(optimizer, stepSize: 2)
    p.grad = Tensor([0.5, -1, 2])
    optimizer.step()
    scheduler.step()
    return TrainingCheckpoint(
      model: ["w": p.data], modelOrder: ["w"], optimizer: optimizer.stateDict(), scheduler: scheduler.stateDict(),
      generator: Generator(seed: 3).getState(), epoch: 1, iteration: 7, metadata: ["hidden": "100"])
  }

  func temporaryPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("anneal-\(UUID().uuidString).ckpt").path
  }

  @Test func roundTrip() throws {
    let path = temporaryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let original = try sample()
    try original.write(to: path)
    let read = try TrainingCheckpoint(contentsOf: path)
    #expect(read.model == original.model)
    #expect(read.optimizer == original.optimizer)
    #expect(read.generator == original.generator)
    #expect(read.epoch == 1 && read.iteration == 7)
    #expect(read.metadata == ["hidden": "100"])
    #expect(
      try read.scheduler.map { try $0.doubles("_last_lr") } == original.scheduler.map { try $0.doubles("_last_lr") })
  }

  @Test func damageIsDetected() throws {
    let path = temporaryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    try sample().write(to: path)
    let good = try Data(contentsOf: URL(fileURLWithPath: path))
    var flipped = good
    flipped[flipped.count - 3] ^= 0x10
    try flipped.write(to: URL(fileURLWithPath: path))
    #expect(
      throws: CheckpointError.damaged(path: path, reason: "its contents do not match the checksum written with it")
    ) {
      try TrainingCheckpoint(contentsOf: path)
    }
    try good.prefix(good.count - 10).write(to: URL(fileURLWithPath: path))
    #expect(throws: CheckpointError.self) { try TrainingCheckpoint(contentsOf: path) }
    #expect(throws: CheckpointError.self) { try TrainingCheckpoint(contentsOf: "/nonexistent/ckpt") }
  }

  @Test func aFailedWriteKeepsThePreviousCheckpoint() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("anneal-ck-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("run.ckpt").path
    try sample().write(to: path)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: folder.path)
    defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path) }
    if getuid() != 0 {  // root ignores permissions
      #expect(throws: CheckpointError.self) { try sample().write(to: path) }
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  }
}
