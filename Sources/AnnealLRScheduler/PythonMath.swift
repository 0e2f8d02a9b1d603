// Copyright © 2026 the Anneal authors.

#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Python's float arithmetic where it is not plain IEEE `+ - * /`, so that schedules are
/// computed with exactly the operations PyTorch's Python code performs.
enum PythonMath {
  static let pi = Double.pi

  /// `math.cos`: the C library's `cos`.
  static func cos(_ x: Double) -> Double { Foundation_cos(x) }

  /// `x ** y` for floats: the C library's `pow`.
  static func pow(_ x: Double, _ y: Double) -> Double { Foundation_pow(x, y) }

  /// `math.log(x, base)`: `log(x) / log(base)`.
  static func log(_ x: Double, base: Double) -> Double { Foundation_log(x) / Foundation_log(base) }

  /// `math.log(x)`.
  static func log(_ x: Double) -> Double { Foundation_log(x) }

  /// `math.floor` of a float, as a float.
  static func floor(_ x: Double) -> Double { x.rounded(.down) }

  /// `math.ceil` of a float, as a float.
  static func ceil(_ x: Double) -> Double { x.rounded(.up) }

  /// Python's `%` on floats: the remainder with the sign of the divisor.
  static func mod(_ x: Double, _ y: Double) -> Double {
    var remainder = fmod(x, y)
    if remainder != 0 {
      if (y < 0) != (remainder < 0) { remainder += y }
    } else {
      remainder = Double(signOf: y, magnitudeOf: 0)
    }
    return remainder
  }

  /// Python's `%` on integers: floor modulo.
  static func mod(_ x: Int, _ y: Int) -> Int {
    let remainder = x % y
    return remainder != 0 && (remainder < 0) != (y < 0) ? remainder + y : remainder
  }

  /// Python's `//` on integers: floor division.
  static func floorDivide(_ x: Int, _ y: Int) -> Int {
    let quotient = x / y
    return (x % y != 0) && ((x < 0) != (y < 0)) ? quotient - 1 : quotient
  }

  /// The `math` module function `name` (`math.cos`, …) of `x`, from the C library.
  static func function(_ name: String, _ x: Double) -> Double {
    switch name {
    case "math.cos": Foundation_cos(x)
    case "math.sin": sin(x)
    case "math.tan": tan(x)
    case "math.exp": exp(x)
    case "math.log": Foundation_log(x)
    case "math.log10": log10(x)
    case "math.sqrt": x.squareRoot()
    default: .nan
    }
  }

  /// `bisect.bisect_right`: the index after the last element `<= value` in a sorted array.
  static func bisectRight(_ sorted: [Int], _ value: Int) -> Int {
    var (low, high) = (0, sorted.count)
    while low < high {
      let middle = (low + high) / 2
      if value < sorted[middle] { high = middle } else { low = middle + 1 }
    }
    return low
  }
}

private func Foundation_cos(_ x: Double) -> Double { cos(x) }
private func Foundation_pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
private func Foundation_log(_ x: Double) -> Double { log(x) }
