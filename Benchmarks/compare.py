"""Runs the seed workload in Anneal and PyTorch on this machine, several times each, and
prints median wall time, peak RSS and the ratios Anneal/PyTorch, plus Anneal's SGEMM speed.

The workload is the tutorial's as written: 3000 steps, and every 500 steps an evaluation on
the tutorial's `test_dataset`, which it builds from the 60 000 *training* images.
`--eval-split test` runs every program with the 10 000 test images instead (anneal mnist's
default).

Called by Benchmarks/run.sh, which prepares the PyTorch venv and the release build.
"""

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

# Matrix-product FLOPs of the seed workload: 3000 training steps of a 784-100-10 MLP at batch
# 100 (forward, weight gradients, and the hidden layer's input gradient), plus 6 evaluations.
BATCH, IN, HIDDEN, OUT = 100, 784, 100, 10
FORWARD = 2 * BATCH * (IN * HIDDEN + HIDDEN * OUT)
BACKWARD = 2 * BATCH * (IN * HIDDEN + HIDDEN * OUT + HIDDEN * OUT)
EVAL_IMAGES = {"train": 60000, "test": 10000}
MNIST_FILES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte",
               "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]


def total_flop(eval_split):
    return 3000 * (FORWARD + BACKWARD) + 6 * EVAL_IMAGES[eval_split] * 2 * (IN * HIDDEN + HIDDEN * OUT)


def prepare_torchvision_root(data_dir, root):
    """Lays out root/MNIST/raw/ as torchvision's MNIST expects it after a download (the IDX
    files decompressed), from the .gz files in data_dir, so that the tutorial runs offline."""
    raw = os.path.join(root, "MNIST", "raw")
    os.makedirs(raw, exist_ok=True)
    for name in MNIST_FILES:
        target = os.path.join(raw, name)
        if os.path.exists(target):
            continue
        with gzip.open(os.path.join(data_dir, name + ".gz"), "rb") as source, open(target + ".part", "wb") as out:
            shutil.copyfileobj(source, out)
        os.replace(target + ".part", target)


def measure(command, env=None):
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    output = process.stdout.read().decode()
    process.stdout.close()
    process.stderr.close()
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024, output.strip().splitlines()[-1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--python", required=True, help="the venv's python with torch")
    parser.add_argument("--anneal", default=".build/release/anneal")
    parser.add_argument("--data-dir", default="Sources/AnnealBundledMNIST/MNIST")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tutorial-runs", type=int, default=3)
    parser.add_argument("--eval-split", choices=["train", "test"], default="train",
                        help="train: the tutorial's evaluation as written (default); test: the 10 000 test images")
    parser.add_argument("--torchvision-root", default=".build-bench/data")
    parser.add_argument("--baseline", help="another anneal binary (e.g. built from an earlier commit) to run "
                        "in the same rounds, for before/after comparisons")
    args = parser.parse_args()
    prepare_torchvision_root(args.data_dir, args.torchvision_root)

    env_swift = dict(os.environ, ANNEAL_BLAS="none")
    split = ["--eval-split", args.eval_split]
    anneal = [args.anneal, "mnist", "--data-dir", args.data_dir] + split
    runs = [
        ("anneal mnist (CBLAS)", anneal, None, args.runs),
        ("anneal mnist (Swift kernels)", anneal, env_swift, args.runs),
    ]
    if args.baseline:
        baseline = [args.baseline] + anneal[1:]
        runs += [("baseline anneal (CBLAS)", baseline, None, args.runs),
                 ("baseline anneal (Swift kernels)", baseline, env_swift, args.runs)]
    runs += [
        ("PyTorch tight (preloaded tensors)", [args.python, "Benchmarks/tight_pytorch.py", "--data-dir", args.data_dir] + split, None, args.runs),
        ("PyTorch tutorial (torchvision, per-sample DataLoader)", [args.python, "Benchmarks/tutorial.py", "--root", args.torchvision_root] + split, None, args.tutorial_runs),
    ]
    runs = [run for run in runs if run[3] > 0]  # --tutorial-runs 0 leaves the tutorial out
    # Interleaved rounds (each run once per round, the tutorial in the first rounds only), so
    # that a slow phase of a shared machine slows every run alike instead of one of them.
    samples = {name: [] for name, _, _, _ in runs}
    for index in range(max(count for _, _, _, count in runs)):
        for name, command, env, count in runs:
            if index < count:
                samples[name].append(measure(command, env))
    results = {}
    for name, _, _, _ in runs:
        taken = samples[name]
        results[name] = (
            statistics.median(s[0] for s in taken), statistics.median(s[1] for s in taken), taken[0][2])
        times = ", ".join(f"{s[0]:.2f}" for s in taken)
        print(f"{name}: median {results[name][0]:.2f} s of [{times}], {results[name][1]:.0f} MB, "
              f"last line: {results[name][2]}", file=sys.stderr)

    info = {}
    for label, env in (("CBLAS", None), ("Swift", env_swift)):
        out = subprocess.run([args.anneal, "info", "--json"], capture_output=True, text=True, env=env).stdout
        info[label] = json.loads(out)

    tight = results["PyTorch tight (preloaded tensors)"]
    tutorial = results.get("PyTorch tutorial (torchvision, per-sample DataLoader)", (float("nan"), 0, ""))
    print(f"Evaluation split: {args.eval_split} ({EVAL_IMAGES[args.eval_split]} images, 6 times)\n")
    # The machine's measured SGEMM peak: the faster backend at 1024³ on all cores.
    peak = max(float(info[label]["sgemm GFLOP/s 1024x1024x1024"]) for label in info)
    print(f"| run | wall time (median of {args.runs}) | peak RSS | time vs tight PyTorch | time vs tutorial | "
          f"RSS vs tight PyTorch | effective GFLOP/s | of SGEMM peak ({peak:.0f} GFLOP/s) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, (wall, rss, last) in results.items():
        achieved = total_flop(args.eval_split) / wall / 1e9
        print(f"| {name} | {wall:.2f} s | {rss:.0f} MB | {wall / tight[0]:.2f} | {wall / tutorial[0]:.3f} | "
              f"{rss / tight[1]:.2f} | {achieved:.1f} | {100 * achieved / peak:.0f} % |")
    for label in ("CBLAS", "Swift"):
        print(f"\nSGEMM {label} ({info[label]['sgemm backend']}): peak {info[label]['sgemm GFLOP/s 1024x1024x1024']} GFLOP/s "
              f"at 1024³, {info[label]['sgemm GFLOP/s 100x100x784 (seed fc1)']} GFLOP/s at the seed's 100×100×784")
    print(f"Matrix-product work of the seed workload: {total_flop(args.eval_split) / 1e9:.1f} GFLOP")
    if args.baseline:
        for label in ("CBLAS", "Swift kernels"):
            new, old = results[f"anneal mnist ({label})"], results[f"baseline anneal ({label})"]
            print(f"{label}: {new[0] / old[0]:.3f}× the baseline's time, {new[1] / old[1]:.2f}× its peak RSS")


if __name__ == "__main__":
    main()
