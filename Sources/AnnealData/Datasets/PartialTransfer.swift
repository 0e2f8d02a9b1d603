// Copyright © 2026 the Anneal authors.

import Foundation
import Synchronization

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// One HTTP GET streamed into a file, continuing a partial file with a `Range` request when
/// the file already holds some bytes.
final class PartialTransfer: NSObject, URLSessionDataDelegate, Sendable {
  /// How a transfer ended.
  enum Outcome: Equatable {
    /// The whole body is in the file.
    case complete
    /// The server answered with this status (not 200, nor 206 to a range request).
    case status(Int)
    /// The connection failed or broke off; the file keeps what arrived.
    case interrupted(String)
    /// The file could not be written.
    case unwritable(String)
  }

  private struct State {
    var handle: FileHandle?
    var written: Int64 = 0
    var expected: Int64?
    var outcome: Outcome?
    var continuation: CheckedContinuation<Outcome, Never>?
  }

  private let path: String
  private let state: Mutex<State>
  private let progress: (@Sendable (_ bytes: Int64, _ expected: Int64?) -> Void)?

  private init(path: String, progress: (@Sendable (Int64, Int64?) -> Void)?) {
    self.path = path
    self.progress = progress
    state = Mutex(State())
  }

  /// Fetches `url` into `path`, asking only for the bytes after the file's current length;
  /// `progress` hears the file's length and the expected total after every chunk.
  static func run(
    _ url: URL, into path: String, timeout: Duration,
    progress: (@Sendable (_ bytes: Int64, _ expected: Int64?) -> Void)? = nil
  ) async -> Outcome {
    let transfer = PartialTransfer(path: path, progress: progress)
    return await transfer.start(url, timeout: timeout)
  }

  private func start(_ url: URL, timeout: Duration) async -> Outcome {
    if !FileManager.default.fileExists(atPath: path) {
      guard FileManager.default.createFile(atPath: path, contents: nil) else {
        return .unwritable("cannot create \(path)")
      }
    }
    guard let handle = FileHandle(forUpdatingAtPath: path) else { return .unwritable("cannot open \(path)") }
    let offset = Int64((try? handle.seekToEnd()) ?? 0)
    state.withLock {
      $0.handle = handle
      $0.written = offset
    }
    var request = URLRequest(url: url)
    request.timeoutInterval = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) * 1e-18
    if offset > 0 { request.setValue("bytes=\(offset)-", forHTTPHeaderField: "Range") }
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = request.timeoutInterval
    let queue = OperationQueue()
    queue.maxConcurrentOperationCount = 1
    let session = URLSession(configuration: configuration, delegate: self, delegateQueue: queue)
    let outcome = await withCheckedContinuation { continuation in
      state.withLock { $0.continuation = continuation }
      session.dataTask(with: request).resume()
    }
    session.finishTasksAndInvalidate()
    try? handle.synchronize()
    try? handle.close()
    return outcome
  }

  func urlSession(
    _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
  ) {
    let http = response as? HTTPURLResponse
    let code = http?.statusCode ?? 200
    let allow = state.withLock { state -> Bool in
      switch code {
      case 206 where state.written > 0:
        // `Content-Range: bytes first-last/total` must continue exactly where the file ends.
        let range = http?.value(forHTTPHeaderField: "Content-Range") ?? ""
        let numbers = range.split(whereSeparator: { !$0.isNumber }).compactMap { Int64($0) }
        guard numbers.count == 3, numbers[0] == state.written else {
          state.outcome = .interrupted("the server answered the range request with '\(range)'")
          truncate(&state)
          return false
        }
        state.expected = numbers[2]
        return true
      case 200:
        // A full body: the server ignored or does not support the range request.
        truncate(&state)
        if response.expectedContentLength >= 0 { state.expected = response.expectedContentLength }
        return true
      default:
        state.outcome = .status(code)
        return false
      }
    }
    completionHandler(allow ? .allow : .cancel)
  }

  func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
    let (failed, written, expected) = state.withLock { state -> (Bool, Int64, Int64?) in
      guard state.outcome == nil, let handle = state.handle else { return (false, state.written, state.expected) }
      do {
        try handle.write(contentsOf: data)
        state.written += Int64(data.count)
        return (false, state.written, state.expected)
      } catch {
        state.outcome = .unwritable("cannot write \(path)")
        return (true, state.written, state.expected)
      }
    }
    if failed {
      dataTask.cancel()
    } else {
      progress?(written, expected)
    }
  }

  func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
    let (continuation, outcome) = state.withLock { state -> (CheckedContinuation<Outcome, Never>?, Outcome) in
      let outcome: Outcome
      if let recorded = state.outcome {
        outcome = recorded
      } else if let expected = state.expected, state.written != expected {
        // The system's own wording for this differs between platforms.
        outcome = .interrupted("the connection closed after \(state.written) of \(expected) bytes")
      } else if let error {
        outcome = .interrupted(error.localizedDescription)
      } else {
        outcome = .complete
      }
      defer { state.continuation = nil }
      return (state.continuation, outcome)
    }
    continuation?.resume(returning: outcome)
  }

  private func truncate(_ state: inout State) {
    try? state.handle?.truncate(atOffset: 0)
    try? state.handle?.seek(toOffset: 0)
    state.written = 0
  }
}
