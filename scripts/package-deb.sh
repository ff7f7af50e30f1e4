#!/usr/bin/env bash
# Builds the Debian package of HCSShim: release binaries with the Swift runtime linked
# statically (they need only glibc, the gRPC C core and protobuf-c at run time) in
# /usr/bin, docs in /usr/share/doc/hcsshim.
#
#   scripts/package-deb.sh                 build .build/deb/hcsshim_<version>_<arch>.deb
#   scripts/package-deb.sh --install-test  build, then (as root) install it with dpkg -i, run a
#                                          container through the test bed's containerd with the
#                                          shim from /usr/bin, and remove the package (dpkg -r)
#
# Depends is derived from the binaries: every shared library `ldd` lists is mapped to its
# Debian package with `dpkg -S` (libc6, libgrpc29, libprotobuf-c1, ...), plus `runc | crun`.
# Ends with "N passed, M failed" for --install-test.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
MODE="${1:-build}"
OUT="${HCSSHIM_DEB_DIR:-.build/deb}"
PRODUCTS=(containerd-shim-hcs-v1 hcsshimctl)

log() { printf '[package-deb] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
owner_package() {  # owner_package PATH: the Debian package that owns a library file
  local pkg candidate
  # Debian 12 is usr-merged: ldd says /lib/..., dpkg knows /usr/lib/... (or the reverse).
  for candidate in "$1" "/usr$1" "$(readlink -f "$1")"; do
    pkg="$(dpkg -S "$candidate" 2>/dev/null | head -1 | cut -d: -f1 || true)"
    [ -n "$pkg" ] && { echo "$pkg"; return; }
  done
  die "no Debian package owns $1"
}

VERSION="$(sed -nE 's/.*static let version = "([^"]+)".*/\1/p' Sources/HCSShim/Core/ShimVersion.swift | head -1)"
[ -n "$VERSION" ] || die "cannot read the version from Sources/HCSShim/Core/ShimVersion.swift"
ARCH="$(dpkg --print-architecture)"
DEB="$OUT/hcsshim_${VERSION}_${ARCH}.deb"

build() {
  log "release build (static Swift runtime)"
  for product in "${PRODUCTS[@]}"; do
    swift build -c release --static-swift-stdlib --product "$product" >/dev/null || die "swift build $product failed"
  done
  local bin; bin="$(swift build -c release --static-swift-stdlib --show-bin-path)"
  local stage="$OUT/stage"
  rm -rf "$stage"; mkdir -p "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/share/doc/hcsshim"
  for product in "${PRODUCTS[@]}"; do
    install -m 0755 "$bin/$product" "$stage/usr/bin/$product"
    strip --strip-unneeded "$stage/usr/bin/$product"
  done
  install -m 0644 README.md docs/containerd.md docs/debugging.md "$stage/usr/share/doc/hcsshim/"

  # Run-time dependencies: the libraries the binaries name directly (ELF NEEDED; their own
  # dependencies come with their packages), each mapped to the package that owns it.
  local packages=() lib path pkg binary
  for binary in "${PRODUCTS[@]/#/$stage/usr/bin/}"; do
    ldd "$binary" | grep -q 'not found' && die "unresolved libraries in $binary: $(ldd "$binary" | grep 'not found')"
    readelf -d "$binary" | grep -q 'libswift' && die "$binary links the Swift runtime dynamically"
    for lib in $(readelf -d "$binary" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
      path="$(ldd "$binary" | awk -v l="$lib" '$1 == l {print $3} $1 ~ ("/" l "$") {print $1}' | head -1)"
      [ -n "$path" ] || die "$binary: cannot resolve $lib"
      pkg="$(owner_package "$path")" || exit 1; packages+=("$pkg")
    done
  done
  # The gRPC core is opened with dlopen on first use (Sources/CGRPC/core.h): no binary names it.
  lib="$(sed -n 's/^#define CGRPC_CORE_SONAME "\(.*\)"$/\1/p' Sources/CGRPC/core.c)"
  path="$(ldconfig -p | awk -v l="$lib" '$1 == l {print $NF; exit}')"
  [ -n "$path" ] || die "the gRPC core $lib is not installed"
  pkg="$(owner_package "$path")" || exit 1; packages+=("$pkg")
  local depends; depends="$(printf '%s\n' "${packages[@]}" | sort -u | paste -sd, | sed 's/,/, /g'), runc | crun"

  cat > "$stage/DEBIAN/control" <<EOF
Package: hcsshim
Version: $VERSION
Architecture: $ARCH
Maintainer: HCSShim developers <hcsshim@localhost>
Section: admin
Priority: optional
Depends: $depends
Suggests: containerd
Installed-Size: $(du -sk "$stage/usr" | cut -f1)
Description: containerd shim v2 runtime io.containerd.hcs.v1
 containerd-shim-hcs-v1 serves the containerd Task API over ttrpc and gRPC on one
 socket and runs containers with runc or crun (a Windows HCS backend shares the code).
 hcsshimctl is its debugging client (state, pids, exec, kill, stats, events).
EOF
  mkdir -p "$OUT"
  dpkg-deb --root-owner-group -Zxz --build "$stage" "$DEB" >/dev/null
  log "built $DEB ($(du -h "$DEB" | cut -f1)); Depends: $depends"
}

install_test() {
  [ "$(id -u)" = 0 ] || die "--install-test needs root (dpkg -i)"
  dpkg-query -W -f='${Status}' hcsshim 2>/dev/null | grep -q 'install ok installed' \
    && die "hcsshim is already installed; remove it first (dpkg -r hcsshim)"
  # Globals, not locals: the EXIT trap reads them after this function has returned.
  pass=0 fail=0 started=0 shadowed=""
  ok() { pass=$((pass + 1)); echo "PASS $1"; }
  ko() { fail=$((fail + 1)); echo "FAIL $1"; [ $# -gt 1 ] && printf '    %s\n' "$2"; }

  eval "$(scripts/testbed.sh env)"
  ctr=(ctr -a "$TB_SOCK" -n "$TB_NS")
  export CONTAINERD_SNAPSHOTTER
  cleanup_install_test() {
    "${ctr[@]}" task kill -s SIGKILL deb1 >/dev/null 2>&1 || true; sleep 0.2
    "${ctr[@]}" task rm -f deb1 >/dev/null 2>&1 || true; "${ctr[@]}" container rm deb1 deb2 >/dev/null 2>&1 || true
    dpkg -r hcsshim >/dev/null 2>&1 || true
    [ -n "$shadowed" ] && mv "$shadowed" "${shadowed%.shadowed}"
    if [ "$started" = 1 ]; then scripts/testbed.sh stop >/dev/null 2>&1 || true
    else scripts/testbed.sh restart >/dev/null 2>&1 || true; fi
  }
  trap cleanup_install_test EXIT

  dpkg -i "$DEB" >/dev/null && ok "dpkg -i $DEB" || { ko "dpkg -i"; exit 1; }
  [ -x /usr/bin/containerd-shim-hcs-v1 ] && [ -x /usr/bin/hcsshimctl ] && ok "binaries in /usr/bin" || ko "binaries in /usr/bin"
  /usr/bin/containerd-shim-hcs-v1 -v | grep -q "Version: $VERSION" && ok "containerd-shim-hcs-v1 -v" || ko "containerd-shim-hcs-v1 -v"

  # The test bed puts BASE/bin first on containerd's PATH: move our dev binary aside so the
  # packaged one is what containerd finds.
  if [ -e "$TB_BASE/bin/containerd-shim-hcs-v1" ]; then
    shadowed="$TB_BASE/bin/containerd-shim-hcs-v1.shadowed"; mv "$TB_BASE/bin/containerd-shim-hcs-v1" "$shadowed"
  fi
  if [ -f "$TB_BASE/containerd.pid" ] && [ -d "/proc/$(cat "$TB_BASE/containerd.pid")" ]; then
    scripts/testbed.sh restart >/dev/null 2>&1
  else
    scripts/testbed.sh up >/dev/null 2>&1; started=1
  fi
  CONTAINERD_SNAPSHOTTER="$(cat "$TB_BASE/snapshotter")"
  local found; found="$(PATH="$TB_BASE/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" command -v containerd-shim-hcs-v1 || true)"
  [ "$found" = /usr/bin/containerd-shim-hcs-v1 ] && ok "containerd's PATH resolves the shim to /usr/bin" \
    || ko "containerd's PATH resolves the shim to /usr/bin" "found: ${found:-nothing} (remove other copies, e.g. /usr/local/bin)"

  local out
  out="$("$TB_CTR" run --rm --runtime io.containerd.hcs.v1 "$TB_IMAGE" deb2 sh -c 'echo hello from the package' 2>&1)" \
    && [ "$out" = "hello from the package" ] && ok "ctr run --rm through the packaged shim" || ko "ctr run --rm" "$out"

  "$TB_CTR" run -d --runtime io.containerd.hcs.v1 "$TB_IMAGE" deb1 sleep 300 >/dev/null 2>&1
  local shim="" p
  for p in /proc/[0-9]*; do
    tr '\0' ' ' < "$p/cmdline" 2>/dev/null | grep -qE -- "-id deb1 .*-address $TB_SOCK( |\$)" && { shim="${p#/proc/}"; break; }
  done
  [ -n "$shim" ] && [ "$(readlink "/proc/$shim/exe")" = /usr/bin/containerd-shim-hcs-v1 ] \
    && ok "the running shim is /usr/bin/containerd-shim-hcs-v1" || ko "the running shim is /usr/bin's" "pid=${shim:-none} exe=$(readlink "/proc/$shim/exe" 2>/dev/null)"
  /usr/bin/hcsshimctl state --address "$TB_SOCK" -n "$TB_NS" --id deb1 | grep -q RUNNING \
    && ok "/usr/bin/hcsshimctl state" || ko "/usr/bin/hcsshimctl state"
  "${ctr[@]}" task kill -s SIGKILL deb1 >/dev/null 2>&1; sleep 0.3
  "${ctr[@]}" task rm -f deb1 >/dev/null 2>&1; "${ctr[@]}" container rm deb1 >/dev/null 2>&1

  dpkg -r hcsshim >/dev/null && [ ! -e /usr/bin/containerd-shim-hcs-v1 ] && [ ! -e /usr/bin/hcsshimctl ] \
    && ok "dpkg -r removes the binaries" || ko "dpkg -r"
  echo "$pass passed, $fail failed"
  [ "$fail" = 0 ]
}

case "$MODE" in
  build) build ;;
  --install-test) build; install_test ;;
  *) sed -n '2,13p' "$0"; exit 2 ;;
esac
