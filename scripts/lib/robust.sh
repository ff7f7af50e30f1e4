# Shared by scripts/faults.sh and scripts/churn.sh: checks, test-bed helpers and the fault
# cases. Expects CTR, RUN, PREFIX, WORK, TB_* from the sourcing script.

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
  for _ in $(seq 1 50); do $CTR task ls -q 2>/dev/null | grep -qx "$1" || break
    $CTR task rm -f "$1" >/dev/null 2>&1; sleep 0.1; done
  $CTR container rm "$1" >/dev/null 2>&1 || true
}

wait_status() {  # wait_status ID STATUS
  for _ in $(seq 1 200); do
    $CTR task ls 2>/dev/null | awk -v id="$1" '$1 == id {print $3}' | grep -qx "$2" && return 0; sleep 0.05
  done
  echo "task $1 never reached $2: $($CTR task ls 2>&1)"; return 1
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

# ttrpc by hand: FRAME_CLIENT SOCKET MODE [ID]; MODE wait-and-vanish | half-frame | oversized |
# state (prints the State reply's status code, 0 = OK).
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
elif mode == "state":
    s.sendall(request("State", ld(1, cid.encode())))
    head = b""
    while len(head) < 10:
        chunk = s.recv(10 - len(head))
        if not chunk: print("closed"); sys.exit(1)
        head += chunk
    length = struct.unpack(">I", head[:4])[0]
    body = b""
    while len(body) < length: body += s.recv(length - len(body))
    # Response: field 1 status (code = its field 1), field 2 payload; no status means OK.
    code = 0
    if body[:1] == b"\x0a":
        n, i = 0, 1; shift = 0
        while True:
            b = body[i]; n |= (b & 0x7f) << shift; i += 1; shift += 7
            if not b & 0x80: break
        status = body[i:i + n]
        if status[:1] == b"\x08": code = status[1]
    print(code)
PY
}

t_containerd_sigkill() {
  local id="$PREFIX-ck"
  $CTR "${RUN[@]}" -d "$TB_IMAGE" "$id" sleep 300 || return 1
  wait_status "$id" RUNNING || return 1
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
  local code; code="$(timeout 10 $CTR task wait "$id" 2>&1 | tail -1)"
  # The retrying forwarder delivers the exit once containerd is back (backoff up to a few s).
  for _ in $(seq 1 100); do grep -qF "/tasks/exit" "$WORK/events" && break; sleep 0.1; done
  kill $events_pid 2>/dev/null; wait $events_pid 2>/dev/null
  echo "wait: $code"; cat "$WORK/events"
  echo "$code" | grep -q 42 || { echo "task wait did not report 42"; return 1; }
  grep -F "/tasks/exit" "$WORK/events" | grep -q "$id" || echo "note: /tasks/exit reached containerd before the subscriber"
  $CTR task rm "$id" >/dev/null && $CTR container rm "$id" || return 1
  no_leftovers "$id"
}

t_log_reader_gone() {
  local id="$PREFIX-lg"
  $CTR "${RUN[@]}" -d "$TB_IMAGE" "$id" sleep 300 || return 1
  wait_status "$id" RUNNING || return 1
  local shim sock; shim="$(shim_pid "$id")"; sock="$(shim_socket "$id")"
  kill_containerd
  # Make the shim log with nobody reading its fifo: failing calls and an exec exit.
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
  python3 - "$WORK/spec.json" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
spec["process"]["args"] = ["true"]
spec["process"]["cwd"] = "relative/cwd"   # runtimes require an absolute cwd
json.dump(spec, open(sys.argv[1], "w"))
PY
  local out; out="$($CTR "${RUN[@]}" --rm --config "$WORK/spec.json" "$TB_IMAGE" "$id" 2>&1)"
  local rc=$?
  echo "ctr run: rc=$rc: $out"
  [ $rc != 0 ] || { echo "run succeeded with a bad config"; return 1; }
  echo "$out" | grep -qiE 'cwd|absolute|relative' || { echo "error does not say what was wrong"; return 1; }
  $CTR task ls -q | grep -qx "$id" && { echo "task exists after failed create"; return 1; }
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
  echo "$out" | grep -qF /nonexistent || { echo "error does not name the runtime"; return 1; }
  no_leftovers "$id"; local r=$?
  $CTR container rm "$id" >/dev/null 2>&1
  return $r
}

t_client_vanishes() {
  local id="$PREFIX-cv"
  $CTR "${RUN[@]}" -d "$TB_IMAGE" "$id" sleep 300 || return 1
  wait_status "$id" RUNNING || return 1
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
  $CTR "${RUN[@]}" -d "$TB_IMAGE" "$id" sleep 300 || return 1
  wait_status "$id" RUNNING || return 1
  local shim sock; shim="$(shim_pid "$id")"; sock="$(shim_socket "$id")"
  for _ in $(seq 1 5); do
    timeout -s KILL 1 grpcurl -plaintext -unix -d "{\"id\":\"$id\"}" "$sock" containerd.task.v2.Task/Wait >/dev/null 2>&1
    timeout -s KILL 1 grpcurl -plaintext -unix -d '{}' "$sock" hcsshim.events.v1.Events/Subscribe >/dev/null 2>&1
  done
  [ -d "/proc/$shim" ] || { echo "shim died"; return 1; }
  grpcurl -plaintext -unix -d "{\"id\":\"$id\"}" "$sock" containerd.task.v2.Task/State | grep -q RUNNING \
    || { echo "gRPC State failed after vanishing clients"; return 1; }
  [ "$($CTR task exec --exec-id after "$id" echo serving)" = serving ] || { echo "exec failed"; return 1; }
  cleanup_task "$id"; no_leftovers "$id"
}

t_socket_mode() {
  local id="$PREFIX-sm"
  $CTR "${RUN[@]}" -d "$TB_IMAGE" "$id" sleep 300 || return 1
  local sock; sock="$(shim_socket "$id")"
  local mode dmode; mode="$(stat -c %a "$sock")"; dmode="$(stat -c %a "$(dirname "$sock")")"
  local abstract; abstract="$(awk -v p="@${sock}" '$8 == p' /proc/net/unix | wc -l)"
  local bound; bound="$(awk -v p="$sock" '$8 == p' /proc/net/unix | wc -l)"
  cleanup_task "$id"
  echo "socket $sock mode $mode, dir $dmode, abstract entries $abstract, path entries $bound"
  [ "$mode" = 600 ] && [ "$dmode" = 700 ] && [ "$abstract" = 0 ] && [ "$bound" -ge 1 ]
}

t_peer_credentials() {
  command -v setpriv >/dev/null || { echo "setpriv missing"; return 1; }
  local id="$PREFIX-pc"
  $CTR "${RUN[@]}" -d "$TB_IMAGE" "$id" sleep 300 || return 1
  wait_status "$id" RUNNING || return 1
  local shim sock; shim="$(shim_pid "$id")"; sock="$(shim_socket "$id")"
  # A hard link in a world-searchable directory of the same filesystem, and the inode opened
  # to everyone for the duration: only the peer-credential check stands between uid 65534
  # and the shim. /run/containerd/s itself stays 0700, so nothing else is exposed.
  local dir; dir="$(dirname "$sock")/../hcsshim-peer-$$"; mkdir -p "$dir"; chmod 0755 "$dir"
  ln "$sock" "$dir/sock" && chmod 0666 "$dir/sock" || { rm -rf "$dir"; return 1; }
  local as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  local grpc ttrpc
  grpc="$("${as_nobody[@]}" grpcurl -max-time 5 -plaintext -unix -d "{\"id\":\"$id\"}" "$dir/sock" containerd.task.v2.Task/State 2>&1)"
  local grpc_rc=$?
  ttrpc="$("${as_nobody[@]}" python3 -c "
import socket, struct
s = socket.socket(socket.AF_UNIX); s.settimeout(5); s.connect('$dir/sock')
data = b'\n\x17containerd.task.v2.Task\x12\x05State\x1a' + bytes([2 + len('$id'), 10, len('$id')]) + b'$id'
s.sendall(struct.pack('>IIBB', len(data), 1, 1, 0) + data)
try: print('reply', len(s.recv(4096)))
except Exception as e: print('refused', e)
" 2>&1)"
  local own; own="$(grpcurl -max-time 5 -plaintext -unix -d "{\"id\":\"$id\"}" "$dir/sock" containerd.task.v2.Task/State 2>&1)"
  chmod 0600 "$sock"; rm -rf "$dir"
  echo "gRPC as 65534 (rc $grpc_rc): $grpc"; echo "ttrpc as 65534: $ttrpc"
  [ -d "/proc/$shim" ] || { echo "shim died"; return 1; }
  echo "$own" | grep -q RUNNING || { echo "root through the same link was not served: $own"; return 1; }
  [ $grpc_rc != 0 ] || { echo "gRPC served uid 65534"; return 1; }
  echo "$ttrpc" | grep -qE '^(refused|reply 0)' || { echo "ttrpc served uid 65534"; return 1; }
  cleanup_task "$id"
}

t_no_shell() {
  # Client strings reach argv of runtimes and loggers; no shell may ever interpret them.
  local hits; hits="$(grep -rnE '"sh"|"-c"|/bin/sh|/bin/bash|\bsystem\(|\bpopen\(' Sources --include=*.swift --include=*.c --include=*.h \
    | grep -v '^Sources/Proto/' | grep -vE '^\S+:\s*(//|\*)')"
  [ -z "$hits" ] || { echo "$hits"; return 1; }
}
