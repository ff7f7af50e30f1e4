#!/usr/bin/env bash
# End-to-end suite: drives a real containerd (the private test bed) with `ctr` against any
# shim, and checks what containerd users see. It tests containerd's expectations, not ours:
# it passes against the stock containerd-shim-runc-v2 too.
#
#   scripts/e2e.sh [--runtime NAME|PATH] [--runtime-config FILE] [--label TEXT]
#
# --runtime defaults to io.containerd.hcs.v1 (containerd-shim-hcs-v1 in the test bed's bin/).
# --runtime-config is passed as ctr's --runtime-config-path (how a non-runc runtime gets its
# options from ctr, e.g. `binary_name = "crun"`). Needs `scripts/testbed.sh up` first.
# --reference marks a run against a reference shim (the stock runc-v2): checks of guarantees
# beyond containerd's contract (events never dropped) run and are reported, not counted.
# Ends with "N passed, M failed" and exits non-zero on any failure.
set -uo pipefail

RUNTIME=io.containerd.hcs.v1
CONFIG=""
LABEL=""
REFERENCE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runtime) RUNTIME="$2"; shift 2 ;;
    --runtime-config) CONFIG="$2"; shift 2 ;;
    --label) LABEL="$2"; shift 2 ;;
    --reference) REFERENCE=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
eval "$("$(dirname "$0")/testbed.sh" env)"
CTR="$TB_CTR"
RUN=(run --runtime "$RUNTIME")
[ -n "$CONFIG" ] && RUN+=(--runtime-config-path "$CONFIG")
PREFIX="e2e$$"
PASS=0; FAIL=0
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

check() {  # check NAME COMMAND... : the command's success is the check's verdict
  local name="$1"; shift
  if "$@" >"$WORK/out" 2>&1; then
    PASS=$((PASS + 1)); echo "PASS ${LABEL:+[$LABEL] }$name"
  else
    FAIL=$((FAIL + 1)); echo "FAIL ${LABEL:+[$LABEL] }$name"; sed 's/^/    /' "$WORK/out" | tail -15
  fi
}

beyond_contract() {  # beyond_contract NAME COMMAND...: a guarantee of ours, not of containerd's
  if [ "$REFERENCE" = 1 ]; then
    local name="$1"; shift
    if "$@" >"$WORK/out" 2>&1; then echo "INFO ${LABEL:+[$LABEL] }$name (holds for the reference too)"
    else echo "INFO ${LABEL:+[$LABEL] }$name: does not hold for the reference shim (not counted):"; sed 's/^/    /' "$WORK/out" | head -3; fi
  else
    check "$@"
  fi
}

cleanup_task() {
  $CTR task kill -a -s SIGKILL "$1" >/dev/null 2>&1
  for _ in $(seq 1 50); do $CTR task ls -q 2>/dev/null | grep -qx "$1" || break
    $CTR task rm -f "$1" >/dev/null 2>&1; sleep 0.1; done
  $CTR container rm "$1" >/dev/null 2>&1 || true
}

wait_status() {  # wait_status ID STATUS
  for _ in $(seq 1 100); do
    $CTR task ls 2>/dev/null | awk -v id="$1" '$1 == id {print $3}' | grep -qx "$2" && return 0; sleep 0.05
  done
  echo "task $1 never reached $2: $($CTR task ls 2>&1)"; return 1
}

t_run_output_and_exit() {
  local out; out="$($CTR "${RUN[@]}" --rm "$TB_IMAGE" "$PREFIX-a" sh -c 'echo hello; echo oops >&2; exit 7' 2>&1)"
  local rc=$?
  [ "$rc" = 7 ] || { echo "exit code $rc, want 7"; return 1; }
  echo "$out" | grep -qx hello && echo "$out" | grep -qx oops || { echo "output: $out"; return 1; }
}

t_run_true_exit_zero() { $CTR "${RUN[@]}" --rm "$TB_IMAGE" "$PREFIX-b" true; }

t_detached_ls_ps_exec() {
  local id="$PREFIX-d"
  $CTR "${RUN[@]}" -d "$TB_IMAGE" "$id" sleep 300 || return 1
  wait_status "$id" RUNNING || return 1
  local pid; pid="$($CTR task ls | awk -v id="$id" '$1 == id {print $2}')"
  $CTR task ps "$id" | awk 'NR > 1 {print $1}' | grep -qx "$pid" || { echo "ps lacks init pid $pid"; return 1; }
  local out; out="$($CTR task exec --exec-id x1 "$id" sh -c 'echo from-exec; exit 3')"; local rc=$?
  [ "$rc" = 3 ] && [ "$out" = from-exec ] || { echo "exec rc=$rc out=$out"; return 1; }
  # Same pid namespace: the exec sees the init as pid 1 running sleep.
  $CTR task exec --exec-id x2 "$id" sh -c 'cat /proc/1/cmdline | tr "\0" " "' | grep -q '^sleep 300' \
    || { echo "exec does not share the init's pid namespace"; return 1; }
  cleanup_task "$id"
}

t_exec_visible_in_ps() {
  local id="$PREFIX-p"
  $CTR "${RUN[@]}" -d "$TB_IMAGE" "$id" sleep 300 || return 1
  $CTR task exec --exec-id slow "$id" sleep 30 &
  local exec_pid=$!
  for _ in $(seq 1 50); do $CTR task ps "$id" | grep -q slow && break; sleep 0.1; done
  $CTR task ps "$id" | grep -q slow || { $CTR task ps "$id"; kill $exec_pid; return 1; }
  $CTR task kill -a -s SIGKILL "$id"; wait $exec_pid 2>/dev/null
  cleanup_task "$id"
}

t_stdin() {
  # ctr 1.6 does not forward stdin's EOF without -t, so the container reads what it needs.
  local out; out="$(printf 'line-one\nline-two\n' | $CTR "${RUN[@]}" --rm "$TB_IMAGE" "$PREFIX-i" sh -c 'read a; read b; echo "$b/$a"')"
  [ "$out" = "line-two/line-one" ] || { echo "got: $out"; return 1; }
}

t_large_output() {
  $CTR "${RUN[@]}" --rm "$TB_IMAGE" "$PREFIX-big" sh -c 'head -c 5242880 /dev/zero | tr "\0" "x"' > "$WORK/big"
  local size; size="$(stat -c %s "$WORK/big")"
  [ "$size" = 5242880 ] || { echo "got $size bytes of 5242880"; return 1; }
  [ -z "$(tr -d x < "$WORK/big" | head -c 1)" ] || { echo "corrupted bytes"; return 1; }
}

t_kill_and_kill_all() {
  local id="$PREFIX-k"
  $CTR "${RUN[@]}" -d "$TB_IMAGE" "$id" sh -c 'sleep 300 & sleep 300' || return 1
  wait_status "$id" RUNNING || return 1
  $CTR task kill -a -s SIGKILL "$id" || return 1
  wait_status "$id" STOPPED || return 1
  $CTR task rm "$id" >/dev/null || return 1
  $CTR container rm "$id"
  local id2="$PREFIX-k2"
  $CTR "${RUN[@]}" -d "$TB_IMAGE" "$id2" sleep 300 || return 1
  $CTR task kill -s SIGKILL "$id2" && wait_status "$id2" STOPPED || return 1
  cleanup_task "$id2"
}

t_pause_resume() {
  local id="$PREFIX-z"
  $CTR "${RUN[@]}" -d "$TB_IMAGE" "$id" sleep 300 || return 1
  $CTR task pause "$id" && wait_status "$id" PAUSED || return 1
  $CTR task resume "$id" && wait_status "$id" RUNNING || return 1
  cleanup_task "$id"
}

t_metrics() {
  local id="$PREFIX-m"
  $CTR "${RUN[@]}" -d "$TB_IMAGE" "$id" sleep 300 || return 1
  local out; out="$($CTR task metrics "$id" 2>&1)"; local rc=$?
  cleanup_task "$id"
  [ "$rc" = 0 ] && echo "$out" | grep -qiE 'memory|pids' || { echo "metrics rc=$rc: $out"; return 1; }
}

t_tty() {  # under tmux, a real terminal: the size follows the window (ResizePty)
  command -v tmux >/dev/null || { echo "tmux missing"; return 1; }
  local session="hcs$$" id="$PREFIX-t"
  tmux new-session -d -s "$session" -x 100 -y 30 || return 1
  tmux send-keys -t "$session" "$CTR ${RUN[*]} --rm -t $TB_IMAGE $id sh -c 'sleep 2; tty; stty size; sleep 3; stty size'" Enter
  sleep 3.5
  tmux resize-window -t "$session" -x 120 -y 40
  sleep 4
  local screen; screen="$(tmux capture-pane -p -S -100 -t "$session")"
  tmux kill-session -t "$session"
  echo "$screen" | grep -q '^/dev/pts/[0-9]' || { echo "no tty: $screen"; return 1; }
  echo "$screen" | grep -qx '30 100' && echo "$screen" | grep -qx '40 120' || { echo "sizes: $screen"; return 1; }
}

t_delete_running_refused_and_events_order() {
  local id="$PREFIX-e"
  $CTR events > "$WORK/events" 2>&1 &
  local events_pid=$!
  sleep 0.3
  $CTR "${RUN[@]}" -d "$TB_IMAGE" "$id" sleep 300 || { kill $events_pid; return 1; }
  $CTR task exec --exec-id ev "$id" true
  if $CTR task rm "$id" >/dev/null 2>&1; then echo "deleting a running task succeeded"; kill $events_pid; return 1; fi
  $CTR task kill -s SIGKILL "$id"; wait_status "$id" STOPPED; $CTR task rm "$id" >/dev/null; $CTR container rm "$id"
  sleep 0.5; kill $events_pid 2>/dev/null
  local topics; topics="$(grep -F "\"$id\"" "$WORK/events" | awk '{print $6}' | grep '^/tasks/' | tr '\n' ' ')"
  local want="/tasks/create /tasks/start /tasks/exec-added /tasks/exec-started /tasks/exit /tasks/exit /tasks/delete "
  [ "$topics" = "$want" ] || { echo "topics: $topics"; echo "want:   $want"; return 1; }
}

t_containerd_restart() {
  local id="$PREFIX-r"
  $CTR "${RUN[@]}" -d "$TB_IMAGE" "$id" sleep 300 || return 1
  wait_status "$id" RUNNING || return 1
  "$(dirname "$0")/testbed.sh" restart >/dev/null 2>&1 || { echo "containerd did not restart"; return 1; }
  wait_status "$id" RUNNING || return 1
  [ "$($CTR task exec --exec-id after "$id" echo reconnected)" = reconnected ] || { echo "exec after restart failed"; return 1; }
  $CTR task kill -s SIGKILL "$id" && wait_status "$id" STOPPED || return 1
  cleanup_task "$id"
}

t_shim_killed_cleanup() {
  local id="$PREFIX-s"
  $CTR "${RUN[@]}" -d "$TB_IMAGE" "$id" sleep 300 || return 1
  wait_status "$id" RUNNING || return 1
  local bundle="$TB_BASE/state/io.containerd.runtime.v2.task/$TB_NS/$id"
  local shim; shim="$(ps -eo pid=,args= | awk -v id="$id" '$0 ~ /containerd-shim/ && $0 ~ ("-id " id "( |$)") {print $1}' | head -1)"
  [ -n "$shim" ] || { echo "no shim process found for $id"; return 1; }
  kill -KILL "$shim"
  # containerd notices the dead shim, runs `shim delete` and drops the task.
  for _ in $(seq 1 100); do $CTR task ls -q | grep -qx "$id" || break; sleep 0.05; done
  $CTR task rm "$id" >/dev/null 2>&1; $CTR container rm "$id" >/dev/null 2>&1
  for _ in $(seq 1 50); do [ -d "$bundle" ] || break; sleep 0.1; done
  if grep -qF "$bundle" /proc/self/mountinfo; then echo "rootfs still mounted"; return 1; fi
  if [ -e "$bundle" ]; then echo "bundle left behind: $(ls -a "$bundle")"; return 1; fi
  local state; state="$(ls -d /run/containerd/runc/$TB_NS/"$id" "$TB_BASE"/runc/$TB_NS/"$id" 2>/dev/null)"
  [ -z "$state" ] || { echo "runtime state left behind: $state"; return 1; }
}

t_exits_while_containerd_is_down() {
  local id="$PREFIX-o" down="${HCSSHIM_DOWN_SECONDS:-5}"
  $CTR "${RUN[@]}" -d "$TB_IMAGE" "$id" sleep 300 || return 1
  wait_status "$id" RUNNING || return 1
  $CTR task exec --exec-id bg "$id" sh -c 'sleep 2; exit 5' &
  local exec_client=$!
  for _ in $(seq 1 50); do $CTR task ps "$id" | grep -q bg && break; sleep 0.1; done
  $CTR task ps "$id" | grep -q bg || { echo "the exec did not start"; return 1; }
  local init; init="$($CTR task ls | awk -v id="$id" '$1 == id {print $2}')"
  kill -TERM "$(cat "$TB_BASE/containerd.pid")"
  for _ in $(seq 1 50); do [ -d "/proc/$(cat "$TB_BASE/containerd.pid")" ] || break; sleep 0.1; done
  sleep 2.5                    # the exec exits (status 5) while containerd is down
  kill -KILL "$init"           # so does the init (137)
  sleep "$down"
  # Subscribe the moment containerd serves again, before the shim's next retry can land.
  ( while ! $CTR events >> "$WORK/down-events" 2>/dev/null; do sleep 0.02; done ) &
  local events_pid=$!
  "$(dirname "$0")/testbed.sh" up >/dev/null 2>&1 || { echo "containerd did not start"; kill $events_pid; return 1; }
  if reload_deletes_exited; then
    # containerd 1.7+ deletes, when it reloads the shim, a task with no process left ("cleaning
    # leaked shim process"); 1.6 keeps it STOPPED. The exits must arrive, in order, either way.
    for _ in $(seq 1 100); do $CTR task ls -q | grep -qx "$id" || break; sleep 0.05; done
  else
    wait_status "$id" STOPPED || { kill $events_pid; return 1; }
  fi
  for _ in $(seq 1 60); do grep -q "\"id\":\"$id\"" "$WORK/down-events" && break; sleep 0.1; done
  pkill -P $events_pid 2>/dev/null; kill $events_pid 2>/dev/null; wait $exec_client 2>/dev/null
  local exits; exits="$(grep '/tasks/exit' "$WORK/down-events" | grep -F "\"$id\"" | sed -E 's/.*"id":"([^"]*)".*"exit_status":([0-9]+).*/\1=\2/' | tr '\n' ' ')"
  cleanup_task "$id"
  [ "$exits" = "bg=5 $id=137 " ] || { echo "exit events after the restart: '$exits' (want 'bg=5 $id=137 ')"; cat "$WORK/down-events"; return 1; }
}

reload_deletes_exited() {  # containerd 1.7 or later (its `Pids` check when reloading shims)
  local v; v="$($CTR version 2>/dev/null | awk '/^Server/ {s = 1} s && /Version:/ {print $2; exit}')"
  v="${v#v}"; local major="${v%%.*}" minor; minor="${v#*.}"; minor="${minor%%.*}"
  [ "${major:-0}" -gt 1 ] 2>/dev/null || { [ "${major:-0}" = 1 ] && [ "${minor:-0}" -ge 7 ] 2>/dev/null; }
}

t_subscribe_live_and_resume() {
  local id="$PREFIX-g" grpcurl
  grpcurl="$(command -v grpcurl || echo "$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/grpcurl")"
  [ -x "$grpcurl" ] || { echo "grpcurl not installed"; return 1; }
  $CTR "${RUN[@]}" -d "$TB_IMAGE" "$id" sleep 300 || return 1
  local socket; socket="/run/containerd/s/$(printf '%s' "$TB_SOCK/$TB_NS/$id" | sha256sum | cut -d' ' -f1)"
  timeout 20 "$grpcurl" -plaintext -unix -d '{}' "$socket" hcsshim.events.v1.Events/Subscribe > "$WORK/live" 2>&1 &
  local live=$!
  sleep 2  # grpcurl resolves the method through reflection before it subscribes
  $CTR task exec --exec-id ex "$id" true
  $CTR task kill -s SIGKILL "$id"; wait_status "$id" STOPPED
  sleep 0.3
  timeout 3 "$grpcurl" -plaintext -unix -d '{"resume":true,"afterSequence":"3"}' "$socket" hcsshim.events.v1.Events/Subscribe > "$WORK/resumed" 2>&1
  kill $live 2>/dev/null; wait $live 2>/dev/null
  cleanup_task "$id"
  local topics; topics="$(grep -o '"topic": "[^"]*"' "$WORK/live" | cut -d'"' -f4 | tr '\n' ' ')"
  [ "$topics" = "/tasks/exec-added /tasks/exec-started /tasks/exit /tasks/exit " ] || { echo "live: $topics"; cat "$WORK/live"; return 1; }
  grep -q '"@type": *"containerd.events.TaskExit"' "$WORK/live" || { echo "no decoded TaskExit"; return 1; }
  local sequences; sequences="$(grep -o '"sequence": "[0-9]*"' "$WORK/resumed" | cut -d'"' -f4 | tr '\n' ' ')"
  [ "$sequences" = "4 5 6 " ] || { echo "resumed after 3: $sequences"; cat "$WORK/resumed"; return 1; }
}

t_grouped_containers_share_one_shim() {
  local a="$PREFIX-ga" b="$PREFIX-gb" group="grp$$"
  $CTR "${RUN[@]}" -d --annotation "io.containerd.runc.v2.group=$group" "$TB_IMAGE" "$a" sleep 300 || return 1
  $CTR "${RUN[@]}" -d --annotation "io.containerd.runc.v2.group=$group" "$TB_IMAGE" "$b" sleep 300 || return 1
  wait_status "$a" RUNNING && wait_status "$b" RUNNING || return 1
  local shims; shims="$(pgrep -c -f -- "-id $a -address $TB_SOCK")"
  local others; others="$(pgrep -c -f -- "-id $b -address $TB_SOCK")"
  [ "$shims" = 1 ] && [ "$others" = 0 ] || { echo "shims for $a: $shims, for $b: $others (want 1 and 0)"; return 1; }
  [ "$($CTR task exec --exec-id g "$b" echo grouped)" = grouped ] || { echo "exec in the second container failed"; return 1; }
  cleanup_task "$a"
  wait_status "$b" RUNNING || { echo "deleting $a disturbed $b"; return 1; }
  cleanup_task "$b"
  for _ in $(seq 1 50); do pgrep -f -- "-id $a -address $TB_SOCK" >/dev/null || break; sleep 0.1; done
  ! pgrep -f -- "-id $a -address $TB_SOCK" >/dev/null || { echo "the group's shim outlived its last task"; return 1; }
}

t_inspect_runtime() {
  local out; out="$($CTR plugins inspect-runtime --runtime "$RUNTIME" 2>&1)" || { echo "$out"; return 1; }
  echo "$out" | grep -qE '"Name": *"[^"]+"' || { echo "no runtime name: $out"; return 1; }
}

t_oom_before_exit() {
  local id="$PREFIX-oom"
  $CTR events > "$WORK/oom-events" 2>&1 &
  local events_pid=$!
  sleep 0.3
  $CTR "${RUN[@]}" --rm --memory-limit 16777216 "$TB_IMAGE" "$id" sh -c 'x=aaaaaaaa; while true; do x=$x$x; done'
  local rc=$?
  sleep 0.5; kill $events_pid 2>/dev/null
  [ "$rc" = 137 ] || { echo "exit code $rc, want 137 (OOM-killed)"; return 1; }
  local topics; topics="$(grep -F "\"$id\"" "$WORK/oom-events" | awk '{print $6}' | grep -E '^/tasks/(oom|exit)$' | tr '\n' ' ')"
  [ "$topics" = "/tasks/oom /tasks/exit " ] || { echo "topics: $topics"; return 1; }
}

check "run --rm prints stdout and stderr and passes exit code 7" t_run_output_and_exit
check "run --rm true exits 0" t_run_true_exit_zero
check "run -d, task ls, task ps, task exec (output, exit code 3, shared pid namespace)" t_detached_ls_ps_exec
check "task ps lists a running exec with its exec id" t_exec_visible_in_ps
check "run with stdin: it reaches the container" t_stdin
check "5 MB of output arrives whole" t_large_output
check "task kill -a and task kill" t_kill_and_kill_all
check "task pause and resume" t_pause_resume
check "task metrics" t_metrics
check "an OOM-killed container: /tasks/oom before /tasks/exit, status 137" t_oom_before_exit
check "run -t gives the container a terminal that follows window resizes" t_tty
check "deleting a running task is refused; events arrive in the required order" t_delete_running_refused_and_events_order
check "containerd restarted: the task is still RUNNING, exec and kill work" t_containerd_restart
# The observer (`ctr events`) can only subscribe once containerd is back, and a shim's retry
# can land a few milliseconds before it does: one more attempt tells that apart from a loss.
t_exits_while_containerd_is_down_observed() {
  t_exits_while_containerd_is_down && return 0
  echo "(first attempt above; trying once more)"
  t_exits_while_containerd_is_down
}
beyond_contract "exits while containerd is down arrive in order once it is back" t_exits_while_containerd_is_down_observed
beyond_contract "grpcurl Subscribe streams events live; a resumed subscriber gets exactly those after its sequence" t_subscribe_live_and_resume
check "containers of one group share one shim, which exits after the last" t_grouped_containers_share_one_shim
check "shim killed with SIGKILL: no runtime state, mounts or bundle left" t_shim_killed_cleanup
# containerd 2.x asks the shim itself (`<shim> -info`) for the introspection API; older ctr lacks the command.
if $CTR plugins inspect-runtime --help >/dev/null 2>&1; then
  check "ctr plugins inspect-runtime: containerd reads the shim's -info" t_inspect_runtime
fi

echo "${LABEL:+$LABEL: }$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
