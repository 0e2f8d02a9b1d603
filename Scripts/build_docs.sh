#!/usr/bin/env bash
# Builds the DocC documentation of every public module, failing on any warning. The archives
# land in .build/plugins/Swift-DocC/outputs/. The internal targets (_AnnealTestSupport, the CLI,
# the fuzzer, the examples) are not documented.
#   Scripts/build_docs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(Anneal AnnealNN AnnealOptim AnnealLRScheduler AnnealState AnnealData AnnealTraining AnnealModels
  AnnealBundledMNIST)
args=()
for target in "${targets[@]}"; do args+=(--target "$target"); done
log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift package generate-documentation "${args[@]}" --warnings-as-errors 2>&1 | tee "$log" | grep -E "warning:|error:" -A4 || true
# The plugin's exit status covers a failed build; the warnings are counted here as well.
if grep -q "warning:" "$log" || ! grep -q -E "Generated [0-9]+ documentation archives" "$log"; then
  echo "documentation: warnings or errors (above)" >&2
  exit 1
fi
echo "documentation: ${#targets[@]} modules, no warnings"
