// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealLRScheduler
import Foundation

/// Everything needed to continue a training run exactly: the model's parameters, the
/// optimizer's state, the scheduler's state, the random generator's state (which also fixes
/// the data loader's next permutation), and the position in the run.
///
/// The file is a `.safetensors` container — tensors under `model/<name>` and
/// `optimizer/<index>/<buffer>`, the rest as JSON in its metadata — written atomically, with a
/// CRC-32 over the metadata and all tensor bytes so that damage is detected on reading.
///
/// ```swift
/// let checkpoint = TrainingCheckpoint(
///   model: model.stateDict(), modelOrder: model.stateDictKeys(),
///   optimizer: optimizer.stateDict(), scheduler: scheduler.stateDict(),
///   generator: Generator.default.getState(), epoch: epoch + 1, iteration: iteration)
/// try checkpoint.write(to: "run.ckpt")
/// ```
public struct TrainingCheckpoint: Sendable {
  /// The model's parameters by dotted name.
  public var model: [String: TensorData]
  /// The parameter names in the model's order.
  public var modelOrder: [String]
  /// The optimizer's state.
  public var optimizer: OptimizerState
  /// The scheduler's state, if there is a scheduler.
  public var scheduler: StateDict?
  /// The states of schedulers that drive other hyperparameters (``ScheduledHyperparameter``),
  /// by the hyperparameter's key; empty when there are none (and in older checkpoints).
  public var hyperparameterSchedulers: [String: StateDict] = [:]
  /// The random generator's state.
  public var generator: GeneratorState
  /// Completed epochs.
  public var epoch: Int
  /// Completed iterations (optimizer steps).
  public var iteration: Int
  /// The caller's settings of the run (free-form), e.g. for checking that a resume uses the
  /// same ones.
  public var metadata: [String: String]
  /// The position within the current epoch for a checkpoint written within one; `nil` at an
  /// epoch boundary.
  public var position: EpochPosition?

  /// Creates a checkpoint.
  public init(
    model: [String: TensorData], modelOrder: [String], optimizer: OptimizerState, scheduler: StateDict?,
    generator: GeneratorState, epoch: Int, iteration: Int, metadata: [String: String] = [:],
    position: EpochPosition? = nil
  ) {
    self.model = model
    self.modelOrder = modelOrder
    self.optimizer = optimizer
    self.scheduler = scheduler
    self.generator = generator
    self.epoch = epoch
    self.iteration = iteration
    self.metadata = metadata
    self.position = position
  }

  private static let format = "anneal-checkpoint-1"

  private struct Header: Codable {
    var format: String
    var modelOrder: [String]
    var optimizerGroups: [StateDict]
    var optimizerBuffers: [String]
    var scheduler: StateDict?
    var generator: GeneratorState
    var epoch: Int
    var iteration: Int
    var info: [String: String]
    var passGenerator: GeneratorState?
    var loop: StateDict?
    var hyperparameterSchedulers: [String: StateDict]?
  }

  /// Writes the checkpoint atomically with `AtomicFile`: an interrupted write leaves any
  /// previous file intact, and a replaced file keeps its permissions. With `existing: .keep` an
  /// existing file is never replaced (the error is `File exists`).
  ///
  /// - Throws: ``CheckpointError/file(_:)`` holding `SafeTensorsError/write(_:)` with the
  ///   system's reason (`No space left on device`, …).
  public func write(to path: String, existing: AtomicFile.Existing = .replace) throws(CheckpointError) {
    var tensors: [String: TensorData] = [:]
    var order: [String] = []
    for name in modelOrder {
      tensors["model/\(name)"] = model[name]
      order.append("model/\(name)")
    }
    var bufferNames: [String] = []
    for index in optimizer.state.keys.sorted() {
      for (name, data) in (optimizer.state[index] ?? [:]).sorted(by: { $0.key < $1.key }) {
        let key = "optimizer/\(index)/\(name)"
        tensors[key] = data
        order.append(key)
        bufferNames.append(key)
      }
    }
    let header = Header(
      format: Self.format, modelOrder: modelOrder, optimizerGroups: optimizer.paramGroups,
      optimizerBuffers: bufferNames, scheduler: scheduler, generator: generator, epoch: epoch, iteration: iteration,
      info: metadata, passGenerator: position?.start, loop: position?.state,
      hyperparameterSchedulers: hyperparameterSchedulers.isEmpty ? nil : hyperparameterSchedulers)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json: String
    do {
      json = String(decoding: try encoder.encode(header), as: UTF8.self)
    } catch {
      preconditionFailure("checkpoint state is not encodable: \(error)")
    }
    let unsigned = SafeTensors.encode(tensors, order: order, metadata: ["anneal.checkpoint": json])
    var crc = CRC32()
    crc.update(json.utf8)
    crc.update(Self.dataSection(of: unsigned))
    let signed = SafeTensors.encode(
      tensors, order: order, metadata: ["anneal.checkpoint": json, "anneal.crc32": String(crc.checksum, radix: 16)])
    do {
      try AtomicFile.write(signed, to: path, existing: existing)
    } catch {
      throw .file(.write(error))
    }
  }

  /// Reads and verifies a checkpoint.
  ///
  /// - Throws: ``CheckpointError`` for a missing, malformed or damaged file.
  public init(contentsOf path: String) throws(CheckpointError) {
    let data: Data
    do {
      data = try FileContents.read(path)
    } catch {
      throw .file(.io(path: path, reason: error.reason))
    }
    try self.init(decoding: data, path: path)
  }

  /// Decodes a checkpoint from its bytes; `path` names it in errors. With `verifyingChecksum`
  /// false the CRC-32 is not checked, which lets a fuzzer reach the metadata decoder.
  package init(decoding data: Data, path: String, verifyingChecksum: Bool = true) throws(CheckpointError) {
    let file: (tensors: [String: TensorData], names: [String], metadata: [String: String])
    do {
      file = try SafeTensors.decode(data, path: path)
    } catch SafeTensorsError.malformed(_, let reason) {
      throw .damaged(path: path, reason: reason)
    } catch {
      throw .file(error)
    }
    guard let json = file.metadata["anneal.checkpoint"], let stored = file.metadata["anneal.crc32"] else {
      throw .notACheckpoint(path: path, reason: "no checkpoint metadata")
    }
    var crc = CRC32()
    crc.update(json.utf8)
    crc.update(Self.dataSection(of: data))
    guard !verifyingChecksum || String(crc.checksum, radix: 16) == stored else {
      throw .damaged(path: path, reason: "its contents do not match the checksum written with it")
    }
    let header: Header
    do {
      header = try JSONDecoder().decode(Header.self, from: Data(json.utf8))
    } catch {
      throw .notACheckpoint(path: path, reason: "unreadable metadata")
    }
    guard header.format == Self.format else {
      throw .notACheckpoint(path: path, reason: "format '\(header.format)', expected '\(Self.format)'")
    }
    guard header.epoch >= 0, header.iteration >= 0 else {
      throw .notACheckpoint(path: path, reason: "negative epoch or iteration")
    }
    var model: [String: TensorData] = [:]
    for name in header.modelOrder {
      guard let tensor = file.tensors["model/\(name)"] else {
        throw .notACheckpoint(path: path, reason: "missing tensor model/\(name)")
      }
      model[name] = tensor
    }
    var state: [Int: [String: TensorData]] = [:]
    for key in header.optimizerBuffers {
      let parts = key.split(separator: "/")
      guard parts.count == 3, let index = Int(parts[1]), let tensor = file.tensors[key] else {
        throw .notACheckpoint(path: path, reason: "bad optimizer buffer \(key)")
      }
      state[index, default: [:]][String(parts[2])] = tensor
    }
    var position: EpochPosition?
    if let start = header.passGenerator {
      guard let saved = EpochPosition(start: start, state: header.loop ?? [:]) else {
        throw .notACheckpoint(path: path, reason: "a malformed position within its epoch")
      }
      position = saved
    }
    self.init(
      model: model, modelOrder: header.modelOrder,
      optimizer: OptimizerState(paramGroups: header.optimizerGroups, state: state), scheduler: header.scheduler,
      generator: header.generator, epoch: header.epoch, iteration: header.iteration, metadata: header.info,
      position: position)
    hyperparameterSchedulers = header.hyperparameterSchedulers ?? [:]
  }

  /// The bytes after the safetensors header.
  private static func dataSection(of file: Data) -> Data {
    guard file.count >= 8 else { return Data() }
    let length = file.prefix(8).reversed().reduce(0) { $0 << 8 | Int($1) }
    return file.count >= 8 + length ? file.dropFirst(8 + length) : Data()
  }
}
