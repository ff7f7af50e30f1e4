#!/usr/bin/env bash
# The one command that runs every test of HCSShim, from a clean checkout on Debian 12:
#   scripts/test.sh
# 1. installs what is missing (scripts/deps.sh), 2. checks that the generated protobuf code is
# current, 3. builds, 4. runs the Swift test suite (unit, loopback transports, real runc/crun,
# real grpcurl and grpcio clients), 5. runs the end-to-end suite through a private containerd
# with our shim on runc and crun, and with the stock containerd-shim-runc-v2 to prove the
# suite tests containerd's expectations, and the CRI suite (docs/kubernetes.md).
# Env: HCSSHIM_SKIP_E2E=1 skips step 5; HCSSHIM_SKIP_DEPS=1 skips step 1.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

section() { printf '\n==== %s\n' "$*"; }

[ "${HCSSHIM_SKIP_DEPS:-0}" = 1 ] || { section "dependencies"; scripts/deps.sh; }
PYBIN="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
export PATH="$PATH:$PYBIN"

section "layer fences"
scripts/lint-imports.sh

section "generated code is current"
scripts/gen-proto.sh --check

section "build"
swift build 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' || true
swift build >/dev/null

section "swift test"
swift test 2>&1 | tee /tmp/hcsshim-swift-test.log | grep -E '^(✘|✔ Suite|􀢄|Test Suite .*(passed|failed)|.*Test run with)' || true
grep -qE 'Test run with [0-9]+ tests? .*passed' /tmp/hcsshim-swift-test.log \
  || { echo "swift test failed"; grep -E '✘' /tmp/hcsshim-swift-test.log | head -40; exit 1; }

# Each suite below ends with "N passed, M failed"; the totals are summed at the end.
TOTAL_PASS=0; TOTAL_FAIL=0
suite() {  # suite TITLE COMMAND...
  section "$1"; shift
  "$@" 2>&1 | tee /tmp/hcsshim-suite.log
  local status=${PIPESTATUS[0]}
  local line; line="$(grep -E '[0-9]+ passed, [0-9]+ failed' /tmp/hcsshim-suite.log | tail -1)"
  local passed failed
  passed="$(echo "$line" | sed -nE 's/(^|.*[^0-9])([0-9]+) passed, ([0-9]+) failed.*/\2/p')"
  failed="$(echo "$line" | sed -nE 's/(^|.*[^0-9])([0-9]+) passed, ([0-9]+) failed.*/\3/p')"
  TOTAL_PASS=$((TOTAL_PASS + ${passed:-0}))
  TOTAL_FAIL=$((TOTAL_FAIL + ${failed:-0}))
  if [ "$status" != 0 ] && [ "${failed:-0}" = 0 ]; then TOTAL_FAIL=$((TOTAL_FAIL + 1)); fi
}

SWIFT_TESTS="$(grep -oE 'Test run with [0-9]+ tests?' /tmp/hcsshim-swift-test.log | grep -oE '[0-9]+' | tail -1)"
TOTAL_PASS=$((TOTAL_PASS + ${SWIFT_TESTS:-0}))

# The HCS documents byte for byte against the seed's, built and marshalled by Go itself.
suite "HCS documents against the seed's in Go (docs/hcs.md)" scripts/hcs-diff.sh
suite "hostile peers against the shim binary (docs/reliability.md)" scripts/hostile.sh

if [ "${HCSSHIM_SKIP_E2E:-0}" != 1 ]; then
  # containerd 1.6: our shim on runc and crun, the stock shim as reference, faults and churn.
  suite "end-to-end through containerd 1.6" scripts/e2e-all.sh
  suite "debugging tools against a live shim (docs/debugging.md)" scripts/ops-test.sh
  # containerd 2.x from Debian unstable (the whole matrix: HCSSHIM_MATRIX=full scripts/matrix.sh).
  suite "containerd 2.x" scripts/matrix.sh sid:ttrpc
  # Kubernetes' path: containerd's CRI plugin on 1.6 and 2.x, stock runc-v2 and ours on runc/crun.
  suite "CRI (Kubernetes) through containerd 1.6 and 2.x" scripts/e2e-cri.sh bookworm sid
fi

echo
echo "all: $TOTAL_PASS passed, $TOTAL_FAIL failed"
[ "$TOTAL_FAIL" = 0 ]
