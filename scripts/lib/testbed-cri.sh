# containerd's CRI plugin for the test bed (sourced by scripts/testbed.sh when HCSSHIM_TESTBED_CRI=1).
# Uses BASE, SOCK, CRI_NS, PAUSE_IMAGE, IMAGE, CTR and ctr() from testbed.sh.
#
# What stays private: CRI's root and state (under containerd's BASE/root and BASE/state), the CNI
# binaries and configuration (BASE/cri/cni), the runtimes' state (BASE/runc), pod logs
# (BASE/cri/pods, chosen by the client), the streaming server (127.0.0.1, a free port). What
# containerd itself puts in system paths whatever the configuration: libcni's result cache in
# /var/lib/cni (one file per pod, removed with it) and the shims' sockets in /run/containerd/s.

CNI_PLUGINS_DIR="${HCSSHIM_CNI_PLUGINS:-/usr/lib/cni}"  # Debian's containernetworking-plugins

# Runtime handlers: `runc` is the stock containerd-shim-runc-v2 (the calibration), `hcs` our shim
# on runc, `hcs-crun` our shim on the test bed's crun wrapper. The options tables make containerd
# send runc.v1.Options to the stock shim and runtimeoptions.v1.Options (ConfigPath) to ours.
cri_runtimes() {
  local prefix="$1"
  cat <<EOS
  [$prefix.containerd.runtimes.runc]
    runtime_type = "io.containerd.runc.v2"
    [$prefix.containerd.runtimes.runc.options]
      BinaryName = "runc"
      Root = "$BASE/runc"
  [$prefix.containerd.runtimes.hcs]
    runtime_type = "io.containerd.hcs.v1"
    [$prefix.containerd.runtimes.hcs.options]
      ConfigPath = "$BASE/cri/runc.toml"
  [$prefix.containerd.runtimes.hcs-crun]
    runtime_type = "io.containerd.hcs.v1"
    [$prefix.containerd.runtimes.hcs-crun.options]
      ConfigPath = "$BASE/cri/crun.toml"
EOS
}

# The CRI sandbox ("pause") image: the busybox layer with `sleep` as its command, in its own
# layout tar, so the `e2e` namespace keeps exactly one image. No registry is reachable, and CRI
# only pulls a sandbox image it does not already have.
build_pause_image() {
  local layout="$BASE/image/pause" src="$BASE/image/layout" layer diff config manifest
  layer="$(grep -oE '"layers":\[\{[^}]*' "$src/blobs/sha256/$(grep -oE 'sha256:[0-9a-f]{64}' "$src/index.json" | head -1 | cut -d: -f2)" \
    | grep -oE 'sha256:[0-9a-f]{64}' | cut -d: -f2)"
  diff="$(gzip -dc "$src/blobs/sha256/$layer" | sha256sum | cut -d' ' -f1)"
  rm -rf "$layout"; mkdir -p "$layout/blobs/sha256"
  cp "$src/blobs/sha256/$layer" "$layout/blobs/sha256/$layer"
  printf '{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["/bin/sleep","2147483647"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$diff" > "$BASE/image/pause-config"
  config="$(sha256sum < "$BASE/image/pause-config" | cut -d' ' -f1)"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
    "$config" "$(stat -c %s "$BASE/image/pause-config")" "$layer" "$(stat -c %s "$layout/blobs/sha256/$layer")" > "$BASE/image/pause-manifest"
  manifest="$(sha256sum < "$BASE/image/pause-manifest" | cut -d' ' -f1)"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s"}}]}' \
    "$manifest" "$(stat -c %s "$BASE/image/pause-manifest")" "$PAUSE_IMAGE" > "$layout/index.json"
  mv "$BASE/image/pause-config" "$layout/blobs/sha256/$config"; mv "$BASE/image/pause-manifest" "$layout/blobs/sha256/$manifest"
  printf '{"imageLayoutVersion":"1.0.0"}' > "$layout/oci-layout"
  tar -C "$layout" -cf "$BASE/image/pause.tar" oci-layout index.json blobs
}

# A version-2 CRI section (containerd 2.x migrates it to its split CRI plugins on load).
cri_config() {
  local p='plugins."io.containerd.grpc.v1.cri"'
  cat <<EOS
[$p]
  sandbox_image = "$PAUSE_IMAGE"
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  disable_apparmor = true
  enable_selinux = false
  # The sandbox's oom_score_adj is -998 otherwise, which an unprivileged-for-OOM host (a container,
  # a CI runner) refuses: runc init dies with "failed to update /proc/self/oom_score_adj".
  restrict_oom_score_adj = true
  # Pod network namespaces under CRI's state dir instead of /var/run/netns.
  netns_mounts_under_state_dir = true
  [$p.containerd]
    snapshotter = "$(cat "$BASE/snapshotter")"
    default_runtime_name = "runc"
$(cri_runtimes "$p")
  [$p.cni]
    bin_dir = "$BASE/cri/cni/bin"
    conf_dir = "$BASE/cri/cni/conf"
    max_conf_num = 1
EOS
}

write_cri_files() {
  [ -x "$CNI_PLUGINS_DIR/loopback" ] || die "no CNI loopback plugin in $CNI_PLUGINS_DIR (apt-get install containernetworking-plugins)"
  mkdir -p "$BASE/cri/cni/bin" "$BASE/cri/cni/conf" "$BASE/cri/pods"
  # CRI always adds a loopback network of its own; the one configured network gives eth0.
  ln -sf "$CNI_PLUGINS_DIR/loopback" "$BASE/cri/cni/bin/loopback"
  install -m 0755 "$(dirname "${BASH_SOURCE[0]}")/cni-podnet.sh" "$BASE/cri/cni/bin/hcsshim-podnet"
  printf '{"cniVersion":"0.4.0","name":"hcsshim-podnet","plugins":[{"type":"hcsshim-podnet"}]}\n' \
    > "$BASE/cri/cni/conf/10-hcsshim-podnet.conflist"
  printf '# runtime options of the CRI handler "hcs"\nbinary_name = "runc"\nroot = "%s"\n' "$BASE/runc" > "$BASE/cri/runc.toml"
  printf '# runtime options of the CRI handler "hcs-crun"\nbinary_name = "%s"\nroot = "%s"\n' "$BASE/crun" "$BASE/runc" > "$BASE/cri/crun.toml"
}

# Pods the CRI plugin still holds when the test bed stops: their tasks killed and removed the same
# way as the e2e namespace's, then the containers (their network namespaces are mounts under BASE,
# which testbed.sh's stop unmounts).
cri_cleanup() {
  local t
  for t in $(ctr -a "$SOCK" -n $CRI_NS tasks ls -q 2>/dev/null); do ctr -a "$SOCK" -n $CRI_NS tasks kill -a -s SIGKILL "$t" >/dev/null 2>&1 || true; done
  sleep 0.2
  for t in $(ctr -a "$SOCK" -n $CRI_NS tasks ls -q 2>/dev/null); do ctr -a "$SOCK" -n $CRI_NS tasks delete -f "$t" >/dev/null 2>&1 || true; done
  for t in $(ctr -a "$SOCK" -n $CRI_NS containers ls -q 2>/dev/null); do ctr -a "$SOCK" -n $CRI_NS containers delete "$t" >/dev/null 2>&1 || true; done
}
