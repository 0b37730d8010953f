#!/usr/bin/env bash
# Runs every libFuzzer importer target for SECONDS each (one at a time), seeded from tests/data and the saved
# regressions in fuzz/regressions/<target>/. Builds build-fuzz with clang first if needed.
#   packaging/fuzz.sh [SECONDS_PER_TARGET=10] [TARGET...]
# Crashing inputs are written to build-fuzz/fuzz-artifacts/<target>/; copy each into fuzz/regressions/<target>/ once
# fixed (tst_reliability_fuzz_corpus replays that folder in every normal build). Exit code 1 if any target crashed.
# Prints one summary line per target: executions, new corpus units, crashes.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECONDS_PER_TARGET="${1:-10}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(csv jsonl gold_wide_json alpaca prices_json routerarena records router_json serve_request)
BUILD="${CRW_FUZZ_BUILD:-$ROOT/build-fuzz}"

if [ ! -f "$BUILD/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCRW_FUZZ=ON \
    -DCRW_BUILD_GUI=OFF >/dev/null || exit 2
fi
ninja -C "$BUILD" -j2 $(printf 'fuzz_%s ' "${TARGETS[@]}") >/dev/null || exit 2

D="$ROOT/tests/data"
seeds() { # the seed files of a target
  case "$1" in
    csv) ls "$D"/import/*.csv "$D"/bad/*.csv "$D"/formats/*.csv ;;
    jsonl) ls "$D"/import/*.jsonl "$D"/bad/*.jsonl | grep -v routerarena ;;
    gold_wide_json) ls "$D"/import/gold_wide.json "$D"/bad/gold_wide_*.json "$D"/bad/truncated.json \
      "$D"/bad/wrong_json_type.json "$D"/bad/deep_nesting.json "$D"/bad/bom_crlf_ok.json ;;
    alpaca) ls "$D"/import/annotations.json "$D"/bad/alpaca_*.json "$D"/bad/null_preference.json ;;
    prices_json) ls "$D"/import/prices_*.json "$D"/bad/prices_*.json ;;
    routerarena) ls "$D"/import/routerarena.jsonl "$D"/bad/*routerarena*.jsonl ;;
    records) ls "$D"/formats/*.jsonl "$D"/formats/*.json "$D"/formats/embedllm*.csv ;;
    router_json) ls "$D"/router/*.json "$D"/import/queries_emb.jsonl ;;
    serve_request) ls "$D"/serve/*.json ;;
  esac
}

# Temp projects live on tmpfs when there is one (an fsync per input otherwise), in a folder removed at the end.
TMPROOT="$(mktemp -d "${CRW_FUZZ_TMP:-/dev/shm}/crw-fuzz-XXXXXX" 2>/dev/null || mktemp -d)"
trap 'rm -rf "$TMPROOT"' EXIT
status=0
for t in "${TARGETS[@]}"; do
  corpus="$BUILD/fuzz-corpus/$t"
  artifacts="$BUILD/fuzz-artifacts/$t"
  mkdir -p "$corpus" "$artifacts" "$ROOT/fuzz/regressions/$t"
  seeds "$t" | while read -r f; do cp -n "$f" "$corpus/" 2>/dev/null; done
  log="$BUILD/fuzz-$t.log"
  TMPDIR="$TMPROOT" ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$BUILD/fuzz/fuzz_$t" "$corpus" "$ROOT/fuzz/regressions/$t" -max_total_time="$SECONDS_PER_TARGET" \
    -max_len=65536 -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" \
    >"$log" 2>&1
  rc=$?
  execs=$(grep -o 'number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  added=$(grep -o 'new_units_added: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  echo "fuzz_$t: ${SECONDS_PER_TARGET}s, ${execs:-0} executions, ${added:-0} new units, exit $rc," \
    "saved crashing inputs: $(ls "$artifacts" | wc -l)"
  if [ $rc -ne 0 ]; then
    status=1
    grep -m1 -E "ERROR|FUZZ INVARIANT|runtime error" "$log"
  fi
done
exit $status
