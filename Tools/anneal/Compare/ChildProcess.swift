// Copyright © 2026 the Anneal authors.

import AnnealTraining
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A child process of this executable whose standard output, standard error and a metrics
/// stream on descriptor 3 are read as it runs. It gets a process group of its own, so that a
/// Ctrl-C at the terminal reaches only the parent, which then ends it.
struct ChildProcess {
  /// How a child ended.
  struct Outcome {
    /// Its exit status, or 128 + the signal that ended it.
    let status: Int32
    let stdout: String
    let stderr: String
  }

  /// This executable's path.
  static var executable: String {
    Bundle.main.executablePath ?? CommandLine.arguments[0]
  }

  /// Runs `arguments` in a child with this process's environment plus `environment` (which
  /// wins), calls `metric` with each line it writes to descriptor 3, and returns when it has
  /// exited. If `stop()` turns true the child is killed (SIGKILL: it saves nothing) and the
  /// outcome is its signal.
  static func run(
    _ arguments: [String], environment: [String: String] = [:], metric: (Substring) throws -> Void,
    stop: () -> Bool
  ) throws -> Outcome {
    // Made and handed over under one lock, so that no other child inherits these pipes in
    // the moment before they are marked close-on-exec.
    let (pipes, spawned, pid) = try spawnLock.withLock { _ in try spawn(arguments, environment: environment) }
    defer { for pipe in pipes { close(pipe.read) } }
    guard spawned == 0 else {
      throw CLIError(message: "cannot start \(executable): \(String(cString: strerror(spawned)))")
    }
    return try collect(pid: pid, pipes: pipes, metric: metric, stop: stop)
  }

  private static let spawnLock = Mutex(())

  private static func spawn(
    _ arguments: [String], environment: [String: String]
  ) throws -> (pipes: [(read: Int32, write: Int32)], result: Int32, pid: pid_t) {
    let pipes = try (0..<3).map { _ in try makePipe() }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for (pipe, target) in zip(pipes, [STDOUT_FILENO, STDERR_FILENO, 3]) {
      posix_spawn_file_actions_adddup2(&actions, pipe.write, target)
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
    posix_spawnattr_setpgroup(&attributes, 0)
    let path = executable
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for argument in argv { free(argument) } }
    let envp = childEnvironment(environment).map { strdup($0) } + [nil]
    defer { for variable in envp { free(variable) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
    for pipe in pipes { close(pipe.write) }
    return (pipes, spawned, pid)
  }

  /// This process's environment as `NAME=value` strings, with `overrides` replacing or
  /// adding variables.
  private static func childEnvironment(_ overrides: [String: String]) -> [String] {
    ProcessInfo.processInfo.environment.merging(overrides) { $1 }.map { "\($0.key)=\($0.value)" }
  }

  private static func collect(
    pid: pid_t, pipes: [(read: Int32, write: Int32)], metric: (Substring) throws -> Void, stop: () -> Bool
  ) throws -> Outcome {
    var buffers = [Data(), Data(), Data()]
    var open = [true, true, true]
    var killed = false
    var failure: (any Error)?
    while open.contains(true) {
      if !killed, failure != nil || stop() {
        kill(pid, SIGKILL)
        killed = true
      }
      var descriptors = pipes.indices.filter { open[$0] }.map {
        pollfd(fd: pipes[$0].read, events: Int16(POLLIN), revents: 0)
      }
      let ready = poll(&descriptors, nfds_t(descriptors.count), 100)
      guard ready > 0 else { continue }
      for descriptor in descriptors where descriptor.revents != 0 {
        guard let index = pipes.firstIndex(where: { $0.read == descriptor.fd }) else { continue }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let count = read(descriptor.fd, &chunk, chunk.count)
        if count <= 0 {
          if count == 0 || (errno != EINTR && errno != EAGAIN) { open[index] = false }
          continue
        }
        buffers[index].append(contentsOf: chunk[..<count])
        guard index == 2, failure == nil else { continue }
        // Hand over the complete lines of the metrics stream.
        while let newline = buffers[2].firstIndex(of: UInt8(ascii: "\n")) {
          let line = String(decoding: buffers[2][buffers[2].startIndex..<newline], as: UTF8.self)
          buffers[2].removeSubrange(buffers[2].startIndex...newline)
          do {
            try metric(Substring(line))
          } catch {
            failure = error
            break
          }
        }
      }
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    if let failure { throw failure }
    let signalled = status & 0x7f
    return Outcome(
      status: signalled == 0 ? (status >> 8) & 0xff : 128 + signalled,
      stdout: String(decoding: buffers[0], as: UTF8.self), stderr: String(decoding: buffers[1], as: UTF8.self))
  }

  /// A pipe whose descriptors close on exec.
  private static func makePipe() throws -> (read: Int32, write: Int32) {
    var descriptors: [Int32] = [0, 0]
    let made = pipe(&descriptors)
    for descriptor in descriptors where made == 0 { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
    guard made == 0 else { throw CLIError(message: "cannot make a pipe: \(String(cString: strerror(errno)))") }
    return (descriptors[0], descriptors[1])
  }
}
