#!/usr/bin/env bash
# The CRI end-to-end suite: Kubernetes' view of the shim, through containerd's CRI plugin.
#
#   scripts/e2e-cri.sh [SUITE...]     SUITE: bookworm (Debian 12's containerd 1.6, the default)
#                                     or sid (2.x, fetched by scripts/containerd-versions.sh)
#
# For each containerd it starts a private one with CRI enabled (scripts/testbed.sh with
# HCSSHIM_TESTBED_CRI=1, base $HCSSHIM_CRI_TESTBED or /tmp/hcsshim-tb-cri-SUITE) and drives
# three runtime handlers over the CRI socket with the suite's own grpcio client
# (Tests/clients/cri/cri_e2e.py): `runc` (the stock containerd-shim-runc-v2, the calibration),
# `hcs` (this shim on runc) and `hcs-crun` (this shim on crun, through a ConfigPath runtime
# options file). Installs what it needs: containernetworking-plugins (the CNI loopback plugin),
# protobuf-compiler, and pip's protobuf and grpcio. Ends with "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
[ $# -gt 0 ] || set -- bookworm

log() { printf '[e2e-cri] %s\n' "$*" >&2; }

need_apt=()
for package in containernetworking-plugins protobuf-compiler; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || need_apt+=("$package")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null \
    || { apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null; } \
    || { echo "cannot install ${need_apt[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi
PYTHON="$(command -v python3)"
for module in google.protobuf:protobuf grpc:grpcio; do
  "$PYTHON" -c "import ${module%%:*}" 2>/dev/null && continue
  log "pip install ${module#*:}"
  "$PYTHON" -m pip install -q --disable-pip-version-check "${module#*:}" 2>/dev/null \
    || "$PYTHON" -m pip install -q --disable-pip-version-check --break-system-packages "${module#*:}"
done

swift build --product containerd-shim-hcs-v1 >/dev/null || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
SHIM="$(swift build --show-bin-path)/containerd-shim-hcs-v1"

total_pass=0; total_fail=0
count() {  # count OUTPUT: adds its last "N passed, M failed" line to the totals (none: one failure)
  local line p f; line="$(echo "$1" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -1)"
  p="$(echo "$line" | sed -nE 's/.* ([0-9]+) passed, ([0-9]+) failed.*/\1/p')"
  f="$(echo "$line" | sed -nE 's/.* ([0-9]+) passed, ([0-9]+) failed.*/\2/p')"
  total_pass=$((total_pass + ${p:-0})); total_fail=$((total_fail + ${f:-1}))
}

for suite in "$@"; do
  base="${HCSSHIM_CRI_TESTBED:-/tmp/hcsshim-tb-cri}-$suite"
  if [ "$suite" = bookworm ] || [ "$suite" = system ]; then
    unset HCSSHIM_CONTAINERD HCSSHIM_CTR
  else
    scripts/containerd-versions.sh fetch "$suite" || { echo "$suite: fetch failed"; total_fail=$((total_fail + 1)); continue; }
    dir="$(scripts/containerd-versions.sh path "$suite")"
    export HCSSHIM_CONTAINERD="$dir/containerd" HCSSHIM_CTR="$dir/ctr"
  fi
  HCSSHIM_TESTBED="$base" scripts/testbed.sh stop >/dev/null 2>&1 || true
  if ! HCSSHIM_TESTBED="$base" HCSSHIM_TESTBED_CRI=1 scripts/testbed.sh up; then
    tail -20 "$base/containerd.log"; echo "$suite: test bed failed"; total_fail=$((total_fail + 1)); continue
  fi
  eval "$(HCSSHIM_TESTBED="$base" scripts/testbed.sh env)"
  install -m 0755 "$SHIM" "$TB_BASE/bin/containerd-shim-hcs-v1"
  version="$("${HCSSHIM_CTR:-ctr}" -a "$TB_SOCK" version 2>/dev/null | awk '/Server:/{s=1} s && /Version:/{print $2; exit}')"
  log "$suite: containerd $version, CRI on $TB_CRI_SOCK"
  for handler in runc:containerd-shim-runc-v2:runc hcs:containerd-shim-hcs-v1:runc hcs-crun:containerd-shim-hcs-v1:crun; do
    IFS=: read -r name shim oci <<<"$handler"
    output="$("$PYTHON" Tests/clients/cri/cri_e2e.py --socket "$TB_CRI_SOCK" --handler "$name" --shim "$shim" \
      --oci "$oci" --runc-root "$TB_BASE/runc" --log-dir "$TB_CRI_LOGS" --label "$suite/$name" 2>&1)"
    echo "$output" | grep -E '^(PASS|FAIL|INFO|    |Traceback|[A-Za-z]+Error)'
    echo "$output" | tail -1
    count "$output"
  done
  HCSSHIM_TESTBED="$base" scripts/testbed.sh stop >/dev/null 2>&1 || true
done

echo "e2e-cri: $total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
