"""Anneal's three SGEMM backends against PyTorch across model sizes, on this machine, in one
interleaved run: the seed MLP, wider MLPs, a larger batch, and pytorch/examples' MNIST CNN.

For every workload it runs `anneal mnist` (or Examples/PyTorchExamplesMNIST for the CNN) with
OpenBLAS, with Anneal's SIMD kernels (`ANNEAL_BLAS=none`) and with the portable Swift kernel
(`ANNEAL_BLAS=none ANNEAL_SIMD=none`), and the same training written tightly in PyTorch
(preloaded tensors) with torch's default threads and with one thread. Each round runs every
program once, so that a slow phase of a shared machine slows all of them alike; the table gives
medians, the spread, peak RSS, time ratios, and the achieved matrix-product GFLOP/s as a share
of the machine's measured SGEMM peak (the best `anneal info` figure at 1024³ on all cores).

    Benchmarks/run_sizes.sh [--rounds N] [--workloads seed,h1024,h4096,b1000,cnn]

The PyTorch runs with default threads use both cores and slow down sharply when the other core
is busy; a round in which the machine was busy shows as spread.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import measure  # noqa: E402

IN, OUT, TEST_IMAGES, TRAIN_IMAGES = 784, 10, 10000, 60000


def mlp_flop(hidden, batch, iterations):
    """Matrix-product FLOPs of `anneal mnist`: per step the forward products, both weight
    gradients and the hidden layer's input gradient; an evaluation of the test images every
    500 steps."""
    per_image = 2 * (IN * hidden + hidden * OUT)
    step = batch * (2 * per_image + 2 * hidden * OUT)
    return iterations * step + (iterations // 500) * TEST_IMAGES * per_image


def cnn_flop(epochs):
    """Matrix-product FLOPs of pytorch/examples' Net (conv 1→32 and 32→64 3×3, fc 9216→128→10)
    per epoch: forward, the input gradients (all but the first layer's) and weight gradients of
    the 60 000 training images, and the forward pass of the 10 000 test images."""
    conv1 = 2 * 26 * 26 * 32 * 9
    conv2 = 2 * 24 * 24 * 64 * 32 * 9
    fc = 2 * (9216 * 128 + 128 * 10)
    forward = conv1 + conv2 + fc
    training = 3 * forward - conv1
    return epochs * (TRAIN_IMAGES * training + TEST_IMAGES * forward)


WORKLOADS = {
    "seed": ("seed MLP 784-100-10, batch 100, 3000 steps", [], mlp_flop(100, 100, 3000)),
    "h1024": ("--hidden 1024", ["--hidden", "1024"], mlp_flop(1024, 100, 3000)),
    "h4096": ("--hidden 4096 --iterations 600", ["--hidden", "4096", "--iterations", "600"],
              mlp_flop(4096, 100, 600)),
    "b1000": ("--batch-size 1000", ["--batch-size", "1000"], mlp_flop(100, 1000, 3000)),
    "cnn": ("pytorch/examples' CNN, 1 epoch", ["--epochs", "1"], cnn_flop(1)),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--python", required=True, help="the venv's python with torch")
    parser.add_argument("--anneal", default=".build/release/anneal")
    parser.add_argument("--example", default=".build/release/PyTorchExamplesMNIST")
    parser.add_argument("--data-dir", default="Sources/AnnealBundledMNIST/MNIST")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workloads", default="seed,h1024,h4096,b1000,cnn")
    parser.add_argument("--no-portable", action="store_true", help="leave out the portable Swift kernel")
    args = parser.parse_args()
    workloads = args.workloads.split(",")
    for name in workloads:
        if name not in WORKLOADS:
            raise SystemExit(f"unknown workload {name}; choose from {', '.join(WORKLOADS)}")

    base = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    modes = [("Anneal, OpenBLAS", base), ("Anneal, SIMD kernels", dict(base, ANNEAL_BLAS="none"))]
    if not args.no_portable:
        modes.append(("Anneal, portable Swift kernel", dict(base, ANNEAL_BLAS="none", ANNEAL_SIMD="none")))

    runs = []  # (workload, row name, command, env)
    for workload in workloads:
        _, options, _ = WORKLOADS[workload]
        if workload == "cnn":
            anneal = [args.example, "--data-dir", args.data_dir] + options
            torch = [args.python, "Benchmarks/examples_mnist.py", "--tight", "--data-dir", args.data_dir] + options
        else:
            anneal = [args.anneal, "mnist", "--data-dir", args.data_dir] + options
            torch = [args.python, "Benchmarks/tight_pytorch.py", "--data-dir", args.data_dir] + options
        for name, env in modes:
            runs.append((workload, name, anneal, env))
        runs.append((workload, "PyTorch tight, default threads", torch, base))
        runs.append((workload, "PyTorch tight, 1 thread", torch + ["--threads", "1"], base))

    samples = {(w, n): [] for w, n, _, _ in runs}
    for round in range(args.rounds):
        for workload, name, command, env in runs:
            samples[(workload, name)].append(measure(command, env))
            print(f"round {round + 1} {workload} {name}: {samples[(workload, name)][-1][0]:.2f} s", file=sys.stderr,
                  flush=True)

    info = {}
    for label, env in modes:
        out = subprocess.run([args.anneal, "info", "--json"], capture_output=True, text=True, env=env).stdout
        info[label] = json.loads(out)
    peak = max(float(i["sgemm GFLOP/s 1024x1024x1024"]) for i in info.values())
    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True,
                         text=True).stdout.strip()
    print(f"{cpu}, {os.cpu_count()} processors; {args.rounds} interleaved rounds; OPENBLAS_CORETYPE and "
          f"OPENBLAS_L2_SIZE unset. SGEMM peak {peak:.0f} GFLOP/s (1024³, all cores); per backend at 1024³: "
          + ", ".join(f"{label} {i['sgemm GFLOP/s 1024x1024x1024']}" for label, i in info.items()) + "\n")
    for workload in workloads:
        title, _, flop = WORKLOADS[workload]
        rows = [(name, samples[(w, name)]) for w, name, _, _ in runs if w == workload]
        medians = {name: statistics.median(s[0] for s in taken) for name, taken in rows}
        tight = medians["PyTorch tight, default threads"]
        single = medians["PyTorch tight, 1 thread"]
        blas = medians["Anneal, OpenBLAS"]
        print(f"**{title}** ({flop / 1e9:.0f} GFLOP of matrix products)\n")
        print("| run | median | spread | peak RSS | vs PyTorch | vs PyTorch 1 thread | vs Anneal OpenBLAS | "
              "GFLOP/s | of peak | last line |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for name, taken in rows:
            wall = medians[name]
            rss = statistics.median(s[1] for s in taken)
            spread = f"{min(s[0] for s in taken):.2f}–{max(s[0] for s in taken):.2f} s"
            achieved = flop / wall / 1e9
            print(f"| {name} | {wall:.2f} s | {spread} | {rss:.0f} MB | {wall / tight:.2f} | {wall / single:.2f} | "
                  f"{wall / blas:.2f} | {achieved:.1f} | {100 * achieved / peak:.0f} % | {taken[-1][2]} |")
        print()


if __name__ == "__main__":
    main()
