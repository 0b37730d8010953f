#!/usr/bin/env bash
# Installs every needed Debian 12 package, builds (Release) and opens the GUI (the demo project on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/setup-debian12.sh
export CCACHE_BASEDIR="$PWD"   # cache hits across clones in different folders
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j2
exec ./build/app/causal-router-workbench "$@"
