// Copyright © 2026 the Anneal authors.

import Anneal
import AnnealData
import AnnealLRScheduler
import AnnealNN
import AnnealOptim
import ArgumentParser
import Foundation

/// `anneal info`: the matrix-product backend and its measured speed; with `--benchmark`, the
/// cost of scheduler and optimizer steps too.
struct InfoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info",
    abstract: "Show the SGEMM backend and its measured GFLOP/s; --benchmark also times scheduler and optimizer steps.")

  @Flag(help: "Also time every scheduler's step() and each optimizer's step() on the seed model.")
  var benchmark = false

  @Flag(help: "Print JSON.")
  var json = false

  func run() throws {
    var report: [(String, String)] = []
    let backend = GEMM.Backend.current
    switch backend {
    case .blas(let blas):
      report.append(("sgemm backend", "CBLAS \(blas.library)"))
      if let core = blas.coreName {
        let note = blas.coreOverride.map { _ in " (chosen by Anneal: OpenBLAS fell back to slower kernels)" } ?? ""
        report.append(("OpenBLAS kernels", core + note))
      }
      if let warning = blas.narrowCoreWarning { report.append(("OpenBLAS warning", warning)) }
    case .simd(let kernel): report.append(("sgemm backend", "Anneal C kernel, \(kernel.displayName)"))
    case .swift: report.append(("sgemm backend", "Anneal portable Swift kernel"))
    }
    report.append(("ANNEAL_BLAS", ProcessInfo.processInfo.environment["ANNEAL_BLAS"] ?? "auto"))
    let selection = SIMDKernel.selection
    report.append(("SIMD kernel (ANNEAL_SIMD)", selection.kernel?.displayName ?? "none (portable Swift kernel)"))
    if let note = selection.note { report.append(("SIMD kernel warning", note)) }
    report.append(("kernel threads (ANNEAL_NUM_THREADS)", String(GEMM.threads)))
    let split =
      switch (backend, GEMM.SplitPolicy.current) {
      case (.blas, _): "from 16 M multiply-adds (CBLAS)"
      case (_, .measured): "measured per shape"
      case (_, .never): "never"
      case (_, .always): "always"
      }
    report.append(("product split (ANNEAL_GEMM_SPLIT)", split))
    if let note = GEMM.SplitPolicy.note { report.append(("product split warning", note)) }
    report.append(("gzip inflate (ANNEAL_DEFLATE)", Libdeflate.shared.map { "libdeflate \($0.library)" } ?? "zlib"))
    report.append(("cores", String(ProcessInfo.processInfo.activeProcessorCount)))
    report.append(("sgemm GFLOP/s 1024x1024x1024", format(gflops(m: 1024, n: 1024, k: 1024, repeats: 3))))
    report.append(("sgemm GFLOP/s 100x100x784 (seed fc1)", format(gflops(m: 100, n: 100, k: 784, repeats: 400))))
    if case .blas = backend, let kernel = selection.kernel {
      // What ANNEAL_BLAS=none would give.
      let name = "\(kernel.displayName) kernel GFLOP/s"
      report.append(("\(name) 1024x1024x1024", format(gflops(m: 1024, n: 1024, k: 1024, repeats: 3, .simd(kernel)))))
      report.append(("\(name) 100x100x784", format(gflops(m: 100, n: 100, k: 784, repeats: 400, .simd(kernel)))))
    }
    if benchmark {
      for (name, nanoseconds) in try schedulerStepCosts() {
        report.append(("\(name).step() ns", String(format: "%.0f", nanoseconds)))
      }
      for (name, microseconds) in try optimizerStepCosts() {
        report.append(("\(name).step() µs (seed model)", String(format: "%.1f", microseconds)))
      }
    }
    if json {
      let fields = report.map { "\"\($0.0)\": \"\($0.1)\"" }.joined(separator: ", ")
      try Console.line("{\(fields)}")
    } else {
      let width = report.map(\.0.count).max() ?? 0
      for (key, value) in report {
        try Console.line(key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
      }
    }
  }

  private func format(_ value: Double) -> String { String(format: "%.1f", value) }

  private func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }

  /// The best of several timed products of the given shape (`[m,k] · [k,n]ᵀ`, as `linear` does),
  /// split over the kernel threads as in training.
  private func gflops(m: Int, n: Int, k: Int, repeats: Int, _ backend: GEMM.Backend = .current) -> Double {
    let generator = Generator(seed: 1)
    let a = Tensor.randn([m * k], generator: generator).scalars
    let b = Tensor.randn([n * k], generator: generator).scalars
    var c = [Float](repeating: 0, count: m * n)
    func products(_ count: Int) {
      c.withUnsafeMutableBufferPointer { c in
        for _ in 0..<count {
          GEMM.sgemm(
            transA: false, transB: true, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: k, beta: 0,
            c: c.baseAddress!, ldc: n, backend: backend)
        }
      }
    }
    // The measured split policy decides per shape over its first calls, alternating whole and
    // split products while it measures: make those calls first, so that the timing is of the
    // settled decision, as in training.
    products(SplitTuner.warmUp + SplitTuner.samples)
    var best = Double.infinity
    for _ in 0..<5 { best = min(best, seconds { products(repeats) }) }
    return 2 * Double(m * n * k) * Double(repeats) / best / 1e9
  }

  private func schedulerStepCosts() throws -> [(String, Double)] {
    let specs = [
      "StepLR(step_size=30)", "MultiStepLR(milestones=[30, 80])", "ConstantLR()", "LinearLR()",
      "ExponentialLR(gamma=0.99)", "PolynomialLR(total_iters=100000)", "CosineAnnealingLR(T_max=100000)",
      "CosineAnnealingWarmRestarts(T_0=10)", "LambdaLR(lr_lambda='0.99 ** epoch')",
      "MultiplicativeLR(lr_lambda='0.99')", "CyclicLR(base_lr=0.01, max_lr=0.1)",
      "OneCycleLR(max_lr=0.1, total_steps=200000)", "ReduceLROnPlateau()", "SWALR(swa_lr=0.05)",
      "SequentialLR(schedulers=[LinearLR(), ExponentialLR(gamma=0.99)], milestones=[5])",
      "ChainedScheduler(schedulers=[ConstantLR(), ExponentialLR(gamma=0.99)])",
    ]
    let steps = 100_000
    let generator = Generator(seed: 2)
    let model = Sequential(Linear(784, 100, generator: generator), ReLU(), Linear(100, 10, generator: generator))
    return try specs.map { spec in
      // The seed's optimizer, as a training loop drives it.
      let optimizer = try SGD(model.parameters(), lr: 0.1, momentum: 0.9, nesterov: true)
      let scheduler = try SchedulerSpec(parsing: spec).makeScheduler(optimizer)
      let time = seconds {
        if let metric = scheduler as? any MetricLRScheduler, scheduler.requiresMetric {
          for i in 0..<steps { metric.step(metric: Double(i % 7)) }
        } else {
          for _ in 0..<steps { scheduler.step() }
        }
      }
      return (String(spec.prefix { $0 != "(" }), time / Double(steps) * 1e9)
    }
  }

  private func optimizerStepCosts() throws -> [(String, Double)] {
    let makers: [(String, ([Tensor]) throws -> any Optimizer)] = [
      ("SGD", { try SGD($0, lr: 0.1, momentum: 0.9, nesterov: true) }), ("Adam", { try Adam($0) }),
      ("AdamW", { try AdamW($0) }), ("RMSprop", { try RMSprop($0) }), ("Adagrad", { try Adagrad($0) }),
    ]
    let generator = Generator(seed: 2)
    return try makers.map { name, make in
      let model = Sequential(Linear(784, 100, generator: generator), ReLU(), Linear(100, 10, generator: generator))
      for parameter in model.parameters() { parameter.grad = Tensor.randn(parameter.shape, generator: generator) }
      let optimizer = try make(model.parameters())
      optimizer.step()
      let steps = 200
      let time = seconds {
        for _ in 0..<steps { optimizer.step() }
      }
      return (name, time / Double(steps) * 1e6)
    }
  }
}
