// Copyright © 2026 the Anneal authors.

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A minimal HTTP/1.0 file server on 127.0.0.1 for download tests: it serves the files of a
/// folder, honours `Range: bytes=N-` requests, and per path it can misbehave — answer with
/// another status, a corrupted or truncated body, or hang up.
public final class LocalHTTPServer: @unchecked Sendable {
  // @unchecked: `overrides`, `queued` and `served` are guarded by `lock`; the socket is owned
  // by the accept thread after `start()`.

  /// How to answer one request instead of serving the file.
  public enum Response: Sendable {
    /// Answer with this status and an empty body.
    case status(Int)
    /// Answer 200 with this body.
    case body(Data)
    /// Send the first `count` bytes of the normal answer's body, with its full
    /// Content-Length, then close the connection.
    case truncated(Int)
    /// Close the connection without answering.
    case hangUp
    /// Answer 200 with the whole file even to a range request.
    case ignoringRange
  }

  /// One request as received.
  public struct Request: Sendable, Equatable {
    /// The path, e.g. `/t10k-labels-idx1-ubyte.gz`.
    public let path: String
    /// The `Range` header, if any.
    public let range: String?
  }

  /// The base URL, e.g. `http://127.0.0.1:54321/`.
  public private(set) var baseURL = URL(string: "http://127.0.0.1/")!
  private let root: URL
  private var listener: Int32 = -1
  private let lock = NSLock()
  private var overrides: [String: Response] = [:]
  private var queued: [String: [Response]] = [:]
  private var served: [Request] = []

  /// Serves `root` on an ephemeral port.
  public init(root: URL) throws {
    self.root = root
    listener = socket(AF_INET, streamSocket, 0)
    guard listener >= 0 else { throw POSIXError(.EIO) }
    var reuse: Int32 = 1
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
    }
    baseURL = URL(string: "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))/")!
    let thread = Thread { [self] in acceptLoop() }
    thread.start()
  }

  deinit { close(listener) }

  /// Answers every request for `path` (e.g. `/t10k-labels-idx1-ubyte.gz`) with `response`.
  public func override(_ path: String, with response: Response) {
    lock.withLock { overrides[path] = response }
  }

  /// Answers the next requests for `path` with `responses`, one each, before going back to
  /// normal.
  public func queue(_ path: String, _ responses: [Response]) {
    lock.withLock { queued[path, default: []] += responses }
  }

  /// The paths requested so far.
  public var requestedPaths: [String] { lock.withLock { served.map(\.path) } }

  /// The requests received so far.
  public var requests: [Request] { lock.withLock { served } }

  /// Stops accepting connections.
  public func stop() { shutdown(listener, Int32(SHUT_RDWR)) }

  private func acceptLoop() {
    while true {
      let client = accept(listener, nil, nil)
      guard client >= 0 else { return }
      handle(client)
      close(client)
    }
  }

  private func handle(_ client: Int32) {
    var request = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 4096)
    while !request.containsHeaderEnd {
      let n = recv(client, &buffer, buffer.count, 0)
      guard n > 0 else { return }
      request += buffer[0..<n]
    }
    let lines = String(decoding: request, as: UTF8.self).split(whereSeparator: \.isNewline)
    let path = lines.first?.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
    let range = lines.dropFirst().first { $0.lowercased().hasPrefix("range:") }.map {
      $0.dropFirst("range:".count).trimmingCharacters(in: .whitespaces)
    }
    let override = lock.withLock { () -> Response? in
      served.append(Request(path: path, range: range))
      if var next = queued[path], !next.isEmpty {
        let first = next.removeFirst()
        queued[path] = next
        return first
      }
      return overrides[path]
    }
    let file = try? Data(contentsOf: root.appendingPathComponent(String(path.dropFirst())))
    // The normal answer: the file, or its tail for `Range: bytes=N-`.
    let start = range.flatMap { $0.hasPrefix("bytes=") && $0.hasSuffix("-") ? Int($0.dropFirst(6).dropLast()) : nil }
    func normal(ignoringRange: Bool = false) -> (status: Int, body: Data, extra: String) {
      guard let file else { return (404, Data(), "") }
      guard let start, !ignoringRange else { return (200, file, "") }
      guard start < file.count else { return (416, Data(), "Content-Range: bytes */\(file.count)\r\n") }
      return (206, file.dropFirst(start), "Content-Range: bytes \(start)-\(file.count - 1)/\(file.count)\r\n")
    }
    switch override {
    case .status(let code):
      send(client, status: code, body: Data())
    case .body(let body):
      send(client, status: 200, body: body)
    case .truncated(let count):
      let answer = normal()
      send(
        client, status: answer.status, body: answer.body.prefix(count), declaredLength: answer.body.count,
        extra: answer.extra)
    case .hangUp:
      return
    case .ignoringRange:
      let answer = normal(ignoringRange: true)
      send(client, status: answer.status, body: answer.body)
    case nil:
      let answer = normal()
      send(client, status: answer.status, body: answer.body, extra: answer.extra)
    }
  }

  private func send(_ client: Int32, status: Int, body: Data, declaredLength: Int? = nil, extra: String = "") {
    let header =
      "HTTP/1.0 \(status) X\r\nContent-Length: \(declaredLength ?? body.count)\r\n\(extra)Connection: close\r\n\r\n"
    let bytes = [UInt8](header.utf8) + [UInt8](body)
    var offset = 0
    while offset < bytes.count {
      let n = bytes[offset...].withUnsafeBytes { rawSend(client, $0.baseAddress, $0.count) }
      guard n > 0 else { return }
      offset += n
    }
  }
}

#if canImport(Glibc)
  private let streamSocket = Int32(SOCK_STREAM.rawValue)
  private func rawSend(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    Glibc.send(fd, bytes, count, Int32(MSG_NOSIGNAL))
  }
#else
  private let streamSocket = SOCK_STREAM
  private func rawSend(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    Darwin.send(fd, bytes, count, 0)
  }
#endif

extension [UInt8] {
  fileprivate var containsHeaderEnd: Bool {
    count >= 4
      && (0...(count - 4)).contains { self[$0] == 13 && self[$0 + 1] == 10 && self[$0 + 2] == 13 && self[$0 + 3] == 10 }
  }
}
