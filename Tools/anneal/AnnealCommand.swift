// Copyright © 2026 the Anneal authors.

import ArgumentParser

/// The `anneal` command-line tool.
@main
struct AnnealCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "anneal",
    abstract: "PyTorch's training workflow and learning-rate schedulers, in Swift.",
    version: "0.1.0",
    subcommands: [MNISTCommand.self, ScheduleCommand.self, FindLRCommand.self, InfoCommand.self])
}
