#!/usr/bin/env bash
# Churn through one shim: many execs in a long-running container and many container
# lifecycles (run, exit, rm) in the same shim group, then the shim's fds, RSS, threads,
# zombie children and the mount table are compared with the start.
#
#   scripts/churn.sh [--runtime NAME]     (needs `scripts/testbed.sh up` and the shim in BASE/bin)
#
# Default: 100 execs and 20 lifecycles (~1 min). HCSSHIM_LONG=1: 1,000 execs and 200
# lifecycles (~10 min). Prints the numbers and ends with "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
PREFIX="chn$$"
. scripts/lib/robust.sh "$@"

if [ "${HCSSHIM_LONG:-0}" = 1 ]; then EXECS=1000; LIFECYCLES=200; else EXECS=100; LIFECYCLES=20; fi
GROUP="$PREFIX-pod"
ANCHOR="$PREFIX-anchor"
GROUPED=(--annotation "io.containerd.runc.v2.group=$GROUP")

snapshot() {  # snapshot PID: fds rss_kib threads zombies mounts
  local pid="$1"
  local fds rss threads zombies mounts
  fds="$(ls "/proc/$pid/fd" | wc -l)"
  rss="$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")"
  threads="$(ls "/proc/$pid/task" | wc -l)"
  zombies="$(ps -o stat= --ppid "$pid" | grep -c '^Z')"
  # Only this test bed's mounts: other test beds on the host mount and unmount concurrently.
  mounts="$(grep -cF "$TB_BASE/" /proc/self/mountinfo)"
  echo "$fds $rss $threads $zombies $mounts"
}

report() {  # report LABEL BEFORE AFTER
  local label="$1"; read -r f0 r0 t0 z0 m0 <<<"$2"; read -r f1 r1 t1 z1 m1 <<<"$3"
  printf '%-28s fds %3s -> %-3s  rss %6s -> %-6s KiB  threads %2s -> %-2s  zombies %s -> %s  mounts %s -> %s\n' \
    "$label" "$f0" "$f1" "$r0" "$r1" "$t0" "$t1" "$z0" "$z1" "$m0" "$m1"
}

# Bounds for "no growth beyond noise": fds and mounts exact, zombies none, a few threads of
# slack for the runtime's worker pool, RSS within 16 MiB (allocator high-water marks).
within_noise() {  # within_noise BEFORE AFTER
  read -r f0 r0 t0 z0 m0 <<<"$1"; read -r f1 r1 t1 z1 m1 <<<"$2"
  local ok=0
  [ "$f1" -le "$f0" ] || { echo "fds grew $f0 -> $f1"; ls -l "/proc/$SHIM/fd"; ok=1; }
  [ "$m1" -le "$m0" ] || { echo "mounts grew $m0 -> $m1"; ok=1; }
  [ "$z1" = 0 ] || { echo "$z1 zombie children"; ps -o pid,stat,args --ppid "$SHIM"; ok=1; }
  [ "$t1" -le $((t0 + 4)) ] || { echo "threads grew $t0 -> $t1"; ok=1; }
  [ "$r1" -le $((r0 + 16384)) ] || { echo "rss grew $r0 -> $r1 KiB"; ok=1; }
  return $ok
}

# tally WHAT RC WANT_RC OUTPUT WANT_OUTPUT: exit codes must be right. ctr 1.6 cancels its
# stdout copy as soon as the process is deleted, so now and then it drops the last line of a
# process that exits at once; stock containerd-shim-runc-v2 shows the same (11 of 400 execs
# in one run). An empty output with the right code is counted as that race, and must stay
# rare (under 5%); any other difference is a failure.
tally() {
  if [ "$2" != "$3" ] || { [ "$4" != "$5" ] && [ -n "$4" ]; }; then
    failed=$((failed + 1)); echo "$1: rc=$2 (want $3) output \"$4\""
  elif [ -z "$4" ]; then
    lost=$((lost + 1))
  fi
}

# verdict COUNT WHAT BEFORE: after a round of COUNT operations, the shim's growth and the
# tallies go to the report; sets `after`; fails if any was wrong or 5% or more were lost.
verdict() {
  sleep 1
  after="$(snapshot "$SHIM")"
  report "$1 $2" "$3" "$after" | tee -a "$WORK/report"
  echo "$1 $2: $failed wrong, $lost outputs lost at exit by ctr" | tee -a "$WORK/report"
  [ "$failed" = 0 ] && [ $((lost * 20)) -lt "$1" ] || { echo "$failed $2 failed, $lost outputs lost"; return 1; }
}

setup() {
  $CTR "${RUN[@]}" -d "${GROUPED[@]}" "$TB_IMAGE" "$ANCHOR" sleep 3600 || return 1
  wait_status "$ANCHOR" RUNNING || return 1
  SHIM="$(shim_pid "$ANCHOR")"; [ -n "$SHIM" ] || { echo "no shim"; return 1; }
  # Warm-up: first uses allocate lazily (thread pools, buffers); measure after them.
  for i in 1 2 3 4 5; do $CTR task exec --exec-id "w$i" "$ANCHOR" true || return 1; done
  for i in 1 2; do $CTR "${RUN[@]}" --rm "${GROUPED[@]}" "$TB_IMAGE" "$PREFIX-w$i" true || return 1; done
  sleep 1
}

t_execs() {
  local before after; before="$(snapshot "$SHIM")"
  failed=0; lost=0
  for i in $(seq 1 "$EXECS"); do
    out="$($CTR task exec --exec-id "e$i" "$ANCHOR" sh -c "echo $i; exit $((i % 5))" 2>&1)"
    tally "exec $i" $? $((i % 5)) "$out" "$i"
  done
  verdict "$EXECS" execs "$before" || return 1
  [ "$(shim_pid "$ANCHOR")" = "$SHIM" ] || { echo "shim replaced"; return 1; }
  within_noise "$before" "$after"
}

t_lifecycles() {
  local before after; before="$(snapshot "$SHIM")"
  failed=0; lost=0
  for i in $(seq 1 "$LIFECYCLES"); do
    out="$($CTR "${RUN[@]}" --rm "${GROUPED[@]}" "$TB_IMAGE" "$PREFIX-c$i" sh -c "echo $i; exit $((i % 7))" 2>&1)"
    tally "lifecycle $i" $? $((i % 7)) "$out" "$i"
    [ "$(shim_pid "$ANCHOR")" = "$SHIM" ] || { echo "lifecycle $i ran outside the shim group"; return 1; }
  done
  verdict "$LIFECYCLES" lifecycles "$before" || return 1
  local left; left="$($CTR task ls -q | grep -c "^$PREFIX-c")"
  [ "$left" = 0 ] || { echo "$left tasks left"; return 1; }
  within_noise "$before" "$after"
}

t_teardown() {
  cleanup_task "$ANCHOR"
  for _ in $(seq 1 50); do [ -d "/proc/$SHIM" ] || break; sleep 0.1; done
  [ ! -d "/proc/$SHIM" ] || { echo "shim still alive after its last task was deleted"; return 1; }
  if grep -qF "$TB_BASE/state/io.containerd.runtime.v2.task/$TB_NS/$PREFIX" /proc/self/mountinfo; then
    echo "mounts left"; return 1
  fi
}

check "setup: anchor container in group $GROUP, warm-up" setup
if [ "$FAIL" = 0 ]; then
  check "$EXECS execs through one shim: output and exit codes right, no growth" t_execs
  check "$LIFECYCLES container lifecycles through one shim: exit codes right, no growth" t_lifecycles
  check "teardown: the shim exits with its last task, no mounts left" t_teardown
fi
cat "$WORK/report" 2>/dev/null
echo "churn: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
