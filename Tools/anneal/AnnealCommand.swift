// Copyright © 2026 the Anneal authors.

import ArgumentParser
import Dispatch
import Foundation

/// The `anneal` command-line tool.
struct AnnealCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "anneal",
    abstract: "PyTorch's training workflow and learning-rate schedulers, in Swift.",
    version: "0.1.0",
    subcommands: [MNISTCommand.self, CompareCommand.self, ScheduleCommand.self, FindLRCommand.self, InfoCommand.self])
}

/// The entry point: it claims closed standard descriptors before anything else opens a file
/// (the runtime's first descriptor would otherwise become "standard output"), then runs the
/// command.
@main
enum AnnealMain {
  static func main() {
    Console.claimStandardDescriptors()
    // Help, usage and version text go through C's buffered stdout, flushed at exit.
    atexit { Console.checkBufferedOutput() }
    Task {
      await AnnealCommand.main()
      exit(0)
    }
    dispatchMain()
  }
}
