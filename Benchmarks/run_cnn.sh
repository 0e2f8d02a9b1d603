#!/usr/bin/env bash
# pytorch/examples' MNIST CNN: Anneal against PyTorch on this machine, in one run.
#   Benchmarks/run_cnn.sh [--epochs N] [--rounds N]
# Uses (or creates) the venv of Benchmarks/run.sh, builds the example in release mode, and
# prints a Markdown table of medians and ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
. Benchmarks/venv.sh
swift build -c release --product PyTorchExamplesMNIST >/dev/null
"$venv/bin/python" Benchmarks/compare_cnn.py --python "$venv/bin/python" "$@"
