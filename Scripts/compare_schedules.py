"""Compares `anneal schedule … --format json` with PyTorch for many scheduler specs.

Usage: python Scripts/compare_schedules.py [--anneal .build/release/anneal] [--random N] [--seed S]

Runs the golden cases of Scripts/schedule_cases.py plus N randomly parameterised specs
(every scheduler, composites, several param groups, plateau metrics, Adam) through both,
and prints each mismatch: different numbers, or one side failing where the other does not.
"""

import argparse
import json
import random
import subprocess
import sys
import os

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from schedule_cases import CASES  # noqa: E402
from schedule_oracle import trace  # noqa: E402


def rnd_simple(r, groups):
    def per_group(lo, hi, digits=3):
        if r.random() < 0.3 and groups > 1:
            return "[" + ", ".join(str(round(r.uniform(lo, hi), digits)) for _ in range(groups)) + "]"
        return str(round(r.uniform(lo, hi), digits))

    choices = [
        lambda: f"StepLR(step_size={r.randint(1, 5)}, gamma={round(r.uniform(0.05, 0.99), 3)})",
        lambda: f"MultiStepLR(milestones={sorted(r.sample(range(0, 15), r.randint(1, 4)))}, gamma={round(r.uniform(0.1, 0.9), 2)})",
        lambda: f"ConstantLR(factor={round(r.uniform(0.05, 1), 3)}, total_iters={r.randint(0, 8)})",
        lambda: f"LinearLR(start_factor={round(r.uniform(0.01, 1), 3)}, end_factor={round(r.uniform(0, 1), 3)}, total_iters={r.randint(1, 10)})",
        lambda: f"ExponentialLR(gamma={round(r.uniform(0.5, 1.05), 4)})",
        lambda: f"PolynomialLR(total_iters={r.randint(1, 12)}, power={round(r.uniform(0.3, 3), 2)})",
        lambda: f"CosineAnnealingLR(T_max={r.randint(1, 15)}, eta_min={round(r.uniform(0, 0.01), 4)})",
        lambda: f"CosineAnnealingWarmRestarts(T_0={r.randint(1, 6)}, T_mult={r.randint(1, 3)}, eta_min={round(r.uniform(0, 0.01), 4)})",
        lambda: f"LambdaLR(lr_lambda='{round(r.uniform(0.8, 0.99), 3)} ** epoch')",
        lambda: f"MultiplicativeLR(lr_lambda='{round(r.uniform(0.8, 1.0), 3)}')",
        lambda: f"CyclicLR(base_lr={per_group(0.001, 0.01)}, max_lr={per_group(0.05, 0.5)}, step_size_up={r.randint(1, 6)}, step_size_down={r.choice(['None', r.randint(1, 6)])}, mode='{r.choice(['triangular', 'triangular2', 'exp_range'])}', gamma={round(r.uniform(0.8, 1.0), 3)})",
        lambda: f"OneCycleLR(max_lr={per_group(0.01, 1)}, total_steps={r.randint(5, 40)}, pct_start={round(r.uniform(0.1, 0.5), 2)}, anneal_strategy='{r.choice(['cos', 'linear'])}', three_phase={r.choice(['True', 'False'])}, div_factor={round(r.uniform(5, 30), 1)}, final_div_factor={r.choice(['1e4', '100.0', '3.0'])})",
        lambda: f"SWALR(swa_lr={per_group(0.001, 0.1)}, anneal_epochs={r.randint(0, 6)}, anneal_strategy='{r.choice(['cos', 'linear'])}')",
    ]
    return r.choice(choices)()


def rnd_spec(r, groups):
    kind = r.random()
    if kind < 0.55:
        return rnd_simple(r, groups), []
    if kind < 0.7:
        metrics = [round(r.uniform(0, 2), 3) for _ in range(40)]
        return (f"ReduceLROnPlateau(mode='{r.choice(['min', 'max'])}', factor={round(r.uniform(0.1, 0.9), 2)}, patience={r.randint(0, 4)}, "
                f"threshold={r.choice(['1e-4', '0.01', '0.1'])}, threshold_mode='{r.choice(['rel', 'abs'])}', cooldown={r.randint(0, 3)}, "
                f"min_lr={r.choice(['0', '0.001', '0.01'])})"), metrics
    if kind < 0.88:
        n = r.randint(2, 3)
        children = [rnd_simple(r, groups) for _ in range(n)]
        milestones = sorted(r.sample(range(1, 20), n - 1))
        return f"SequentialLR(schedulers=[{', '.join(children)}], milestones={milestones})", []
    n = r.randint(2, 3)
    children = [rnd_simple(r, groups) for _ in range(n)]
    return f"ChainedScheduler(schedulers=[{', '.join(children)}])", []


def anneal(binary, spec, lrs, steps, optimizer, momentum, metrics):
    args = [binary, "schedule", spec, "--steps", str(steps), "--optimizer", optimizer, "--format", "json",
            "--momentum", repr(momentum)]
    for lr in lrs:
        args += ["--lr", repr(lr)]
    if metrics:
        args += ["--metrics", ",".join(repr(m) for m in metrics)]
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        return None, done.stderr.strip()
    return json.loads(done.stdout), None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--anneal", default=".build/release/anneal")
    parser.add_argument("--random", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    r = random.Random(args.seed)
    cases = list(CASES)
    for _ in range(args.random):
        groups = r.choice([1, 1, 2, 3])
        spec, metrics = rnd_spec(r, groups)
        lrs = [round(r.uniform(0.01, 1), 3) for _ in range(groups)]
        optimizer = r.choice(["sgd", "sgd", "adam"])
        momentum = r.choice([0.0, 0.9])
        cases.append((spec, lrs, r.randint(5, 35), optimizer, momentum, metrics))

    mismatches = 0
    rejected = 0
    for spec, lrs, steps, optimizer, momentum, metrics in cases:
        try:
            expected, expected_error = trace(spec, lrs, steps, optimizer, momentum, metrics), None
        except Exception as error:  # PyTorch rejected it
            expected, expected_error = None, str(error)
        got, error = anneal(args.anneal, spec, lrs, steps, optimizer, momentum, metrics)
        if expected is None and got is None:
            rejected += 1
            continue
        if expected != got:
            mismatches += 1
            print(f"MISMATCH {spec} lrs={lrs} steps={steps} {optimizer} momentum={momentum}")
            print(f"  torch:  {expected_error or expected}")
            print(f"  anneal: {error or got}")
    print(f"{len(cases)} specs, {rejected} rejected by both, {mismatches} mismatches")
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
