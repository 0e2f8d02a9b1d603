// Copyright © 2026 the Anneal authors.

import Foundation
import Synchronization

/// Turns the first SIGINT (Ctrl-C) or SIGTERM into a request the training loop polls between
/// steps, so that it can finish the step, save and exit cleanly; a second signal ends the
/// process at once, as usual.
enum Interruption {
  private static let signalNumber = Atomic<Int32>(0)

  /// The signal received since ``install()``, if any.
  static var received: Int32? {
    let number = signalNumber.load(ordering: .relaxed)
    return number == 0 ? nil : number
  }

  /// Starts catching SIGINT and SIGTERM.
  static func install() {
    for number in [SIGINT, SIGTERM] {
      signal(number) { number in
        Interruption.signalNumber.store(number, ordering: .relaxed)
        signal(number, SIG_DFL)  // a second signal is not caught
      }
    }
  }
}
