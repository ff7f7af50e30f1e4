#!/usr/bin/env bash
# Fetches and unpacks the containerd of each Debian suite HCSShim is tested against, without
# touching the machine's own apt configuration: a private sources list, lists and cache under
# the cache directory, `apt-get download` of the `containerd` package, `dpkg -x` into
#   CACHE/<suite>/root/usr/bin/{containerd,ctr,...}
# Debian's containerd binaries are static Go programs (they need only libc), so trixie's (1.7)
# and sid's (2.x) run on Debian 12 as they are.
#
#   scripts/containerd-versions.sh fetch [SUITE...]   download and unpack (default: trixie sid)
#   scripts/containerd-versions.sh path SUITE         print the directory holding containerd and ctr
#   scripts/containerd-versions.sh version SUITE      print the unpacked package's version
#
# SUITE `bookworm` (or `system`) means the machine's own containerd (Debian 12, 1.6): nothing
# is fetched, `path` prints the directory of the installed binary.
# Cache: $HCSSHIM_CONTAINERD_CACHE or /var/cache/hcsshim-containerd (kept across runs; a suite
# already unpacked is not fetched again unless HCSSHIM_CONTAINERD_REFRESH=1).
set -euo pipefail

CACHE="${HCSSHIM_CONTAINERD_CACHE:-/var/cache/hcsshim-containerd}"
MIRROR="${HCSSHIM_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
log() { printf '[containerd-versions] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

system_suite() { [ "$1" = bookworm ] || [ "$1" = system ]; }

fetch_one() {
  local suite="$1" dir="$CACHE/$1"
  if [ -x "$dir/root/usr/bin/containerd" ] && [ "${HCSSHIM_CONTAINERD_REFRESH:-0}" != 1 ]; then
    log "$suite: containerd $(cat "$dir/version") already unpacked in $dir/root"; return
  fi
  mkdir -p "$dir"/{lists/partial,cache/archives/partial,debs}
  printf 'deb [trusted=yes] %s %s main\n' "$MIRROR" "$suite" > "$dir/sources.list"
  local apt=(-o "Dir::Etc::SourceList=$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache" -o APT::Get::List-Cleanup=0
    -o Acquire::Languages=none -o "APT::Architecture=$(dpkg --print-architecture)")
  log "$suite: updating a private package list"
  apt-get "${apt[@]}" -q update >"$dir/apt-update.log" 2>&1 || { cat "$dir/apt-update.log" >&2; die "apt-get update for $suite failed"; }
  local version
  version="$(apt-cache "${apt[@]}" show containerd 2>/dev/null | sed -n 's/^Version: //p' | head -1)"
  [ -n "$version" ] || die "$suite serves no containerd package"
  log "$suite: downloading containerd $version"
  rm -f "$dir"/debs/*.deb
  (cd "$dir/debs" && apt-get "${apt[@]}" -q download "containerd=$version" >"$dir/apt-download.log" 2>&1) \
    || { cat "$dir/apt-download.log" >&2; die "apt-get download for $suite failed"; }
  rm -rf "$dir/root"; mkdir -p "$dir/root"
  dpkg -x "$dir"/debs/containerd_*.deb "$dir/root"
  [ -x "$dir/root/usr/bin/containerd" ] || die "$suite: the package has no usr/bin/containerd"
  printf '%s\n' "$version" > "$dir/version"
  log "$suite: $("$dir/root/usr/bin/containerd" --version)"
}

bin_dir() {
  if system_suite "$1"; then dirname "$(command -v containerd)"; else echo "$CACHE/$1/root/usr/bin"; fi
}

case "${1:-}" in
  fetch) shift; [ $# -gt 0 ] || set -- trixie sid
    for s in "$@"; do system_suite "$s" || fetch_one "$s"; done ;;
  path) [ -n "${2:-}" ] || die "path needs a suite"; d="$(bin_dir "$2")"
    [ -x "$d/containerd" ] || die "$2 is not unpacked (run: $0 fetch $2)"; echo "$d" ;;
  version) [ -n "${2:-}" ] || die "version needs a suite"
    if system_suite "$2"; then dpkg-query -W -f '${Version}\n' containerd; else cat "$CACHE/$2/version"; fi ;;
  *) sed -n '2,17p' "$0"; exit 2 ;;
esac
