#!/usr/bin/env bash
# A private containerd for HCSShim's end-to-end tests and demo: no registry, no system paths
# beyond the shims' hard-coded /run/containerd/s (socket names hash our address, so they never
# collide with a system containerd).
#
#   scripts/testbed.sh up   [BASE]   build the busybox image, start containerd, import the image
#   scripts/testbed.sh stop [BASE]   remove our tasks and containers, stop our containerd, clean up
#   scripts/testbed.sh restart [BASE] stop and start containerd alone; shims and tasks keep running
#   scripts/testbed.sh env  [BASE]   print shell exports for the scripts that use the test bed
#
# BASE defaults to $HCSSHIM_TESTBED or /tmp/hcsshim-tb. `BASE/ctr` is ctr bound to it (namespace
# `e2e`, fifo and runc roots under BASE). `BASE/crun` runs crun with the cgroup2 "unified" mount
# hidden when this host's hybrid cgroups carry controllers there (crun 1.8 refuses them).
# Another containerd (scripts/containerd-versions.sh): HCSSHIM_CONTAINERD=/path/to/containerd and
# HCSSHIM_CTR=/path/to/ctr (default: the installed ones); `up` remembers them in BASE, so later
# `restart`/`stop` of the same BASE use the same binaries. HCSSHIM_SHIM_PROTOCOL (ttrpc|grpc)
# is passed on to containerd, and from it to the shims.
# HCSSHIM_TESTBED_CRI=1 at `up` also enables containerd's CRI plugin on the same socket (private
# root/state, runtime handlers, a CNI that stays inside each pod's network namespace, a local
# pause image); see scripts/lib/testbed-cri.sh and docs/kubernetes.md. Remembered in BASE like the binaries.
set -euo pipefail

CMD="${1:-}"
BASE="${2:-${HCSSHIM_TESTBED:-/tmp/hcsshim-tb}}"
NS=e2e
IMAGE=localhost/e2e/busybox:latest
mkdir -p "$BASE"; BASE="$(cd "$BASE" && pwd -P)"
SOCK="$BASE/containerd.sock"
PIDFILE="$BASE/containerd.pid"
CONF="$BASE/config.toml"
# The binaries this BASE runs: given now, else remembered from `up`, else the installed ones.
if [ -z "${HCSSHIM_CONTAINERD:-}" ] && [ -f "$BASE/binaries" ]; then . "$BASE/binaries"; fi
CONTAINERD="${HCSSHIM_CONTAINERD:-containerd}"
CTR="${HCSSHIM_CTR:-ctr}"
ctr() { command "$CTR" "$@"; }
CRI_NS=k8s.io
PAUSE_IMAGE=localhost/e2e/pause:latest
if [ -z "${HCSSHIM_TESTBED_CRI:-}" ] && [ -f "$BASE/cri-enabled" ]; then HCSSHIM_TESTBED_CRI=1; fi
cri_enabled() { [ "${HCSSHIM_TESTBED_CRI:-0}" = 1 ]; }

log() { printf '[testbed] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

running() {
  [ -f "$PIDFILE" ] && [ -d "/proc/$(cat "$PIDFILE")" ] \
    && tr '\0' ' ' < "/proc/$(cat "$PIDFILE")/cmdline" | grep -qF -- "--config $CONF"
}

# An OCI image layout tar of a busybox-static rootfs, built with tar/gzip/sha256sum only.
build_image() {
  local root="$BASE/image/rootfs" layout="$BASE/image/layout" busybox
  busybox="$(command -v busybox)" || die "busybox-static is not installed"
  rm -rf "$BASE/image"; mkdir -p "$root"/{bin,dev,etc,proc,sys,tmp,root,run} "$layout/blobs/sha256"
  chmod 1777 "$root/tmp"
  install -m 0755 "$busybox" "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"; done
  printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"; printf 'root:x:0:\n' > "$root/etc/group"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -cf "$BASE/image/layer.tar" .
  gzip -n -c "$BASE/image/layer.tar" > "$BASE/image/layer.tgz"
  local diff layer config manifest
  diff="$(sha256sum < "$BASE/image/layer.tar" | cut -d' ' -f1)"
  layer="$(sha256sum < "$BASE/image/layer.tgz" | cut -d' ' -f1)"
  mv "$BASE/image/layer.tgz" "$layout/blobs/sha256/$layer"; rm "$BASE/image/layer.tar"
  printf '{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$diff" > "$BASE/image/config"
  config="$(sha256sum < "$BASE/image/config" | cut -d' ' -f1)"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
    "$config" "$(stat -c %s "$BASE/image/config")" "$layer" "$(stat -c %s "$layout/blobs/sha256/$layer")" > "$BASE/image/manifest"
  manifest="$(sha256sum < "$BASE/image/manifest" | cut -d' ' -f1)"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s"}}]}' \
    "$manifest" "$(stat -c %s "$BASE/image/manifest")" "$IMAGE" > "$layout/index.json"
  mv "$BASE/image/config" "$layout/blobs/sha256/$config"; mv "$BASE/image/manifest" "$layout/blobs/sha256/$manifest"
  printf '{"imageLayoutVersion":"1.0.0"}' > "$layout/oci-layout"
  tar -C "$layout" -cf "$BASE/image/busybox.tar" oci-layout index.json blobs
}

# containerd 2.x split CRI into these plugins; 1.6 and 1.7 do not know them.
cri_v2_plugins() {
  case "$("$CONTAINERD" --version 2>/dev/null | awk '{print $3}')" in
    v2.*|2.*) printf ', "io.containerd.cri.v1.images", "io.containerd.cri.v1.runtime"' ;;
  esac
}

snapshotter() {
  local d="$BASE/overlay-probe"; rm -rf "$d"; mkdir -p "$d"/{l,u,w,m}
  if mount -t overlay overlay -o "lowerdir=$d/l,upperdir=$d/u,workdir=$d/w" "$d/m" 2>/dev/null; then
    umount "$d/m"; rm -rf "$d"; echo overlayfs
  else
    rm -rf "$d"; echo native
  fi
}

write_helpers() {
  cat > "$BASE/ctr" <<EOS
#!/bin/sh
# ctr bound to the HCSShim test bed at $BASE
export CONTAINERD_SNAPSHOTTER=$(cat "$BASE/snapshotter")
case "\$1" in
  run) shift; exec $CTR -a "$SOCK" -n $NS run --runc-root "$BASE/runc" --fifo-dir "$BASE/fifo" "\$@" ;;
  task|tasks|t) if [ "\$2" = exec ]; then shift 2; exec $CTR -a "$SOCK" -n $NS tasks exec --fifo-dir "$BASE/fifo" "\$@"; fi ;;
esac
exec $CTR -a "$SOCK" -n $NS "\$@"
EOS
  cat > "$BASE/crun" <<'EOS'
#!/bin/sh
# crun with the cgroup2 "unified" mount hidden on hybrid hosts whose cgroup2 has controllers
# crun 1.8 (Debian 12) refuses every ociVersion but 1.0.x ("unknown version specified"), and
# ctr 1.7/2.x write 1.2.x: an old crun gets such a bundle's spec labelled 1.0.2 (the suite's
# specs use nothing newer). ctr 1.6's specs are 1.0.2-dev and pass untouched.
bundle=""; previous=""
for arg in "$@"; do
  case "$previous" in --bundle|-b) bundle="$arg" ;; esac
  case "$arg" in --bundle=*) bundle="${arg#--bundle=}" ;; esac
  previous="$arg"
done
if [ -n "$bundle" ] && [ -f "$bundle/config.json" ] && ! grep -qE '"ociVersion": *"1\.0' "$bundle/config.json" \
   && crun --version | head -1 | grep -qE ' 1\.[0-8](\.|$)'; then
  sed -i -E 's/"ociVersion": *"[^"]*"/"ociVersion":"1.0.2"/' "$bundle/config.json"
fi
if [ -n "$(cat /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null)" ]; then
  exec unshare -m --propagation private sh -c 'umount -l /sys/fs/cgroup/unified; exec crun "$@"' crun "$@"
fi
exec crun "$@"
EOS
  chmod +x "$BASE/ctr" "$BASE/crun"
}

start() {
  running && { log "containerd already running (pid $(cat "$PIDFILE"))"; return; }
  mkdir -p "$BASE"/{root,state,bin,runc,fifo}
  snapshotter > "$BASE/snapshotter"
  if [ -n "${HCSSHIM_CONTAINERD:-}" ]; then
    printf 'HCSSHIM_CONTAINERD=%q\nHCSSHIM_CTR=%q\nHCSSHIM_SHIM_PROTOCOL=%q\n' "$CONTAINERD" "$CTR" "${HCSSHIM_SHIM_PROTOCOL:-}" > "$BASE/binaries"
  fi
  if cri_enabled; then : > "$BASE/cri-enabled"; else rm -f "$BASE/cri-enabled"; fi
  # containerd 2.x reads a version-2 file through its migration; only its split CRI plugins
  # need naming too (cri_v2_plugins prints nothing for 1.6 and 1.7).
  cat > "$CONF" <<EOS
version = 2
root = "$BASE/root"
state = "$BASE/state"
$(if cri_enabled; then echo 'disabled_plugins = []'; else echo "disabled_plugins = [\"io.containerd.grpc.v1.cri\"$(cri_v2_plugins)]"; fi)
[grpc]
  address = "$SOCK"
[ttrpc]
  address = "$SOCK.ttrpc"
[debug]
  level = "${HCSSHIM_CONTAINERD_LOG_LEVEL:-info}"
[plugins."io.containerd.internal.v1.opt"]
  path = "$BASE/opt"
EOS
  if cri_enabled; then write_cri_files; cri_config >> "$CONF"; fi
  write_helpers
  rm -f "$SOCK" "$SOCK.ttrpc"
  # A clean environment and no inherited fds: containerd passes both on to every shim.
  (
    for fd in /proc/self/fd/*; do fd="${fd##*/}"; [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null; done
    exec env -i PATH="$BASE/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" HOME=/root \
      ${HCSSHIM_SHIM_PROTOCOL:+HCSSHIM_SHIM_PROTOCOL=$HCSSHIM_SHIM_PROTOCOL} setsid "$CONTAINERD" --config "$CONF"
  ) </dev/null >>"$BASE/containerd.log" 2>&1 &
  echo $! > "$PIDFILE"
  for _ in $(seq 1 100); do
    ctr -a "$SOCK" version >/dev/null 2>&1 && break
    [ -d "/proc/$(cat "$PIDFILE")" ] || { tail -20 "$BASE/containerd.log" >&2; die "containerd exited"; }
    sleep 0.1
  done
  running || die "containerd did not come up"
  log "containerd $(cat "$PIDFILE") on $SOCK ($(cat "$BASE/snapshotter"))"
}

import() {
  [ -f "$BASE/image/busybox.tar" ] || build_image
  ctr -a "$SOCK" -n $NS images ls -q | grep -qxF "$IMAGE" \
    || ctr -a "$SOCK" -n $NS images import --snapshotter "$(cat "$BASE/snapshotter")" "$BASE/image/busybox.tar" >/dev/null
  if cri_enabled; then
    [ -f "$BASE/image/pause.tar" ] || build_pause_image
    local tar name
    for tar in busybox pause; do
      name="$IMAGE"; [ "$tar" = pause ] && name="$PAUSE_IMAGE"
      ctr -a "$SOCK" -n $CRI_NS images ls -q | grep -qxF "$name" \
        || ctr -a "$SOCK" -n $CRI_NS images import --snapshotter "$(cat "$BASE/snapshotter")" "$BASE/image/$tar.tar" >/dev/null
    done
  fi
}

stop() {
  if running; then
    local pid t; pid="$(cat "$PIDFILE")"
    for t in $(ctr -a "$SOCK" -n $NS tasks ls -q 2>/dev/null); do ctr -a "$SOCK" -n $NS tasks kill -a -s SIGKILL "$t" >/dev/null 2>&1 || true; done
    sleep 0.2
    for t in $(ctr -a "$SOCK" -n $NS tasks ls -q 2>/dev/null); do ctr -a "$SOCK" -n $NS tasks delete -f "$t" >/dev/null 2>&1 || true; done
    for t in $(ctr -a "$SOCK" -n $NS containers ls -q 2>/dev/null); do ctr -a "$SOCK" -n $NS containers delete "$t" >/dev/null 2>&1 || true; done
    if cri_enabled; then cri_cleanup; fi
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE"
  # Shims of this test bed carry our address in argv; kill any left behind.
  for p in /proc/[0-9]*; do
    tr '\0' ' ' < "$p/cmdline" 2>/dev/null | grep -qE -- "-address $SOCK( |\$)" && kill -KILL "${p#/proc/}" 2>/dev/null || true
  done
  for d in "$BASE"/runc/*/*/; do
    [ -d "$d" ] || continue; d="${d%/}"
    if [ -f "$d/state.json" ]; then runc --root "${d%/*}" delete --force "${d##*/}" 2>/dev/null || true
    else crun --root "${d%/*}" delete --force "${d##*/}" 2>/dev/null || true; fi
  done
  awk -v b="$BASE/" 'index($5, b) == 1 {print $5}' /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  log "stopped"
}

. "$(dirname "${BASH_SOURCE[0]}")/lib/testbed-cri.sh"

case "$CMD" in
  up) start; import; log "ready: $BASE/ctr run --rm --runtime io.containerd.hcs.v1 $IMAGE c1 echo hello" ;;
  stop) stop ;;
  restart)
    if running; then
      pid="$(cat "$PIDFILE")"; kill -TERM "$pid"
      for _ in $(seq 1 50); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
      rm -f "$PIDFILE"
    fi
    start ;;
  env) printf 'export TB_BASE=%q TB_SOCK=%q TB_NS=%q TB_IMAGE=%q TB_CTR=%q\n' "$BASE" "$SOCK" "$NS" "$IMAGE" "$BASE/ctr"
    if cri_enabled; then printf 'export TB_CRI_SOCK=%q TB_CRI_NS=%q TB_PAUSE_IMAGE=%q TB_CRI_LOGS=%q\n' "$SOCK" "$CRI_NS" "$PAUSE_IMAGE" "$BASE/cri/pods"; fi ;;
  *) sed -n '2,12p' "$0"; exit 2 ;;
esac
