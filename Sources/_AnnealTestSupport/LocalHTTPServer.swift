// Copyright © 2026 the Anneal authors.

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A minimal HTTP/1.0 file server on 127.0.0.1 for download tests: it serves the files of a
/// folder, and per path it can answer with another status or a corrupted or truncated body.
public final class LocalHTTPServer: @unchecked Sendable {
  // @unchecked: `overrides` and `requests` are guarded by `lock`; the socket is owned by the
  // accept thread after `start()`.

  /// How to answer one path instead of serving the file.
  public enum Response: Sendable {
    /// Answer with this status and an empty body.
    case status(Int)
    /// Answer 200 with this body.
    case body(Data)
    /// Answer 200 with the file's first `count` bytes but its full Content-Length.
    case truncated(Int)
  }

  /// The base URL, e.g. `http://127.0.0.1:54321/`.
  public private(set) var baseURL = URL(string: "http://127.0.0.1/")!
  private let root: URL
  private var listener: Int32 = -1
  private let lock = NSLock()
  private var overrides: [String: Response] = [:]
  private var served: [String] = []

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

  /// Answers `path` (e.g. `/t10k-labels-idx1-ubyte.gz`) with `response` from now on.
  public func override(_ path: String, with response: Response) {
    lock.withLock { overrides[path] = response }
  }

  /// The paths requested so far.
  public var requestedPaths: [String] { lock.withLock { served } }

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
    let line = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self)
    let path = line.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
    let override = lock.withLock { () -> Response? in
      served.append(path)
      return overrides[path]
    }
    let file = try? Data(contentsOf: root.appendingPathComponent(String(path.dropFirst())))
    switch override {
    case .status(let code):
      send(client, status: code, body: Data())
    case .body(let body):
      send(client, status: 200, body: body)
    case .truncated(let count):
      guard let file else { return send(client, status: 404, body: Data()) }
      send(client, status: 200, body: file.prefix(count), declaredLength: file.count)
    case nil:
      if let file { send(client, status: 200, body: file) } else { send(client, status: 404, body: Data()) }
    }
  }

  private func send(_ client: Int32, status: Int, body: Data, declaredLength: Int? = nil) {
    let header = "HTTP/1.0 \(status) X\r\nContent-Length: \(declaredLength ?? body.count)\r\nConnection: close\r\n\r\n"
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
