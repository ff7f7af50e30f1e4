#!/usr/bin/env bash
# Regenerates Sources/containerd-shim-hcs-v1/Link/symbol-order.txt, the order in which the
# release link places functions (Package.swift, `--symbol-ordering-file`).
#
#   scripts/gen-symbol-order.sh [--base DIR]
#
# A shim touches ~1 MB of its ~10 MB of code; scattered, the kernel's 64 kB fault-around maps
# most of the text into every shim. This script builds the release shim with its symbols (in
# its own scratch directory), runs one container's life through it under valgrind's callgrind
# in a private test bed, and lists every function of the binary that ran:
#   1. what the serving shim ran up to an idle, running container (what an idle shim maps),
#   2. what the `start` command ran, 3. the rest of the life (exec, pause, stats, kill, delete)
#      and the `delete` command.
# Names are mangled symbols; one the binary no longer has is ignored by the link, so a stale
# list only costs memory, never correctness. Rerun after large changes and commit the file.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
BASE="${HCSSHIM_PROFILE_BASE:-/tmp/hcsshim-profile}"
while [ $# -gt 0 ]; do
  case "$1" in
    --base) BASE="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
OUTPUT="$ROOT/Sources/containerd-shim-hcs-v1/Link/symbol-order.txt"
log() { printf '[symbol-order] %s\n' "$*" >&2; }

command -v valgrind >/dev/null || { log "installing valgrind"; apt-get install -y -qq valgrind >/dev/null; }
mkdir -p "$BASE"; BASE="$(cd "$BASE" && pwd -P)"
PROFILE="$BASE/profile"; rm -rf "$PROFILE"; mkdir -p "$PROFILE"

log "building the release shim with symbols (scratch path $BASE/build)"
(cd "$ROOT" && HCSSHIM_KEEP_SYMBOLS=1 swift build -c release --product containerd-shim-hcs-v1 \
  --scratch-path "$BASE/build" 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]|mktemp' >&2)
# valgrind cannot read this toolchain's DWARF; the symbol table is all callgrind needs.
strip --strip-debug "$BASE/build/release/containerd-shim-hcs-v1" -o "$BASE/shim-symbols"

"$ROOT/scripts/testbed.sh" up "$BASE" >/dev/null
eval "$("$ROOT/scripts/testbed.sh" env "$BASE")"
trap '"$ROOT/scripts/testbed.sh" stop "$BASE" >/dev/null 2>&1 || true' EXIT
# The `start` command re-executes its own binary for the serving shim; --trace-children keeps
# that one under callgrind too, while the runtimes it spawns run natively.
cat > "$TB_BASE/bin/containerd-shim-hcs-v1" <<EOF
#!/bin/sh
exec valgrind --tool=callgrind --demangle=no --trace-children=yes \
  --trace-children-skip='*runc*,*crun*' --callgrind-out-file=$PROFILE/callgrind.%p \
  $BASE/shim-symbols "\$@" 2>>$PROFILE/valgrind.log
EOF
chmod 0755 "$TB_BASE/bin/containerd-shim-hcs-v1"

ID=profile
"$TB_CTR" run -d --runtime io.containerd.hcs.v1 "$TB_IMAGE" "$ID" sleep 100000 >/dev/null
INIT="$("$TB_CTR" task ls | awk -v id="$ID" '$1==id{print $2}')"
SHIM="$(awk '/^PPid:/{print $2}' "/proc/$INIT/status")"
sleep 2
callgrind_control -d "$SHIM" >/dev/null   # phase 1 ends: the idle shim
"$TB_CTR" task exec --exec-id probe "$ID" true
"$TB_CTR" task pause "$ID"; "$TB_CTR" task resume "$ID"
"$TB_CTR" task metrics "$ID" >/dev/null; "$TB_CTR" task ps "$ID" >/dev/null
"$TB_CTR" task kill -s SIGKILL "$ID"
for _ in $(seq 100); do "$TB_CTR" task ls | grep -q "^$ID .*STOPPED" && break; sleep 0.1; done
"$TB_CTR" task rm "$ID" >/dev/null
"$TB_CTR" container rm "$ID"
for _ in $(seq 100); do [ -d "/proc/$SHIM" ] || break; sleep 0.1; done

python3 - "$BASE/shim-symbols" "$PROFILE" "$SHIM" "$OUTPUT" <<'EOF'
import glob, os, re, subprocess, sys
binary, profile, shim, output = sys.argv[1:]
defined = set()
for line in subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True).stdout.splitlines():
    parts = line.split()
    if len(parts) == 3 and parts[1] in "tTwW":
        defined.add(parts[2])
def functions(path):
    names = []
    for line in open(path, errors="replace"):
        m = re.match(r"^c?fn=\(\d+\) (.+)$", line.rstrip("\n"))
        if m: names.append(m.group(1))
    return names
serving = sorted(glob.glob(f"{profile}/callgrind.{shim}.*"))          # the phase-1 dump
final = f"{profile}/callgrind.{shim}"
commands = sorted((p for p in glob.glob(f"{profile}/callgrind.*") if p not in serving and p != final),
                  key=os.path.getmtime)                                   # start, then delete
if not serving or not os.path.exists(final) or not commands:
    sys.exit(f"missing profiles in {profile}")
order, seen = [], set()
for path in serving + commands[:1] + [final] + commands[1:]:
    for name in functions(path):
        if name in defined and name not in seen:
            seen.add(name); order.append(name)
open(output, "w").write("\n".join(order) + "\n")
print(f"{len(order)} functions from {len(serving) + len(commands) + 1} profiles -> {output}", file=sys.stderr)
EOF
