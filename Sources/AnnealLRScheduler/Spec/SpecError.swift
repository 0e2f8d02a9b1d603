// Copyright © 2026 the Anneal authors.

/// Why a scheduler spec could not be parsed or built. Each message is one line that names the
/// problem and, where one is close, the valid name the user probably meant.
public enum SpecError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The text is not a well-formed call; `offset` is the character position.
  case syntax(String, offset: Int)
  /// No scheduler has this name.
  case unknownScheduler(String, suggestion: String?)
  /// A PyTorch scheduler that this version of Anneal does not provide yet.
  case unsupportedScheduler(String)
  /// The scheduler takes no argument of this name.
  case unknownArgument(scheduler: String, argument: String, suggestion: String?)
  /// A required argument is missing.
  case missingArgument(scheduler: String, argument: String)
  /// An argument was given twice, or more positionally than the scheduler takes.
  case duplicateArgument(scheduler: String, argument: String)
  /// Too many positional arguments.
  case tooManyArguments(scheduler: String, limit: Int)
  /// An argument has the wrong type or value.
  case invalidValue(scheduler: String, argument: String, message: String)
  /// The scheduler's constructor rejected the arguments.
  case rejected(scheduler: String, LRSchedulerError)

  public var description: String {
    func hint(_ suggestion: String?) -> String { suggestion.map { "; did you mean '\($0)'?" } ?? "" }
    switch self {
    case .syntax(let message, let offset):
      return "invalid scheduler spec at character \(offset + 1): \(message)"
    case .unknownScheduler(let name, let suggestion):
      return "unknown scheduler '\(name)'\(hint(suggestion))"
    case .unsupportedScheduler(let name):
      return "\(name) is a PyTorch scheduler that this version of Anneal does not provide yet"
    case .unknownArgument(let scheduler, let argument, let suggestion):
      return "\(scheduler) got an unexpected keyword argument '\(argument)'\(hint(suggestion))"
    case .missingArgument(let scheduler, let argument):
      return "\(scheduler) is missing the required argument '\(argument)'"
    case .duplicateArgument(let scheduler, let argument):
      return "\(scheduler) got multiple values for argument '\(argument)'"
    case .tooManyArguments(let scheduler, let limit):
      return "\(scheduler) takes at most \(limit) positional arguments besides the optimizer"
    case .invalidValue(let scheduler, let argument, let message):
      return "\(scheduler): \(argument) \(message)"
    case .rejected(let scheduler, let error):
      return "\(scheduler): \(error)"
    }
  }
}
