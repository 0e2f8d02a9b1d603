"""`anneal compare` against running its configurations one after another, on this machine.

Usage (from the repository root, after `swift build -c release --product anneal`):
    python3 Benchmarks/compare_command.py [--rounds 3] [--seeds 0] [--anneal .build/release/anneal]

Each round runs, interleaved: every configuration alone (`anneal mnist`, as `anneal compare`
runs it), then `anneal compare` with all of them. It prints a Markdown table of medians,
spreads (min–max), peak RSS and the ratio of the comparison's wall time to one run (the
default StepLR run) and to the mean run. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed
from the measured commands' environment, as on a user's machine. Needs only the standard
library (GNU time for the RSS, if installed at /usr/bin/time).
"""

import argparse
import os
import statistics
import subprocess
import tempfile
import time

CONFIGURATIONS = [
    ("StepLR(step_size=1, gamma=0.1)", ["--scheduler", "StepLR(step_size=1, gamma=0.1)"]),
    ("OneCycleLR(max_lr=0.1, total_steps=3000)",
     ["--scheduler", "OneCycleLR(max_lr=0.1, total_steps=3000)", "--step-every", "iteration"]),
    ("CosineAnnealingLR(T_max=5)", ["--scheduler", "CosineAnnealingLR(T_max=5)"]),
    ("sgd-schedule-free", ["--optimizer", "sgd-schedule-free"]),
]


def measure(command, env):
    """Wall seconds and peak RSS in MB (of the largest process) of `command`."""
    with tempfile.NamedTemporaryFile("r") as report:
        prefix = ["/usr/bin/time", "-o", report.name, "-f", "%M"] if os.path.exists("/usr/bin/time") else []
        start = time.perf_counter()
        subprocess.run(prefix + command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        text = report.read().strip().splitlines()
        rss = int(text[-1]) / 1024 if prefix and text else float("nan")
    return seconds, rss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seeds", default="0")
    parser.add_argument("--anneal", default=".build/release/anneal")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    seeds = args.seeds.split(",")
    alone = {name: [] for name, _ in CONFIGURATIONS}
    together, rss = [], {}
    for _ in range(args.rounds):
        for name, options in CONFIGURATIONS:
            total = 0.0
            for seed in seeds:
                seconds, peak = measure([args.anneal, "mnist", "--seed", seed] + options, env)
                total += seconds
                rss[name] = max(rss.get(name, 0), peak)
            alone[name].append(total)
        seconds, peak = measure(
            [args.anneal, "compare", *[name for name, _ in CONFIGURATIONS], "--seeds", args.seeds, "--no-plot"], env)
        together.append(seconds)
        rss["compare"] = max(rss.get("compare", 0), peak)

    def cell(values):
        return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"

    first = statistics.median(alone[CONFIGURATIONS[0][0]])
    mean = statistics.mean(statistics.median(v) for v in alone.values())
    sequential = sum(statistics.median(v) for v in alone.values())
    print(f"{len(CONFIGURATIONS)} configurations × {len(seeds)} seed(s), {args.rounds} interleaved rounds, "
          f"{os.cpu_count()} processors\n")
    print("| run | wall, median (spread) | peak RSS of a process |")
    print("|---|---|---|")
    for name, values in alone.items():
        print(f"| `anneal mnist` {name} ×{len(seeds)} | {cell(values)} | {rss[name]:.0f} MB |")
    print(f"| `anneal compare` (its default placement) | {cell(together)} | {rss['compare']:.0f} MB |")
    compare = statistics.median(together)
    print(f"\nCompare / one StepLR run: {compare / (first / len(seeds)):.2f}×; "
          f"/ the mean run: {compare / (mean / len(seeds)):.2f}×; "
          f"/ all runs one after another: {compare / sequential:.2f}×")


if __name__ == "__main__":
    main()
