#!/usr/bin/env bash
# Builds the whole project with AddressSanitizer + UndefinedBehaviorSanitizer (CRW_SANITIZE=ON, GCC) in build-asan
# and runs the whole ctest suite under it. See docs/reliability.md for the findings.
#   packaging/asan-tests.sh [extra ctest args, e.g. -R tst_import]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${CRW_ASAN_BUILD:-$ROOT/build-asan}"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCRW_SANITIZE=ON >/dev/null
ninja -C "$BUILD" -j"${CRW_JOBS:-2}"
# - detect_leaks with suppressions for one-time allocations inside system libraries (packaging/lsan.supp);
# - OpenMP (libgomp, used by XGBoost) keeps its thread pool until exit: no ASan problem, but passive waiting
#   keeps idle threads from spinning on the shared cores;
# - halt on the first UBSan finding with a stack trace.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=0:check_initialization_order=1"
export LSAN_OPTIONS="suppressions=$ROOT/packaging/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export OMP_WAIT_POLICY=PASSIVE QT_QPA_PLATFORM=offscreen
ctest --test-dir "$BUILD" --output-on-failure --timeout 3600 "$@"
