#!/usr/bin/env bash
# HCSShim against the stock Go shim (containerd-shim-runc-v2), side by side in one run.
#
#   scripts/bench.sh [--quick] [--base DIR] [--no-build] [--runtimes "runc crun"] [--plot PNG]
#
# Builds the release shim (`swift build -c release --product containerd-shim-hcs-v1`),
# installs it as BASE/bin/containerd-shim-hcs-v1, starts the private containerd of
# scripts/testbed.sh on BASE (default /tmp/hcsshim-bench, never the e2e test bed) and measures,
# for each runtime binary (runc; crun through BASE/crun), "ours" and "go" interleaved:
#   run       wall time of `ctr run --rm IMG ID /bin/true`
#   exec      wall time of `ctr task exec ID /bin/true` into a sleeping container
#   execapi   the same exec through the shim's Task API alone (Exec, Wait + Start, Delete over
#             ttrpc; scripts/bench-rpc.py), and `runtime`: the runtime's `exec --detach` alone
#   ttrpc     State round trip over ttrpc, many calls on one connection (scripts/bench-rpc.py)
#   grpc      the same over gRPC (ours only: the Go shim serves ttrpc alone)
#   exit      SIGKILL of the container's init from the host -> `ctr task wait` returns
#   start     `SHIM -v`: process start of the binary alone
#   memory    one idle shim holding one `sleep` container: VmRSS, PSS, RssAnon, threads; PSS
#             and RssAnon per shim with 10 and 50 shims (--quick: 10 only)
#   wakeups   context switches of all the shim's threads over an idle window (60 s; quick 10 s)
# Interleaving: each repetition runs both shims, alternating which goes first (A B, B A, ...),
# so drift in the machine's load hits both alike. Every loop is bounded.
# Raw samples and the summary go to BASE/results/<timestamp>/ (samples.tsv, summary.txt,
# summary.md); --plot also draws the latency/memory ratios with gnuplot.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"

QUICK=0; BUILD=1; BASE="${HCSSHIM_BENCH_BASE:-/tmp/hcsshim-bench}"; RUNTIMES="runc crun"; PLOT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; shift ;;
    --no-build) BUILD=0; shift ;;
    --base) BASE="$2"; shift 2 ;;
    --runtimes) RUNTIMES="$2"; shift 2 ;;
    --plot) PLOT="$2"; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ "$QUICK" = 1 ]; then
  RUNS="${RUNS:-6}"; EXECS="${EXECS:-6}"; RPC_ROUNDS="${RPC_ROUNDS:-2}"; RPC_CALLS="${RPC_CALLS:-200}"; API_EXECS="${API_EXECS:-5}"
  EXITS="${EXITS:-3}"; STARTS="${STARTS:-5}"; FLEETS="${FLEETS:-10}"; IDLE_S="${IDLE_S:-10}"
else
  RUNS="${RUNS:-30}"; EXECS="${EXECS:-30}"; RPC_ROUNDS="${RPC_ROUNDS:-5}"; RPC_CALLS="${RPC_CALLS:-1000}"; API_EXECS="${API_EXECS:-10}"
  EXITS="${EXITS:-10}"; STARTS="${STARTS:-20}"; FLEETS="${FLEETS:-10 50}"; IDLE_S="${IDLE_S:-60}"
fi
SETTLE_S="${SETTLE_S:-2}"
GO_SHIM="$(command -v containerd-shim-runc-v2)" || { echo "containerd-shim-runc-v2 is not installed" >&2; exit 1; }

log() { printf '[bench] %s\n' "$*" >&2; }

# --- build, install, test bed -------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  log "building the release shim"
  (cd "$ROOT" && swift build -c release --product containerd-shim-hcs-v1 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' >&2)
fi
BIN="$(cd "$ROOT" && swift build -c release --show-bin-path)/containerd-shim-hcs-v1"
[ -x "$BIN" ] || { echo "no release binary at $BIN" >&2; exit 1; }
"$ROOT/scripts/testbed.sh" up "$BASE" >/dev/null
eval "$("$ROOT/scripts/testbed.sh" env "$BASE")"
install -m 0755 "$BIN" "$TB_BASE/bin/containerd-shim-hcs-v1"
OURS_BIN="$TB_BASE/bin/containerd-shim-hcs-v1"
CTR="$TB_CTR"; IMG="$TB_IMAGE"; NS="$TB_NS"
printf 'binary_name = "%s"\n' "$TB_BASE/crun" > "$TB_BASE/bench-crun.toml"

OUT="$TB_BASE/results/$(date -u +%Y%m%d-%H%M%S)"; mkdir -p "$OUT"
SAMPLES="$OUT/samples.tsv"; : > "$SAMPLES"
PFX="b$$"   # container id prefix: cleanup touches only this run's containers

cleanup() {
  local t c
  for t in $($CTR task ls -q 2>/dev/null | grep "^$PFX" || true); do $CTR task kill -a -s SIGKILL "$t" >/dev/null 2>&1 || true; done
  for c in $($CTR container ls -q 2>/dev/null | grep "^$PFX" || true); do
    for _ in $(seq 50); do $CTR task rm -f "$c" >/dev/null 2>&1; $CTR task ls -q | grep -qxF "$c" || break; sleep 0.1; done
    $CTR container rm "$c" >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

# run_args SHIM RUNTIME -> the ctr run flags selecting the shim and the OCI runtime binary
run_args() {
  case "$1/$2" in
    ours/runc) echo "--runtime io.containerd.hcs.v1" ;;
    ours/crun) echo "--runtime io.containerd.hcs.v1 --runtime-config-path $TB_BASE/bench-crun.toml" ;;
    go/runc) echo "--runtime io.containerd.runc.v2" ;;
    go/crun) echo "--runtime io.containerd.runc.v2 --runc-binary $TB_BASE/crun" ;;
  esac
}
order() { if [ $(($1 % 2)) = 0 ]; then echo "ours go"; else echo "go ours"; fi; }  # A B, B A, ...
now_us() { echo "${EPOCHREALTIME//[.,]/}"; }
sample() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$SAMPLES"; }   # METRIC RT SHIM VALUE
elapsed_ms() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", (b-a)/1000}'; }

wait_running() {  # ID
  for _ in $(seq 100); do
    $CTR task ls 2>/dev/null | awk -v id="$1" '$1==id && $3=="RUNNING"{f=1} END{exit !f}' && return 0
    sleep 0.05
  done
  echo "task $1 did not start" >&2; return 1
}
init_pid() { $CTR task ls | awk -v id="$1" '$1==id{print $2}'; }
shim_pid() { awk '/^PPid:/{print $2}' "/proc/$(init_pid "$1")/status"; }  # the subreaper shim
shim_socket() { cat "$TB_BASE/state/io.containerd.runtime.v2.task/$NS/$1/address"; }
# runtime_execs ID COUNT: `RUNTIME exec --detach` of /bin/true into our shim's container, run
# directly with the binary and root the shim recorded in options.json: the floor under either
# shim's exec. Samples "runtime" under "ours" (the runtime is the same for both shims).
runtime_execs() {
  local options="$TB_BASE/state/io.containerd.runtime.v2.task/$NS/$1/options.json" binary root t0 t1 n
  read -r binary root < <(python3 -c 'import json,sys; o = json.load(open(sys.argv[1])); print(o["binary_name"] or "runc", o["root"])' "$options")
  printf '{"args":["/bin/true"],"cwd":"/","env":["PATH=/bin"],"user":{"uid":0,"gid":0}}' > "$OUT/process.json"
  for n in $(seq "$2"); do
    t0=$(now_us)
    "$binary" --root "$root" exec --detach --pid-file "$OUT/exec.pid" --process "$OUT/process.json" "$1" >/dev/null
    t1=$(now_us)
    sample runtime "$rt" ours "$(elapsed_ms "$t0" "$t1")"
  done
}
start_sleeper() {  # ID SHIM RT
  # shellcheck disable=SC2046
  $CTR run -d $(run_args "$2" "$3") "$IMG" "$1" sleep 1000000 >/dev/null && wait_running "$1"
}
remove() {  # ID...
  local c
  for c in "$@"; do $CTR task kill -s SIGKILL "$c" >/dev/null 2>&1 || true; done
  for c in "$@"; do
    for _ in $(seq 100); do $CTR task rm "$c" >/dev/null 2>&1 && break; $CTR task ls -q | grep -qxF "$c" || break; sleep 0.05; done
    $CTR container rm "$c" >/dev/null 2>&1 || true
  done
}
# ctxsw PID -> "TID SWITCHES" per thread (voluntary + involuntary context switches)
ctxsw() {
  local t; for t in /proc/"$1"/task/*; do
    awk -v tid="${t##*/}" '/^(non)?voluntary_ctxt_switches:/{s+=$2} END{print tid, s+0}' "$t/status" 2>/dev/null || true
  done
}
# wakeups BEFORE AFTER -> switches during the window: per-thread deltas, a new thread counts all
# of its switches, a thread that exited counts one (its last run, which we cannot read any more)
wakeups() { awk 'NR==FNR{a[$1]=$2; next} {s+=$2-($1 in a ? a[$1] : 0); seen[$1]=1}
  END{for (t in a) if (!(t in seen)) s++; print s+0}' <(echo "$1") <(echo "$2"); }
memory() {  # METRIC_SUFFIX RT SHIM PID: RSS, PSS, anonymous (kB)
  sample "rss$1" "$2" "$3" "$(awk '/^VmRSS:/{print $2}' "/proc/$4/status")"
  sample "pss$1" "$2" "$3" "$(awk '/^Pss:/{print $2}' "/proc/$4/smaps_rollup")"
  sample "anon$1" "$2" "$3" "$(awk '/^Anonymous:/{print $2}' "/proc/$4/smaps_rollup")"
}

for rt in $RUNTIMES; do
  log "$rt: ctr run --rm ($RUNS reps each)"
  for shim in ours go; do $CTR run --rm $(run_args "$shim" "$rt") "$IMG" "${PFX}w$shim" true; done  # warm-up
  for i in $(seq "$RUNS"); do
    for shim in $(order "$i"); do
      t0=$(now_us); $CTR run --rm $(run_args "$shim" "$rt") "$IMG" "${PFX}r$shim$i" true; t1=$(now_us)
      sample run "$rt" "$shim" "$(elapsed_ms "$t0" "$t1")"
    done
  done

  log "$rt: ctr task exec, State round trips, exit latency"
  for shim in ours go; do start_sleeper "${PFX}x$shim" "$shim" "$rt"; $CTR task exec --exec-id w "${PFX}x$shim" true; done
  for i in $(seq "$EXECS"); do
    for shim in $(order "$i"); do
      t0=$(now_us); $CTR task exec --exec-id "e$i" "${PFX}x$shim" true; t1=$(now_us)
      sample exec "$rt" "$shim" "$(elapsed_ms "$t0" "$t1")"
    done
  done
  for i in $(seq "$RPC_ROUNDS"); do
    for shim in $(order "$i"); do
      python3 "$HERE/bench-rpc.py" ttrpc "$(shim_socket "${PFX}x$shim")" "${PFX}x$shim" "$NS" "$RPC_CALLS" \
        | while read -r v; do sample ttrpc "$rt" "$shim" "$v"; done
      python3 "$HERE/bench-rpc.py" exec "$(shim_socket "${PFX}x$shim")" "${PFX}x$shim" "$NS" "$API_EXECS" \
        | while read -r v; do sample execapi "$rt" "$shim" "$v"; done
    done
    runtime_execs "${PFX}xours" "$API_EXECS"
    python3 "$HERE/bench-rpc.py" grpc "$(shim_socket "${PFX}xours")" "${PFX}xours" "$NS" "$RPC_CALLS" \
      | while read -r v; do sample grpc "$rt" ours "$v"; done
  done
  remove "${PFX}xours" "${PFX}xgo"
  for i in $(seq "$EXITS"); do
    for shim in $(order "$i"); do
      c="${PFX}k$shim$i"; start_sleeper "$c" "$shim" "$rt"; pid="$(init_pid "$c")"
      $CTR task wait "$c" >/dev/null 2>&1 & waiter=$!
      sleep 0.3   # let the Wait call reach the shim
      t0=$(now_us); kill -KILL "$pid"; wait "$waiter" || true; t1=$(now_us)
      sample exit "$rt" "$shim" "$(elapsed_ms "$t0" "$t1")"
      remove "$c"
    done
  done

  log "$rt: one idle shim each: memory, threads, wake-ups over ${IDLE_S}s"
  start_sleeper "${PFX}1ours" ours "$rt"; start_sleeper "${PFX}1go" go "$rt"
  sleep "$SETTLE_S"
  po="$(shim_pid "${PFX}1ours")"; pg="$(shim_pid "${PFX}1go")"
  c0o="$(ctxsw "$po")"; c0g="$(ctxsw "$pg")"
  sleep "$IDLE_S"
  sample wakeups "$rt" ours "$(wakeups "$c0o" "$(ctxsw "$po")")"; sample wakeups "$rt" go "$(wakeups "$c0g" "$(ctxsw "$pg")")"
  for shim in ours go; do
    p="$po"; [ "$shim" = go ] && p="$pg"
    memory 1 "$rt" "$shim" "$p"
    sample threads "$rt" "$shim" "$(awk '/^Threads:/{print $2}' "/proc/$p/status")"
  done
  remove "${PFX}1ours" "${PFX}1go"

  for n in $FLEETS; do
    log "$rt: $n shims each"
    ids=()
    for i in $(seq "$n"); do
      for shim in $(order "$i"); do start_sleeper "${PFX}n$shim$i" "$shim" "$rt"; ids+=("${PFX}n$shim$i"); done
    done
    sleep "$SETTLE_S"
    for c in "${ids[@]}"; do
      shim=ours; case "$c" in "${PFX}ngo"*) shim=go ;; esac
      memory "$n" "$rt" "$shim" "$(shim_pid "$c")"
    done
    remove "${ids[@]}"
  done
done

log "binary start (-v), $STARTS reps each"
for i in $(seq "$STARTS"); do
  for shim in $(order "$i"); do
    b="$OURS_BIN"; [ "$shim" = go ] && b="$GO_SHIM"
    t0=$(now_us); "$b" -v >/dev/null; t1=$(now_us)
    sample start all "$shim" "$(elapsed_ms "$t0" "$t1")"
  done
done
sample size all ours "$(( $(stat -c %s "$OURS_BIN") / 1024 ))"
sample size all go "$(( $(stat -c %s "$GO_SHIM") / 1024 ))"

{
  echo "# HCSShim vs containerd-shim-runc-v2  $(date -u +%FT%TZ)  $( [ "$QUICK" = 1 ] && echo quick)"
  echo "# host: $(nproc) cpus, kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); $(containerd --version | cut -d' ' -f3); $(runc --version | head -1); $(crun --version | head -1); swift $(swift --version 2>/dev/null | sed -n 's/.*Swift version \([^ ]*\).*/\1/p' | head -1)"
  echo "# ours: $OURS_BIN ($(stat -c %s "$OURS_BIN") bytes); go: $GO_SHIM ($(stat -c %s "$GO_SHIM") bytes)"
  echo "# reps: run $RUNS, exec $EXECS, State ${RPC_ROUNDS}x$RPC_CALLS, exit $EXITS, idle ${IDLE_S}s, fleets $FLEETS"
} > "$OUT/header.txt"
python3 "$HERE/bench-report.py" "$OUT" ${PLOT:+--plot "$PLOT"}
log "raw samples and summary: $OUT"
