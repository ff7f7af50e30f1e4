#!/usr/bin/env bash
# Runs the libFuzzer targets over the shim's decoders.
#   scripts/fuzz.sh TARGET|all SECONDS
# TARGET: frame wire oci stdio args runtimeconfig. Builds once into .build-fuzz (its own
# scratch path, away from normal builds), runs each target for SECONDS with the committed seed
# corpus (Tests/fuzz-corpus/<target>) plus a working corpus in .build-fuzz/corpus/<target>,
# and prints the number of inputs each ran. A crash leaves its input in .build-fuzz/crashes/.
# Exit status: 0 when every target ran without a finding.
set -u
cd "$(dirname "$0")/.."
TARGETS=(frame wire oci stdio args runtimeconfig)
which=${1:-all}
seconds=${2:-60}
[ "$which" = all ] || TARGETS=("$which")

SCRATCH=${HCSSHIM_FUZZ_SCRATCH:-.build-fuzz}
export PATH=/opt/swift/usr/bin:$PATH
mkdir -p "$SCRATCH"
if [ -z "${HCSSHIM_FUZZ_NOBUILD:-}" ]; then
    swift build -c debug --scratch-path "$SCRATCH" --product hcsshim-fuzz \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -DHCSSHIM_FUZZ \
        >"$SCRATCH/fuzz-build.log" 2>&1 || { tail -40 "$SCRATCH/fuzz-build.log"; echo "fuzz build failed"; exit 2; }
fi
binary=$SCRATCH/debug/hcsshim-fuzz
mkdir -p "$SCRATCH/crashes"

failed=0
summary=()
for target in "${TARGETS[@]}"; do
    corpus=$SCRATCH/corpus/$target
    mkdir -p "$corpus"
    seeds=Tests/fuzz-corpus/$target
    log=$SCRATCH/$target.log
    HCSSHIM_FUZZ_TARGET=$target "$binary" "$corpus" "$seeds" \
        -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="$SCRATCH/crashes/$target-" -print_final_stats=1 >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    if [ $rc -eq 0 ]; then
        status=ok
    else
        status="CRASH (exit $rc, see $log)"
        failed=$((failed + 1))
    fi
    line="$target: ${runs:-0} inputs in ${seconds}s, ${cov:-cov: ?}, $status"
    echo "$line"
    summary+=("$line")
done
echo "$(( ${#TARGETS[@]} - failed )) passed, $failed failed"
[ $failed -eq 0 ]
