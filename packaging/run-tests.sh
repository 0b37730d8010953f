#!/usr/bin/env bash
# Installs every needed Debian 12 package, builds (Release) and runs the whole test suite through CTest, then a short
# libFuzzer run of every fuzz target (5 s each; packaging/fuzz.sh builds build-fuzz with clang on first use).
# CRW_SKIP_FUZZ=1 skips the fuzz step (local iterations); CI runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/setup-debian12.sh
export CCACHE_BASEDIR="$PWD"   # cache hits across clones in different folders
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j2
export QT_QPA_PLATFORM=offscreen OMP_WAIT_POLICY=PASSIVE
ctest --test-dir build --output-on-failure -j2 "$@"
if [ "${CRW_SKIP_FUZZ:-0}" != "1" ]; then
  bash packaging/fuzz.sh "${CRW_FUZZ_SECONDS:-5}"
fi
