#!/bin/sh
# Fuzzes each parser on its own for SECONDS (default 600): Fuzz/run.sh [SECONDS] [PARSER...]
# PARSER is idx, safetensors, checkpoint or spec (default: all four, one after the other).
# Needs a toolchain with libFuzzer (the Linux Swift toolchain has it). Corpora grow under
# .build-fuzz/corpus-PARSER; a crash, leak or timeout stops the run and leaves its input
# as .build-fuzz/crash-* (copy it to Fuzz/Regressions/ once fixed).
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-600}
[ $# -gt 0 ] && shift
parsers=${*:-idx safetensors checkpoint spec}
failed=0
swift build -c release --scratch-path .build-fuzz --product FuzzParsers \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
for parser in $parsers; do
  corpus=.build-fuzz/corpus-$parser
  mkdir -p "$corpus"
  cp Fuzz/Corpus/"$parser"-* "$corpus"/ 2>/dev/null || true
  cp Fuzz/Regressions/* "$corpus"/
  echo "== $parser: $seconds s"
  status=0
  FUZZ_PARSER=$parser .build-fuzz/release/FuzzParsers "$corpus" -max_total_time="$seconds" \
    -rss_limit_mb=2048 -timeout=10 -artifact_prefix=.build-fuzz/ -print_final_stats=1 \
    >".build-fuzz/log-$parser" 2>&1 || status=$?
  grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb)|ERROR|SUMMARY' ".build-fuzz/log-$parser" || true
  if [ "$status" -ne 0 ]; then
    echo "$parser: fuzzer exited with $status (log: .build-fuzz/log-$parser)"
    failed=1
  fi
done
exit $failed
