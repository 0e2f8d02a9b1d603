// Copyright © 2026 the Anneal authors.

import Foundation
import _AnnealTestSupport

/// Runs the `anneal` executable built next to the test bundle.
struct AnnealBinary {
  struct Output {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  static let url: URL? = {
    var folders: [URL] = []
    if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
    folders.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
      folders.append(bundle.bundleURL.deletingLastPathComponent())
    }
    return folders.map { $0.appendingPathComponent("anneal") }.first {
      FileManager.default.isExecutableFile(atPath: $0.path)
    }
  }()

  static let mnist = SharedData.mnistDirectory

  static func run(
    _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil
  ) throws -> Output {
    guard let url else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "anneal"]) }
    let process = Process()
    process.executableURL = url
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // stderr stays small (one error line), so reading stdout to its end first cannot block.
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  /// Runs `anneal` through `sh` with `shell` before it — redirections such as `>/dev/full`,
  /// `>&-`, or `ulimit -f 1;` — and returns its status and standard error (standard output is
  /// wherever `shell` sent it).
  static func run(_ arguments: [String], shell prefix: String, redirect: String = "") throws -> Output {
    guard let url else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "anneal"]) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", prefix + " exec \"$0\" \"$@\" " + redirect, url.path] + arguments
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Output(status: process.terminationStatus, stdout: "", stderr: String(decoding: stderr, as: UTF8.self))
  }

  /// Runs `anneal` and sends it `signal` as soon as a line of its standard output satisfies
  /// `trigger`.
  static func run(
    _ arguments: [String], signal: Int32, directory: URL? = nil, after trigger: (Substring) -> Bool
  ) throws -> Output {
    guard let url else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "anneal"]) }
    let process = Process()
    process.executableURL = url
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    var stdout = Data()
    var sent = false
    while case let chunk = out.fileHandleForReading.availableData, !chunk.isEmpty {
      stdout.append(chunk)
      if !sent, String(decoding: stdout, as: UTF8.self).split(separator: "\n").contains(where: trigger) {
        kill(process.processIdentifier, signal)
        sent = true
      }
    }
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }
}
