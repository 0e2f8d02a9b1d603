// Copyright © 2026 the Anneal authors.

import Foundation

/// What a dataset download is doing, as told to the `progress` handler of
/// ``MNIST/download(root:train:variant:mirrors:policy:progress:)``.
///
/// torchvision prints a `tqdm` bar; Anneal's library prints nothing and leaves the telling to
/// the caller (`anneal mnist` writes these events to standard error).
public enum DownloadEvent: Sendable, Equatable {
  /// A request for `file` to `url` begins (again after a failure, from the same or the next
  /// mirror).
  case started(file: String, url: URL)
  /// `bytes` of `file` have arrived so far, of `expected` when the server said how many.
  case received(file: String, bytes: Int64, expected: Int64?)
  /// The attempt failed for `reason`; another follows unless the attempts are used up.
  case failed(file: String, reason: String)
  /// `file` is verified and in place.
  case finished(file: String)
}

/// Receives ``DownloadEvent``s; called from the download's own threads.
public typealias DownloadProgressHandler = @Sendable (DownloadEvent) -> Void
