"""pytorch/examples' MNIST CNN in Anneal (Examples/PyTorchExamplesMNIST) and in PyTorch (as
written with torchvision's DataLoader, and tight with preloaded tensors) on this machine, in
interleaved rounds: median wall time for the epochs asked, peak RSS, ratios, and each
program's last test line.

    Benchmarks/run_cnn.sh [--epochs N] [--rounds N]
"""

import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import measure, prepare_torchvision_root  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--python", required=True)
    parser.add_argument("--example", default=".build/release/PyTorchExamplesMNIST")
    parser.add_argument("--data-dir", default="Sources/AnnealBundledMNIST/MNIST")
    parser.add_argument("--torchvision-root", default=".build-bench/data")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    prepare_torchvision_root(args.data_dir, args.torchvision_root)
    epochs = ["--epochs", str(args.epochs)]
    example = [args.example, "--data-dir", args.data_dir] + epochs
    python = [args.python, "Benchmarks/examples_mnist.py"] + epochs
    runs = [
        ("Anneal (CBLAS)", example, None),
        ("Anneal (Swift kernels)", example, dict(os.environ, ANNEAL_BLAS="none")),
        ("PyTorch tight (preloaded tensors)", python + ["--tight", "--data-dir", args.data_dir], None),
        ("PyTorch as written (torchvision)", python + ["--root", args.torchvision_root], None),
    ]
    samples = {name: [] for name, _, _ in runs}
    for _ in range(args.rounds):
        for name, command, env in runs:
            samples[name].append(measure(command, env))
            print(f"{name}: {samples[name][-1][0]:.1f} s", file=sys.stderr, flush=True)
    results = {name: (statistics.median(s[0] for s in taken), statistics.median(s[1] for s in taken), taken)
               for name, taken in samples.items()}
    tight = results["PyTorch tight (preloaded tensors)"]
    written = results["PyTorch as written (torchvision)"]
    print(f"{args.epochs} epoch(s) of pytorch/examples' MNIST (batch 64, test batch 1000), {args.rounds} rounds\n")
    print("| run | wall time (median) | spread | per epoch | peak RSS | vs tight PyTorch | vs PyTorch as written |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, (wall, rss, taken) in results.items():
        spread = f"{min(s[0] for s in taken):.1f}–{max(s[0] for s in taken):.1f} s"
        print(f"| {name} | {wall:.1f} s | {spread} | {wall / args.epochs:.1f} s | {rss:.0f} MB | "
              f"{wall / tight[0]:.2f} | {wall / written[0]:.2f} |")
    print()
    for name, (_, _, taken) in results.items():
        print(f"{name}: {taken[0][2]}")


if __name__ == "__main__":
    main()
