"""Runs the seed workload in Anneal and PyTorch on this machine, several times each, and
prints median wall time, peak RSS and the ratios Anneal/PyTorch, plus Anneal's SGEMM speed.

Called by Benchmarks/run.sh, which prepares the PyTorch venv and the release build.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

# Matrix-product FLOPs of the seed workload: 3000 training steps of a 784-100-10 MLP at batch
# 100 (forward, weight gradients, and the hidden layer's input gradient), plus 6 evaluations of
# the 10 000 test images.
BATCH, IN, HIDDEN, OUT = 100, 784, 100, 10
FORWARD = 2 * BATCH * (IN * HIDDEN + HIDDEN * OUT)
BACKWARD = 2 * BATCH * (IN * HIDDEN + HIDDEN * OUT + HIDDEN * OUT)
TOTAL_FLOP = 3000 * (FORWARD + BACKWARD) + 6 * 10000 * 2 * (IN * HIDDEN + HIDDEN * OUT)


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
    parser.add_argument("--data-dir", default="../shared/datasets/mnist")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tutorial-runs", type=int, default=3)
    args = parser.parse_args()

    env_swift = dict(os.environ, ANNEAL_BLAS="none")
    runs = [
        ("anneal mnist (CBLAS)", [args.anneal, "mnist", "--data-dir", args.data_dir], None, args.runs),
        ("anneal mnist (Swift kernels)", [args.anneal, "mnist", "--data-dir", args.data_dir], env_swift, args.runs),
        ("PyTorch tight (preloaded tensors)", [args.python, "Benchmarks/tight_pytorch.py", "--data-dir", args.data_dir], None, args.runs),
        ("PyTorch tutorial (per-sample DataLoader)", [args.python, "Scripts/seed_tutorial.py", "--data-dir", args.data_dir], None, args.tutorial_runs),
    ]
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
    tutorial = results["PyTorch tutorial (per-sample DataLoader)"]
    print(f"| run | wall time (median of {args.runs}) | peak RSS | time vs tight PyTorch | time vs tutorial | RSS vs tight PyTorch | effective GFLOP/s |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, (wall, rss, last) in results.items():
        print(f"| {name} | {wall:.2f} s | {rss:.0f} MB | {wall / tight[0]:.2f} | {wall / tutorial[0]:.3f} | "
              f"{rss / tight[1]:.2f} | {TOTAL_FLOP / wall / 1e9:.1f} |")
    for label in ("CBLAS", "Swift"):
        print(f"\nSGEMM {label} ({info[label]['sgemm backend']}): peak {info[label]['sgemm GFLOP/s 1024x1024x1024']} GFLOP/s "
              f"at 1024³, {info[label]['sgemm GFLOP/s 100x100x784 (seed fc1)']} GFLOP/s at the seed's 100×100×784")
    print(f"Matrix-product work of the seed workload: {TOTAL_FLOP / 1e9:.1f} GFLOP")


if __name__ == "__main__":
    main()
