// Copyright © 2026 the Anneal authors.

import ArgumentParser

/// A failure reported as one line on standard error with exit code 1.
struct CLIError: Error, CustomStringConvertible {
  let message: String
  var description: String { message }
}
