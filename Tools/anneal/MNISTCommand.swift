// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealData
import AnnealNN
import AnnealOptim
import ArgumentParser
import Foundation

/// `anneal mnist`: the seed program — a 784-100-10 ReLU network trained on MNIST with SGD
/// (Nesterov momentum) and a learning-rate scheduler, printing the tutorial's lines.
struct MNISTCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mnist",
    abstract: "Train the tutorial's feed-forward network on MNIST.",
    discussion: """
      The defaults reproduce the PyTorch tutorial: seed 0, batch 100, 3000 iterations \
      (5 epochs), hidden 100, Kaiming-normal weights, SGD lr 0.1 momentum 0.9 Nesterov, \
      StepLR(step_size=1, gamma=0.1) stepped per epoch, evaluation every 500 iterations.
      """)

  enum Split: String, CaseInsensitiveArgument {
    case test, train
  }

  enum OptimizerKind: String, CaseInsensitiveArgument {
    case sgd, adam, adamw, rmsprop, adagrad, adadelta, adamax, nadam, radam, asgd
    case sgdScheduleFree = "sgd-schedule-free"
    case adamwScheduleFree = "adamw-schedule-free"
    case radamScheduleFree = "radam-schedule-free"
    case prodigy
    case dadaptSGD = "dadapt-sgd"
    case dadaptAdam = "dadapt-adam"

    /// Whether it needs no learning-rate schedule (Schedule-Free SGD, AdamW and RAdam).
    var isScheduleFree: Bool { [.sgdScheduleFree, .adamwScheduleFree, .radamScheduleFree].contains(self) }

    /// The learning rate without --lr: the schedulefree package's defaults for its optimizers,
    /// the tutorial's 0.1 for the others.
    var defaultLR: Double {
      switch self {
      case .sgdScheduleFree, .prodigy, .dadaptSGD, .dadaptAdam: 1.0
      case .adamwScheduleFree, .radamScheduleFree: 0.0025
      default: 0.1
      }
    }

    /// The scheduler without --scheduler: a constant learning rate for the schedule-free
    /// optimizers, the tutorial's StepLR for the others.
    var defaultScheduler: String {
      isScheduleFree ? "ConstantLR(factor=1.0)" : "StepLR(step_size=1, gamma=0.1)"
    }
  }

  enum StepEvery: String, CaseInsensitiveArgument {
    case epoch, iteration
  }

  enum OnNaN: String, CaseInsensitiveArgument {
    case stop, skip
  }

  @OptionGroup var data: DataOptions

  @Option(help: "Split to evaluate on; 'train' reproduces the tutorial, which evaluates on the training set.")
  var evalSplit: Split = .test

  @Option(help: "Random seed (PyTorch: torch.manual_seed; default: 0).")
  var seed: UInt64?

  @OptionGroup var budget: BudgetOptions

  @OptionGroup var network: ModelOptions

  @Option(help: "The optimizer.")
  var optimizer: OptimizerKind = .sgd

  @Option(parsing: .unconditional, help: "Learning rate (default: 0.1).")
  var lr: Double?

  @Option(parsing: .unconditional, help: "Momentum of SGD (default 0.9) or RMSprop (default 0).")
  var momentum: Double?

  @Flag(inversion: .prefixedNo, help: "Use Nesterov momentum (SGD; default: on).")
  var nesterov: Bool?

  @Option(
    parsing: .unconditional, help: "Weight decay (default: the optimizer's PyTorch default; AdamW 0.01, else 0).")
  var weightDecay: Double?

  @Option(
    parsing: .unconditional,
    help: "Betas of the Adam family (Adam, AdamW, Adamax, NAdam, RAdam), e.g. 0.9,0.999 (the default).")
  var betas: String?

  @Option(
    help: """
      Learning-rate scheduler in PyTorch syntax (default: StepLR(step_size=1, gamma=0.1); for the \
      schedule-free optimizers ConstantLR(factor=1.0), a constant learning rate).
      """)
  var scheduler: String?

  /// The scheduler in force: --scheduler, or the default for the optimizer.
  var schedulerSpec: String {
    scheduler ?? optimizer.defaultScheduler
  }

  @Option(
    help: """
      A scheduler in PyTorch syntax for every group's weight decay, started from --weight-decay and \
      stepped with the learning-rate scheduler, e.g. 'CosineAnnealingLR(T_max=5, eta_min=0.4)' \
      (preview: anneal schedule SPEC --lr WD --hyperparameter weight_decay).
      """)
  var wdScheduler: String?

  @Option(help: "When the scheduler steps.")
  var stepEvery: StepEvery = .epoch

  @Option(parsing: .unconditional, help: "Evaluate every N iterations.")
  var evalEvery: Int = 500

  @Option(
    help: """
      Write a checkpoint here at the end of every epoch and of the run (atomically); also where \
      Ctrl-C saves before exiting (default: \(MNISTRun.interruptedCheckpoint), or a numbered name \
      beside it if that file exists).
      """)
  var saveCheckpoint: String?

  @Option(parsing: .unconditional, help: "Also write the checkpoint every N iterations (needs --save-checkpoint).")
  var checkpointEvery: Int?

  @Option(
    help: """
      Continue the run saved in this checkpoint up to --epochs/--iterations; the optimizer's \
      settings, the seed and the weights come from the checkpoint.
      """)
  var resume: String?

  @Option(help: "Save the trained weights as .safetensors (PyTorch key names).")
  var saveModel: String?

  @Option(help: "Start from weights in a .safetensors file (e.g. saved by PyTorch).")
  var initWeights: String?

  @Option(help: "Write training curves (loss, accuracy, learning rate vs iteration) as SVG.")
  var svg: String?

  @Option(help: "Write metrics as JSON Lines: one object per iteration (appended to with --resume).")
  var log: String?

  @Option(
    help: """
      Write the metrics as CSV: one row per iteration (iteration, epoch, loss, each group's lr and \
      momentum, and weight decay with --wd-scheduler, accuracy where evaluated, elapsed seconds); \
      appended to with --resume.
      """)
  var csv: String?

  @Option(
    help: """
      Write TensorBoard event files into this folder (train/loss, eval/accuracy, lr/groupN, \
      momentum/groupN, weight_decay/groupN with --wd-scheduler, per iteration): tensorboard --logdir DIR.
      """)
  var tensorboard: String?

  @Option(help: "On a NaN or infinite loss or gradient: stop with a message, or skip that batch's update.")
  var onNan: OnNaN = .stop

  @Flag(
    inversion: .prefixedNo,
    help: """
      Flush denormal floats to zero while training, as TensorFlow and XLA do on CPUs \
      (PyTorch: torch.set_flush_denormal(True)); much faster SGD momentum on x86.
      """)
  var flushDenormal: Bool = true

  func validate() throws {
    guard evalEvery >= 1 else { throw ValidationError("--eval-every must be at least 1") }
    if let lr { guard lr >= 0, lr.isFinite else { throw ValidationError("--lr must be a non-negative number") } }
    if resume != nil, initWeights != nil {
      throw ValidationError("--init-weights cannot be combined with --resume: the checkpoint holds the weights")
    }
    if let checkpointEvery {
      guard checkpointEvery >= 1 else { throw ValidationError("--checkpoint-every must be at least 1") }
      guard saveCheckpoint != nil else { throw ValidationError("--checkpoint-every needs --save-checkpoint FILE") }
    }
  }

  func run() async throws {
    do {
      try await MNISTRun(options: self).train()
    } catch let error as CLIError {
      throw error
    } catch let exit as ExitCode {
      throw exit
    } catch {
      throw CLIError(message: "\(error)")
    }
  }

  var dataset: MNISTDataset { data.dataset }
  var model: MNISTModelKind { network.model }
  var hidden: Int { network.hidden }

  /// Parses `--betas`.
  func parsedBetas() throws -> (Double, Double) {
    let betas = self.betas ?? "0.9,0.999"
    let parts = betas.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
    guard parts.count == 2, let first = parts[0], let second = parts[1] else {
      throw CLIError(message: "--betas needs two numbers, e.g. 0.9,0.999; got '\(betas)'")
    }
    return (first, second)
  }

  /// The optimizer's settings and the seed as given (`nil` where not given) and as used, under
  /// the keys a checkpoint records them with. A resumed run takes them from the checkpoint, so
  /// one given there must equal the recorded one.
  var hyperparameters: [(key: String, given: String?, used: String)] {
    let defaultMomentum = optimizer == .sgd || optimizer == .sgdScheduleFree ? 0.9 : 0
    let usedBetas = (try? parsedBetas()).map { "\($0.0),\($0.1)" } ?? (betas ?? "")
    return [
      ("lr", lr.map { "\($0)" }, "\(lr ?? optimizer.defaultLR)"),
      ("momentum", momentum.map { "\($0)" }, "\(momentum ?? defaultMomentum)"),
      ("weight-decay", weightDecay.map { "\($0)" }, weightDecay.map { "\($0)" } ?? "default"),
      ("betas", betas == nil ? nil : usedBetas, usedBetas),
      ("nesterov", nesterov.map { "\($0)" }, "\(nesterov ?? true)"),
      ("seed", seed.map { "\($0)" }, "\(seed ?? 0)"),
    ]
  }

  /// The settings a resumed run must share with the run that wrote the checkpoint.
  var runIdentity: [String: String] {
    [
      "dataset": dataset.rawValue, "model": model.rawValue, "hidden": String(hidden),
      "batch-size": String(budget.batchSize),
      "optimizer": optimizer.rawValue,
      "scheduler": schedulerSpec, "step-every": stepEvery.rawValue, "eval-split": evalSplit.rawValue,
      "wd-scheduler": wdScheduler ?? "",
    ]
  }
}
