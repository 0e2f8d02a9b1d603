// Copyright © 2026 the Anneal authors.

/// How hard a download tries: rounds over the mirrors, the pause between rounds, and how long
/// a stalled connection may stay silent.
///
/// A round tries every mirror that has not refused the file for good (HTTP 403, 404, 410).
/// Between rounds the pause grows by ``backoff``; a connection that breaks off keeps what
/// arrived in a temporary `.part` file and the next attempt at the same mirror asks only for
/// the rest (an HTTP `Range` request).
public struct DownloadPolicy: Sendable, Hashable {
  /// Rounds over the mirrors; at least 1. The default value is `4`.
  public var attempts: Int
  /// The pause before the second round. The default value is half a second.
  public var initialDelay: Duration
  /// The factor by which each further pause grows. The default value is `2`.
  public var backoff: Double
  /// How long a request may wait for data before it counts as failed. The default value is
  /// 60 seconds.
  public var timeout: Duration

  /// Creates a policy.
  public init(
    attempts: Int = 4, initialDelay: Duration = .milliseconds(500), backoff: Double = 2,
    timeout: Duration = .seconds(60)
  ) {
    self.attempts = Swift.max(1, attempts)
    self.initialDelay = initialDelay
    self.backoff = Swift.max(1, backoff)
    self.timeout = timeout
  }

  /// The policy `MNIST` downloads use unless given another.
  public static let standard = DownloadPolicy()
}
