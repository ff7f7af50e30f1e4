#!/usr/bin/env bash
# Runs the end-to-end suite in every configuration, against one private containerd:
# our shim on runc and on crun, and the stock containerd-shim-runc-v2 as the reference.
# Ends with the totals line "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
swift build --product containerd-shim-hcs-v1 >/dev/null || exit 1
BIN="$(swift build --show-bin-path)/containerd-shim-hcs-v1"

scripts/testbed.sh stop >/dev/null 2>&1 || true
scripts/testbed.sh up || exit 1
eval "$(scripts/testbed.sh env)"
install -m 0755 "$BIN" "$TB_BASE/bin/containerd-shim-hcs-v1"
printf 'binary_name = "%s"\n' "$TB_BASE/crun" > "$TB_BASE/crun.toml"

total_pass=0; total_fail=0
run() {
  local label="$1"; shift
  local output; output="$(scripts/e2e.sh --label "$label" "$@" 2>&1)"
  echo "$output" | grep -E '^(PASS|FAIL|INFO|    )'
  local line; line="$(echo "$output" | tail -1)"
  local p f; p="$(echo "$line" | sed -nE 's/.* ([0-9]+) passed, ([0-9]+) failed/\1/p')"; f="$(echo "$line" | sed -nE 's/.* ([0-9]+) passed, ([0-9]+) failed/\2/p')"
  total_pass=$((total_pass + ${p:-0})); total_fail=$((total_fail + ${f:-1}))
}
run "hcs+runc"
run "hcs+crun" --runtime-config "$TB_BASE/crun.toml"
run "stock runc-v2" --runtime io.containerd.runc.v2 --reference

for extra in faults churn; do
  output="$(scripts/$extra.sh 2>&1)"; echo "$output" | grep -E '^(PASS|FAIL|INFO|    )'
  line="$(echo "$output" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -1)"
  p="$(echo "$line" | sed -nE 's/(^|.*[^0-9])([0-9]+) passed, ([0-9]+) failed.*/\2/p')"
  f="$(echo "$line" | sed -nE 's/(^|.*[^0-9])([0-9]+) passed, ([0-9]+) failed.*/\3/p')"
  total_pass=$((total_pass + ${p:-0})); total_fail=$((total_fail + ${f:-1}))
done

scripts/testbed.sh stop >/dev/null 2>&1 || true
echo "e2e: $total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
