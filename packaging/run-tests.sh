#!/usr/bin/env bash
# Installs every needed Debian 12 package, builds (Release) and runs the whole test suite through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/setup-debian12.sh
export CCACHE_BASEDIR="$PWD"   # cache hits across clones in different folders
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j2
export QT_QPA_PLATFORM=offscreen OMP_WAIT_POLICY=PASSIVE
ctest --test-dir build --output-on-failure -j2 "$@"
