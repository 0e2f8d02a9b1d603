#!/usr/bin/env bash
# Anneal's SGEMM backends against PyTorch across model sizes, in one interleaved run.
#   Benchmarks/run_sizes.sh [--rounds N] [--workloads seed,h1024,h4096,b1000,cnn] [--no-portable]
# Uses (or creates) the venv of Benchmarks/run.sh, builds anneal and the CNN example in release
# mode, and prints one Markdown table per workload.
set -euo pipefail
cd "$(dirname "$0")/.."
. Benchmarks/venv.sh
swift build -c release --product anneal >/dev/null
swift build -c release --product PyTorchExamplesMNIST >/dev/null
"$venv/bin/python" Benchmarks/sizes.py --python "$venv/bin/python" "$@"
