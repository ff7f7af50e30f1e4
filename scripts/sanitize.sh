#!/usr/bin/env bash
# Runs the Swift test suite under sanitizers, each with its own scratch path so normal
# builds are untouched:
#   scripts/sanitize.sh [address|thread|all] [swift test --filter PATTERN]
# address (the default): AddressSanitizer over Swift and the C targets, .build-asan.
# thread:  ThreadSanitizer, .build-tsan. Advisory: Swift's `Synchronization.Mutex` locks with
#          raw futexes on Linux, which TSan does not model, so every Mutex-guarded access shows
#          up as a race. The run continues past reports and lists the distinct sites to review;
#          it fails only if a report names a site outside Mutex-guarded code paths listed in
#          HCSSHIM_TSAN_KNOWN (a file of site patterns, one a line) — by default none are known.
# Ends with "N passed, M failed" (one line per sanitizer run).
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
which=${1:-address}
filter=${2:-}
kinds=(address thread)
[ "$which" = all ] || kinds=("$which")

# Leaks are reported but only fail the run when HCSSHIM_SANITIZE_LEAKS=1: the gRPC C core
# keeps process-lifetime allocations that LeakSanitizer counts.
export ASAN_OPTIONS="detect_leaks=${HCSSHIM_SANITIZE_LEAKS:-0}:abort_on_error=0:halt_on_error=1:${ASAN_OPTIONS:-}"
export TSAN_OPTIONS="halt_on_error=0:report_signal_unsafe=0:${TSAN_OPTIONS:-}"

pass=0; fail=0
for kind in "${kinds[@]}"; do
    scratch=.build-${kind:0:1}san
    [ "$kind" = address ] && scratch=.build-asan
    [ "$kind" = thread ] && scratch=.build-tsan
    mkdir -p "$scratch"; log=$scratch/sanitize-build.log
    echo "== $kind: building into $scratch"
    if ! nice -n 5 swift build --build-tests --scratch-path "$scratch" --sanitize="$kind" >"$log" 2>&1; then
        tail -30 "$log"; echo "FAIL $kind: build"; fail=$((fail + 1)); continue
    fi
    args=(--skip-build --scratch-path "$scratch" --sanitize="$kind")
    [ -n "$filter" ] && args+=(--filter "$filter")
    swift test "${args[@]}" >"$scratch/sanitize-test.log" 2>&1
    status=$?
    if [ "$kind" = thread ]; then
        sites=$(sed -n 's/^SUMMARY: ThreadSanitizer: \(.*\) \([^ ]*:[0-9]*:[0-9]*\) in .*/\1 \2/p' "$scratch/sanitize-test.log" | sort | uniq -c | sort -rn)
        echo "ThreadSanitizer report sites (count, kind, place):"; echo "${sites:-  none}"
        unknown=$sites
        if [ -n "${HCSSHIM_TSAN_KNOWN:-}" ] && [ -n "$sites" ]; then unknown=$(echo "$sites" | grep -vf "$HCSSHIM_TSAN_KNOWN"); fi
        if [ -n "$unknown" ] || ! grep -q 'Test run with .* passed' "$scratch/sanitize-test.log"; then status=1; else status=0; fi
    fi
    if [ $status = 0 ]; then
        echo "PASS $kind: $(grep -E 'Test run with' "$scratch/sanitize-test.log" | tail -1)"
        pass=$((pass + 1))
    else
        grep -E 'ERROR: (Address|Thread)Sanitizer|WARNING: ThreadSanitizer|SUMMARY|✘' "$scratch/sanitize-test.log" | head -30
        echo "FAIL $kind: see $scratch/sanitize-test.log"; fail=$((fail + 1))
    fi
done
echo "sanitize: $pass passed, $fail failed"
[ "$fail" = 0 ]
