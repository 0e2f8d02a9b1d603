// Copyright © 2026 the Anneal authors.

import ArgumentParser

/// An option value that is one of an enum's raw values in any letter case, so that
/// `--optimizer Adam` and `--dataset Fashion-MNIST` mean `adam` and `fashion-mnist`.
protocol CaseInsensitiveArgument: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension CaseInsensitiveArgument {
  init?(argument: String) {
    let wanted = argument.lowercased()
    guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == wanted }) else { return nil }
    self = match
  }
}
