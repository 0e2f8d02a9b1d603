# Sourced by the Benchmarks/run*.sh scripts from the repository root: sets `venv` to the
# benchmarks' Python environment (.build-bench/venv), creating it with torch==2.15.0,
# torchvision and safetensors on first use (a few minutes).
venv=.build-bench/venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet torch==2.15.0 torchvision safetensors
fi
