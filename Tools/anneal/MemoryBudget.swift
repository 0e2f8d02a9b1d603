// Copyright © 2026 the Anneal authors.

import Foundation

/// The memory this process may use: the machine's physical memory, or less where a control
/// group (a container) limits it.
enum MemoryBudget {
  /// The limit in bytes, `nil` where it cannot be determined.
  static var bytes: Int? {
    let pages = sysconf(Int32(_SC_PHYS_PAGES))
    let pageSize = sysconf(Int32(_SC_PAGESIZE))
    var limit = pages > 0 && pageSize > 0 ? pages.multipliedReportingOverflow(by: pageSize).partialValue : nil
    for file in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
      guard let text = try? String(contentsOfFile: file, encoding: .utf8),
        let value = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), value > 0
      else { continue }
      limit = min(limit ?? value, value)
    }
    return limit
  }

  /// `12.3 GB`.
  static func format(_ bytes: Double) -> String {
    String(format: "%.1f GB", bytes / 1e9)
  }
}
