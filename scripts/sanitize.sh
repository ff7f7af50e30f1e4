#!/usr/bin/env bash
# Runs the Swift test suite under sanitizers, each with its own scratch path so normal
# builds are untouched:
#   scripts/sanitize.sh [address|thread|all] [swift test --filter PATTERN]
# address: AddressSanitizer (+ LeakSanitizer) over Swift and the C targets, .build-asan.
# thread:  ThreadSanitizer, .build-tsan.
# Ends with "N passed, M failed" (one line per sanitizer run).
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
which=${1:-all}
filter=${2:-}
kinds=(address thread)
[ "$which" = all ] || kinds=("$which")

# Leaks are reported but only fail the run when HCSSHIM_SANITIZE_LEAKS=1: the gRPC C core
# keeps process-lifetime allocations that LeakSanitizer counts.
export ASAN_OPTIONS="detect_leaks=${HCSSHIM_SANITIZE_LEAKS:-0}:abort_on_error=0:halt_on_error=1:${ASAN_OPTIONS:-}"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:${TSAN_OPTIONS:-}"

pass=0; fail=0
for kind in "${kinds[@]}"; do
    scratch=.build-${kind:0:1}san
    [ "$kind" = address ] && scratch=.build-asan
    [ "$kind" = thread ] && scratch=.build-tsan
    log=$scratch.log
    echo "== $kind: building into $scratch"
    if ! nice -n 5 swift build --build-tests --scratch-path "$scratch" --sanitize="$kind" >"$log" 2>&1; then
        tail -30 "$log"; echo "FAIL $kind: build"; fail=$((fail + 1)); continue
    fi
    args=(--skip-build --scratch-path "$scratch" --sanitize="$kind")
    [ -n "$filter" ] && args+=(--filter "$filter")
    if swift test "${args[@]}" >"$scratch.test.log" 2>&1; then
        echo "PASS $kind: $(grep -E 'Test run with' "$scratch.test.log" | tail -1)"
        pass=$((pass + 1))
    else
        grep -E 'ERROR: (Address|Thread)Sanitizer|WARNING: ThreadSanitizer|SUMMARY|✘' "$scratch.test.log" | head -30
        echo "FAIL $kind: see $scratch.test.log"; fail=$((fail + 1))
    fi
done
echo "sanitize: $pass passed, $fail failed"
[ "$fail" = 0 ]
