#!/usr/bin/env bash
# Builds Scripts/check_simd.c with the SGEMM kernels of Sources/CAnnealSIMD and runs it: on
# this machine, and with `--arm64` cross-compiled for arm64 and run under QEMU, which checks
# the NEON variant on an x86-64 host (Debian: apt-get install qemu-user gcc-aarch64-linux-gnu
# libc6-dev-arm64-cross). Needs the Swift toolchain's clang.
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build/check-simd
mkdir -p "$out"
sources=(Scripts/check_simd.c Sources/CAnnealSIMD/*.c)
flags=(-std=gnu11 -O2 -ISources/CAnnealSIMD/include -ISources/CAnnealSIMD -lm -lpthread)
if [ "${1:-}" = "--arm64" ]; then
  clang --target=aarch64-linux-gnu "${flags[@]}" "${sources[@]}" -o "$out/check-arm64"
  qemu-aarch64 -L /usr/aarch64-linux-gnu "$out/check-arm64"
else
  clang "${flags[@]}" "${sources[@]}" -o "$out/check"
  "$out/check"
fi
