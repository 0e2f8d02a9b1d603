#!/usr/bin/env bash
# The seed-workload benchmark: Anneal against PyTorch on this machine, in one run.
#   Benchmarks/run.sh [--runs N] [--tutorial-runs N]
# Creates a venv with torch==2.15.0 under .build-bench/ on first use (a few minutes), builds
# Anneal in release mode, and prints a Markdown table of medians and ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build-bench/venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet torch==2.15.0 torchvision safetensors
fi
swift build -c release --product anneal >/dev/null
"$venv/bin/python" Benchmarks/compare.py --python "$venv/bin/python" "$@"
