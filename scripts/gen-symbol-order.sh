#!/usr/bin/env bash
# Regenerates Sources/containerd-shim-hcs-v1/Link/symbol-order.txt, the order in which the
# release link places functions (Package.swift, `--symbol-ordering-file`).
#
#   scripts/gen-symbol-order.sh [--base DIR]
#
# A shim touches ~1 MB of its ~10 MB of code; scattered, the kernel's 64 kB fault-around maps
# most of the text into every shim. This script builds the release shim with its symbols (in
# its own scratch directory), runs two containers' lives through it under valgrind's callgrind
# in a private test bed (one container on runc, one on crun chosen through a runtime config
# file), and lists every function of the binary that ran:
#   1. what the serving shims ran up to an idle, running container (what an idle shim maps),
#   2. what the `start` commands ran, 3. the rest of the lives (exec, pause, stats, kill,
#      delete), 4. the `delete` commands.
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

# Two containers: one on runc with default options, one on crun chosen through a runtime
# config file (the options path containerd's CRI and `ctr --runtime-config-path` take).
printf 'binary_name = "%s"\n' "$TB_BASE/crun" > "$PROFILE/crun.toml"
"$TB_CTR" run -d --runtime io.containerd.hcs.v1 "$TB_IMAGE" profile-runc sleep 100000 >/dev/null
"$TB_CTR" run -d --runtime io.containerd.hcs.v1 --runtime-config-path "$PROFILE/crun.toml" \
  "$TB_IMAGE" profile-crun sleep 100000 >/dev/null
SHIMS=()
for id in profile-runc profile-crun; do
  init="$("$TB_CTR" task ls | awk -v id="$id" '$1==id{print $2}')"
  SHIMS+=("$(awk '/^PPid:/{print $2}' "/proc/$init/status")")
done
sleep 2
for shim in "${SHIMS[@]}"; do callgrind_control -d "$shim" >/dev/null; done   # phase 1 ends: idle shims
touch "$PROFILE/idle-mark"
for id in profile-runc profile-crun; do
  "$TB_CTR" task exec --exec-id probe "$id" true
  "$TB_CTR" task pause "$id"; "$TB_CTR" task resume "$id"
  "$TB_CTR" task metrics "$id" >/dev/null; "$TB_CTR" task ps "$id" >/dev/null
  "$TB_CTR" task kill -s SIGKILL "$id"
  for _ in $(seq 100); do "$TB_CTR" task ls | grep -q "^$id .*STOPPED" && break; sleep 0.1; done
  "$TB_CTR" task rm "$id" >/dev/null
  "$TB_CTR" container rm "$id"
done
for shim in "${SHIMS[@]}"; do
  for _ in $(seq 100); do [ -d "/proc/$shim" ] || break; sleep 0.1; done
done

python3 - "$BASE/shim-symbols" "$PROFILE" "$OUTPUT" "${SHIMS[@]}" <<'EOF'
import glob, os, re, subprocess, sys
binary, profile, output, *shims = sys.argv[1:]
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
idle = [path for shim in shims for path in sorted(glob.glob(f"{profile}/callgrind.{shim}.*"))]
finals = [f"{profile}/callgrind.{shim}" for shim in shims]
mark = os.path.getmtime(f"{profile}/idle-mark")
commands = [p for p in glob.glob(f"{profile}/callgrind.*") if p not in idle and p not in finals]
starts = sorted((p for p in commands if os.path.getmtime(p) < mark), key=os.path.getmtime)
deletes = sorted((p for p in commands if os.path.getmtime(p) >= mark), key=os.path.getmtime)
if len(idle) != len(shims) or not all(map(os.path.exists, finals)) or not starts or not deletes:
    sys.exit(f"missing profiles in {profile}")
order, seen = [], set()
for path in idle + starts + finals + deletes:
    for name in functions(path):
        if name in defined and name not in seen:
            seen.add(name); order.append(name)
open(output, "w").write("\n".join(order) + "\n")
print(f"{len(order)} functions from {len(idle + starts + finals + deletes)} profiles -> {output}", file=sys.stderr)
EOF
# SwiftPM does not know the list is a link input: drop the release binary so the next release
# build links it again with the new order.
rm -f "$ROOT"/.build/*/release/containerd-shim-hcs-v1
