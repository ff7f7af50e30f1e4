#!/usr/bin/env bash
# The HCS differential test: the documents `hcsshimctl hcs-document --json` renders for every
# bundle in Tests/hcs-diff/fixtures against the seed's, which Tests/hcs-diff (Go, standard
# library only) builds from the same config.json and marshals with Go's own encoding/json and
# Go's own path/filepath (Windows flavour, generated from the toolchain's sources).
#   scripts/hcs-diff.sh        (after `swift build`; installs golang-1.19-go when missing)
# Checks, each one line "ok …" or "FAIL …", then "N passed, M failed":
#   1. per fixture: the Swift bytes equal the seed's with every documented deviation applied;
#   2. per deviation: listed in docs/hcs.md §6's table, and changing the bytes of at least one
#      fixture (so it is real and exercised); docs/hcs.md lists no id the program lacks.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:/usr/lib/go-1.19/bin:$PATH"

if ! command -v go >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "hcs-diff: go 1.19 missing (apt-get install golang-1.19-go)"; echo "0 passed, 1 failed"; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends golang-1.19-go >/dev/null \
    || { apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends golang-1.19-go >/dev/null; }
fi

WORK="$(mktemp -d /tmp/hcsshim-hcs-diff.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
export GO111MODULE=off GOFLAGS= GOPROXY=off GOCACHE="$WORK/cache" GOPATH="$WORK/gopath"

PASS=0; FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok   $*"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL $*"; }
finish() { echo "hcs-diff: $PASS passed, $FAIL failed"; [ "$FAIL" = 0 ]; exit $?; }

mkdir -p "$WORK/src"
cp Tests/hcs-diff/*.go "$WORK/src/"
if go run Tests/hcs-diff/winpathgen/main.go "$(go env GOROOT)" > "$WORK/src/winpath_gen.go" \
   && (cd "$WORK/src" && go build -o "$WORK/hcs-diff" .); then
  ok "built hcs-diff with $(go version | awk '{print $3}')"
else
  bad "building hcs-diff"; finish
fi
GO="$WORK/hcs-diff"

CTL="${HCSSHIM_CTL:-.build/debug/hcsshimctl}"   # HCSSHIM_CTL: another hcsshimctl to check
[ -x "$CTL" ] || swift build --product hcsshimctl >/dev/null 2>&1
[ -x "$CTL" ] || { bad "no $CTL (swift build)"; finish; }

FIXTURES=(Tests/hcs-diff/fixtures/*/)
for dir in "${FIXTURES[@]}"; do
  dir="${dir%/}"; name="$(basename "$dir")"
  exec_args=(); [ -f "$dir/exec.json" ] && exec_args=(--exec "$dir/exec.json")
  if ! "$CTL" hcs-document --json "${exec_args[@]}" "$dir" > "$WORK/$name.swift" 2> "$WORK/$name.swift.err"; then
    bad "$name: hcsshimctl failed: $(cat "$WORK/$name.swift.err")"; continue
  fi
  if ! "$GO" render "$dir" > "$WORK/$name.go" 2> "$WORK/$name.go.err"; then
    bad "$name: hcs-diff failed: $(cat "$WORK/$name.go.err")"; continue
  fi
  if cmp -s "$WORK/$name.swift" "$WORK/$name.go"; then
    ok "$name: identical ($(wc -c < "$WORK/$name.go") bytes$([ -f "$dir/exec.json" ] && echo ", with an exec"))"
  else
    bad "$name: the bytes differ"
    echo "  swift: $(cat "$WORK/$name.swift")"
    echo "  go:    $(cat "$WORK/$name.go")"
  fi
done

# Deviations: the program's list and docs/hcs.md's table (rows "| `id` | …" in §6) must agree.
mapfile -t IDS < <("$GO" deviations)
mapfile -t DOCUMENTED < <(sed -n '/^## 6\./,/^## 7\./p' docs/hcs.md | sed -nE 's/^\| `([a-z-]+)` \|.*/\1/p')
for id in "${IDS[@]}"; do
  if printf '%s\n' "${DOCUMENTED[@]}" | grep -qxF "$id"; then ok "deviation $id: documented in docs/hcs.md"
  else bad "deviation $id: not in docs/hcs.md §6"; fi
  changed=()
  for dir in "${FIXTURES[@]}"; do
    dir="${dir%/}"; name="$(basename "$dir")"
    "$GO" render -without "$id" "$dir" > "$WORK/$name.without" 2>/dev/null || { changed+=("$name(fails)"); continue; }
    cmp -s "$WORK/$name.without" "$WORK/$name.go" || changed+=("$name")
  done
  if [ "${#changed[@]}" -gt 0 ]; then ok "deviation $id: exercised by ${#changed[@]} fixture(s): ${changed[*]}"
  else bad "deviation $id: no fixture shows it"; fi
done
for id in "${DOCUMENTED[@]}"; do
  printf '%s\n' "${IDS[@]}" | grep -qxF "$id" || bad "docs/hcs.md lists deviation $id, which hcs-diff does not apply"
done
finish
