#!/bin/sh
# A CNI plugin (type "hcsshim-podnet") for the CRI test bed that never touches the host's network:
# everything it creates lives in the pod's own network namespace.
#
# containerd's CRI insists on an IP address on the pod's default interface (`eth0`): with only the
# loopback network, RunPodSandbox fails with "failed to find network info for sandbox". This
# kernel has no `dummy` link type, so the interface is one end of a veth pair whose peer (`eth0p`)
# stays in the same namespace. The address is 10.88.X.Y/32, X.Y taken from the container id's
# hash, so pods side by side do not collide (they cannot reach each other or the host anyway).
#
# Protocol: CNI 0.4.0 (CNI_COMMAND ADD, DEL, CHECK, VERSION; the network config on stdin, which
# this plugin needs nothing from). DEL is idempotent: the namespace usually goes with the pod.
set -eu

VERSIONS='"0.3.0","0.3.1","0.4.0"'

fail() {  # fail CODE MESSAGE: a CNI error object on stdout, as the spec asks
  printf '{"cniVersion":"0.4.0","code":%s,"msg":"%s"}\n' "$1" "$2"
  exit 1
}

cat >/dev/null  # the network config; nothing in it changes what this plugin does

case "${CNI_COMMAND:-}" in
  VERSION)
    printf '{"cniVersion":"0.4.0","supportedVersions":[%s]}\n' "$VERSIONS" ;;
  ADD)
    [ -n "${CNI_NETNS:-}" ] || fail 4 "CNI_NETNS is not set"
    ifname="${CNI_IFNAME:-eth0}"
    hash="$(printf '%s' "${CNI_CONTAINERID:-}" | sha256sum | cut -c1-4)"
    address="10.88.$(( 0x$(echo "$hash" | cut -c1-2) )).$(( 0x$(echo "$hash" | cut -c3-4) % 254 + 1 ))"
    nsenter --net="$CNI_NETNS" sh -ec "
      ip link set lo up
      ip link add '$ifname' type veth peer name '${ifname}p'
      ip addr add '$address/32' dev '$ifname'
      ip link set '${ifname}p' up
      ip link set '$ifname' up
    " >&2 || fail 11 "cannot create $ifname in $CNI_NETNS"
    mac="$(nsenter --net="$CNI_NETNS" cat "/sys/class/net/$ifname/address")"
    printf '{"cniVersion":"0.4.0","interfaces":[{"name":"%s","mac":"%s","sandbox":"%s"}],"ips":[{"version":"4","address":"%s/32","interface":0}]}\n' \
      "$ifname" "$mac" "$CNI_NETNS" "$address" ;;
  DEL)
    if [ -n "${CNI_NETNS:-}" ] && [ -e "$CNI_NETNS" ]; then
      nsenter --net="$CNI_NETNS" ip link del "${CNI_IFNAME:-eth0}" 2>/dev/null || true
    fi ;;
  CHECK)
    [ -n "${CNI_NETNS:-}" ] || fail 4 "CNI_NETNS is not set"
    nsenter --net="$CNI_NETNS" ip link show "${CNI_IFNAME:-eth0}" >/dev/null 2>&1 || fail 11 "no ${CNI_IFNAME:-eth0} in $CNI_NETNS" ;;
  *) fail 4 "unknown CNI_COMMAND '${CNI_COMMAND:-}'" ;;
esac
