#!/usr/bin/env bash
# The compatibility matrix: the end-to-end suite (scripts/e2e.sh) against each containerd
# generation Debian ships, in each shim protocol, with runc and with crun.
#
#   scripts/matrix.sh [--table FILE] [CELL...]
#
# A CELL is SUITE:PROTOCOL — SUITE bookworm (Debian 12's containerd 1.6, the installed one),
# trixie (1.7) or sid (2.x), fetched by scripts/containerd-versions.sh; PROTOCOL ttrpc or grpc
# (HCSSHIM_SHIM_PROTOCOL, which the shim reads from containerd's environment). Each cell runs
# the suite twice, with runc and with crun, including the containerd restart-and-reconnect
# checks, on its own private containerd under /tmp/hcsshim-mx-SUITE-PROTOCOL.
# Without CELLs: bookworm:ttrpc and sid:ttrpc (oldest and newest), or, with
# HCSSHIM_MATRIX=full, every cell (ttrpc everywhere, gRPC on trixie and sid).
# HCSSHIM_MATRIX_REFERENCE=1 also runs each cell's suite against that release's own
# containerd-shim-runc-v2 (ttrpc cells only), reported apart and not counted.
# --table FILE writes the results as a Markdown table. Ends with "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

TABLE=""
CELLS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --table) TABLE="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) CELLS+=("$1"); shift ;;
  esac
done
if [ ${#CELLS[@]} = 0 ]; then
  if [ "${HCSSHIM_MATRIX:-}" = full ]; then
    CELLS=(bookworm:ttrpc trixie:ttrpc trixie:grpc sid:ttrpc sid:grpc)
  else
    CELLS=(bookworm:ttrpc sid:ttrpc)
  fi
fi

swift build --product containerd-shim-hcs-v1 >/dev/null || { echo "build failed"; exit 1; }
SHIM="$(swift build --show-bin-path)/containerd-shim-hcs-v1"
suites=(); for cell in "${CELLS[@]}"; do suites+=("${cell%%:*}"); done
scripts/containerd-versions.sh fetch $(printf '%s\n' "${suites[@]}" | sort -u) || exit 1

total_pass=0; total_fail=0
ROWS=()
run_suite() {  # run_suite LABEL ARGS... ; sets P F FAILED
  local output; output="$(scripts/e2e.sh --label "$1" "${@:2}" 2>&1)"
  echo "$output" | grep -E '^(PASS|FAIL|INFO|    )'
  local line; line="$(echo "$output" | tail -1)"
  P="$(echo "$line" | sed -nE 's/.* ([0-9]+) passed, ([0-9]+) failed/\1/p')"
  F="$(echo "$line" | sed -nE 's/.* ([0-9]+) passed, ([0-9]+) failed/\2/p')"
  P="${P:-0}"; F="${F:-1}"
  FAILED="$(echo "$output" | sed -nE 's/^FAIL \[[^]]*\] (.*)$/\1/p' | awk 'NR > 1 {printf " · "} {printf "%s", $0}')"
}

# What `start` answers this containerd: the shim run by hand as containerd runs it (same
# flags and environment, containerd's binary as -publish-binary); its daemon is stopped with
# the test bed. Proves the generation detection against the real binary.
handshake() {  # handshake PROTOCOL CONTAINERD
  local bundle; bundle="$(mktemp -d)"
  (cd "$bundle" && env GRPC_ADDRESS="$TB_SOCK" TTRPC_ADDRESS="$TB_SOCK.ttrpc" NAMESPACE=mxprobe MAX_SHIM_VERSION=2 \
    HCSSHIM_SHIM_PROTOCOL="$1" "$TB_BASE/bin/containerd-shim-hcs-v1" -namespace mxprobe -address "$TB_SOCK" \
    -publish-binary "$2" -id "probe$$" start </dev/null 2>&1)
  rm -rf "$bundle"
}

for cell in "${CELLS[@]}"; do
  suite="${cell%%:*}"; protocol="${cell#*:}"
  dir="$(scripts/containerd-versions.sh path "$suite")" || { total_fail=$((total_fail + 1)); continue; }
  version="$(scripts/containerd-versions.sh version "$suite")"
  export HCSSHIM_TESTBED="/tmp/hcsshim-mx-$suite-$protocol" HCSSHIM_SHIM_PROTOCOL="$protocol"
  if [ "$suite" = bookworm ] || [ "$suite" = system ]; then
    unset HCSSHIM_CONTAINERD HCSSHIM_CTR; rm -f "$HCSSHIM_TESTBED/binaries"
  else
    export HCSSHIM_CONTAINERD="$dir/containerd" HCSSHIM_CTR="$dir/ctr"
  fi
  echo "==== containerd $version ($suite), $protocol"
  scripts/testbed.sh stop >/dev/null 2>&1 || true
  if ! scripts/testbed.sh up; then
    total_fail=$((total_fail + 2)); ROWS+=("| $version | $protocol | - | runc, crun | - | test bed did not start |"); continue
  fi
  eval "$(scripts/testbed.sh env)"
  install -m 0755 "$SHIM" "$TB_BASE/bin/containerd-shim-hcs-v1"
  printf 'binary_name = "%s"\n' "$TB_BASE/crun" > "$TB_BASE/crun.toml"
  answer="$(handshake "$protocol" "$dir/containerd")"
  echo "start answers: $answer"
  answer="$(echo "$answer" | sed -E 's/[0-9a-f]{64}/<hash>/')"
  case "$protocol:$answer" in ttrpc:unix://*|grpc:\{*) ;; *) answer="$answer (unexpected)"; total_fail=$((total_fail + 1)) ;; esac
  for runtime in runc crun; do
    args=(); [ "$runtime" = crun ] && args=(--runtime-config "$TB_BASE/crun.toml")
    run_suite "${version%%~*} $protocol $runtime" "${args[@]}"
    total_pass=$((total_pass + P)); total_fail=$((total_fail + F))
    ROWS+=("| ${version} | $protocol | \`${answer//|/\\|}\` | $runtime | $P/$((P + F)) | ${FAILED:-all pass} |")
  done
  if [ "${HCSSHIM_MATRIX_REFERENCE:-0}" = 1 ] && [ "$protocol" = ttrpc ]; then
    # That release's own runc-v2 shim, found first on containerd's PATH.
    [ -x "$dir/containerd-shim-runc-v2" ] && install -m 0755 "$dir/containerd-shim-runc-v2" "$TB_BASE/bin/"
    run_suite "${version%%~*} reference runc-v2" --runtime io.containerd.runc.v2 --reference
    ROWS+=("| ${version} | $protocol | (its own) | stock runc-v2 (reference, not counted) | $P/$((P + F)) | ${FAILED:-all pass} |")
    rm -f "$TB_BASE/bin/containerd-shim-runc-v2"
  fi
  scripts/testbed.sh stop >/dev/null 2>&1 || true
done

{
  echo "| containerd | protocol | \`start\` printed | runtime | checks passed | failing checks |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
} > "${TABLE:-/dev/stdout}"
[ -n "$TABLE" ] && cat "$TABLE"
echo "matrix: $total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
