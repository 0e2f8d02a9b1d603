"""Checks `anneal mnist --tensorboard DIR --csv FILE` output with TensorBoard's own reader.

Usage: python Scripts/check_tensorboard.py DIR FILE [--iterations N] [--eval-every N]

Loads DIR with tensorboard's EventAccumulator (pip install tensorboard) and checks that every
scalar is at the right steps: train/loss, lr/group0 and momentum/group0 at iterations 1..N,
eval/accuracy every --eval-every iterations, and that the values equal the CSV's rows (one row
per iteration) to float32 precision. Exits non-zero with the first difference.
"""
import argparse
import csv
import sys

import numpy as np
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("logdir")
    parser.add_argument("csv")
    parser.add_argument("--iterations", type=int, default=3000)
    parser.add_argument("--eval-every", type=int, default=500)
    args = parser.parse_args()

    accumulator = EventAccumulator(args.logdir, size_guidance={"scalars": 0})
    accumulator.Reload()
    tags = sorted(accumulator.Tags()["scalars"])
    expected_tags = ["eval/accuracy", "lr/group0", "momentum/group0", "train/loss"]
    if tags != expected_tags:
        sys.exit(f"scalar tags {tags}, expected {expected_tags}")
    with open(args.csv, newline="") as f:
        rows = list(csv.DictReader(f))
    every = list(range(1, args.iterations + 1))
    if [int(r["iteration"]) for r in rows] != every:
        sys.exit(f"the CSV has {len(rows)} rows, not one per iteration 1..{args.iterations}")
    columns = {"train/loss": "loss", "lr/group0": "lr_0", "momentum/group0": "momentum_0", "eval/accuracy": "accuracy"}
    for tag in tags:
        events = accumulator.Scalars(tag)
        steps = [e.step for e in events]
        want = [s for s in every if s % args.eval_every == 0] if tag == "eval/accuracy" else every
        if steps != want:
            sys.exit(f"{tag}: {len(steps)} events at steps {steps[:5]}..., expected {len(want)} at {want[:5]}...")
        by_step = {int(r["iteration"]): r for r in rows}
        for e in events:
            value = np.float32(float(by_step[e.step][columns[tag]]))
            if np.float32(e.value) != value:
                sys.exit(f"{tag} at step {e.step}: event {e.value}, CSV {value}")
        print(f"{tag}: {len(events)} scalars at the right steps, equal to the CSV")
    print("ok")


if __name__ == "__main__":
    main()
