#!/usr/bin/env bash
# The main job, from a clean checkout on Debian 12: installs what is missing, builds the shim,
# starts a private containerd, runs a real container through containerd-shim-hcs-v1 and shows
# its output and the task events containerd received from the shim.
#   scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
export PATH="/opt/swift/usr/bin:$PATH"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "installing dependencies (idempotent)"
scripts/deps.sh
say "building containerd-shim-hcs-v1"
swift build -c release --product containerd-shim-hcs-v1 2>&1 | tail -1
BIN="$(swift build -c release --show-bin-path)/containerd-shim-hcs-v1"

say "starting a private containerd (no registry; busybox image built locally)"
scripts/testbed.sh up
eval "$(scripts/testbed.sh env)"
install -m 0755 "$BIN" "$TB_BASE/bin/containerd-shim-hcs-v1"
trap 'kill "$EVENTS" 2>/dev/null; "$ROOT/scripts/testbed.sh" stop >/dev/null 2>&1' EXIT

"$TB_CTR" events > "$TB_BASE/demo-events.log" 2>&1 &
EVENTS=$!
sleep 0.3
cd /

say "ctr run --rm --runtime io.containerd.hcs.v1 ... demo sh -c '...'"
set +e
"$TB_CTR" run --rm --runtime io.containerd.hcs.v1 "$TB_IMAGE" demo \
  sh -c 'echo "hello from a container run by containerd-shim-hcs-v1"; echo "pid $$ in $(hostname), kernel $(uname -r)"; exit 7'
echo "(container exit status: $?)"
set -e

say "a detached container, an exec into it, then kill"
"$TB_CTR" run -d --runtime io.containerd.hcs.v1 "$TB_IMAGE" demo-d sleep 300
"$TB_CTR" task ls
"$TB_CTR" task exec --exec-id hello demo-d sh -c 'echo "exec sees: $(cat /proc/1/cmdline | tr "\0" " ")"'
"$TB_CTR" task kill -s SIGKILL demo-d
sleep 0.5
"$TB_CTR" task rm demo-d >/dev/null
"$TB_CTR" container rm demo-d

sleep 0.5
say "task events containerd received from the shim"
grep -E ' /tasks/' "$TB_BASE/demo-events.log" | cut -d' ' -f5-
