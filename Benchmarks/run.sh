#!/usr/bin/env bash
# The seed-workload benchmark: Anneal against PyTorch on this machine, in one run.
#   Benchmarks/run.sh [--runs N] [--tutorial-runs N] [--eval-split train|test] [--baseline OTHER_ANNEAL]
# The workload is the tutorial's as written (evaluation on the 60 000 training images);
# --eval-split test evaluates on the test images in every program. Creates a venv with
# torch==2.15.0 and torchvision under .build-bench/ on first use (a few minutes), lays out the
# MNIST files for torchvision there, builds Anneal in release mode, and prints a Markdown table
# of medians and ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
. Benchmarks/venv.sh
swift build -c release --product anneal >/dev/null
"$venv/bin/python" Benchmarks/compare.py --python "$venv/bin/python" "$@"
