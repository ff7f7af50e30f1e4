#!/usr/bin/env bash
# Fault tests on the real test bed: containerd killed and restarted mid-run, exits while
# containerd is down, a failing runtime, clients vanishing mid-call, the log fifo's reader
# gone, strangers on the socket, and a client registering execs it never starts. Each case
# checks what a containerd user would see and that the shim survived with nothing left behind.
#
#   scripts/faults.sh [--runtime NAME]        (needs `scripts/testbed.sh up` and the shim in BASE/bin)
#
# Ends with "N passed, M failed" and exits non-zero on any failure. ~40 s.
set -uo pipefail
cd "$(dirname "$0")/.."
PREFIX="flt$$"
. scripts/lib/robust.sh "$@"

check "containerd SIGKILLed and restarted: the task keeps running and is recovered" t_containerd_sigkill
check "exit while containerd is down: STOPPED, wait gives the exit code, /tasks/exit delivered" t_exit_while_down
check "log fifo reader gone: the shim survives writing its log (no SIGPIPE death)" t_log_reader_gone
check "runtime fails (bad config.json): clear error, no mounts, no runtime state" t_bad_config
check "runtime binary missing (binary_name = /nonexistent): clear error, bundle clean" t_missing_runtime
check "ttrpc clients vanish mid-call (Wait, half frame, oversized header): the shim keeps serving" t_client_vanishes
check "gRPC client vanishes mid-call: the shim keeps serving" t_grpc_client_vanishes
check "oversized gRPC request and malformed ids over both protocols: refused, shim serving" t_oversized_requests
check "5,000 execs registered and never started: 256 accepted, the rest FailedPrecondition" t_exec_flood
check "socket is 0600, in a 0700 directory, never abstract" t_socket_mode
check "uid 65534 refused on ttrpc and gRPC even with the socket opened to it" t_peer_credentials
check "binary:// logger gets shell syntax verbatim in argv, never through a shell" t_binary_logger_no_shell
check "no shell in Sources: no sh -c, /bin/sh, system() or popen()" t_no_shell

echo "faults: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
