"""The pod scenarios of cri_e2e.py: a working pod through its whole life, and a pod whose
container cannot start. Each takes the Scenario (RPC helpers, checks, arguments)."""
import json
import os
import re
import time

import stream
from checks import binary_of, shims_of, wait_for

IMAGE = "localhost/e2e/busybox:latest"
# One CRI log line: RFC 3339 time, stream, F(ull) or P(artial), the text.
LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\dT\S+Z) (stdout|stderr) ([FP]) (.*)$")

TICKER = ["sh", "-c", "echo hello; echo oops >&2; while true; do echo tick; sleep 1; done"]
GRACEFUL = ["sh", "-c", "trap 'echo got TERM; exit 0' TERM; while true; do sleep 1 & wait; done"]
SHORT = ["sh", "-c", "echo done; exit 5"]


def run_pod(s):
    t, pb, args = s.t, s.pb, s.args
    config = s.pod_config("pod-" + args.handler)
    sandbox = s.rt("RunPodSandbox", config=config, runtime_handler=args.handler).pod_sandbox_id
    status = s.rt("PodSandboxStatus", pod_sandbox_id=sandbox, verbose=True)
    t.check("RunPodSandbox: the pod is READY on its handler", status.status.state == pb.SANDBOX_READY
            and status.status.runtime_handler == args.handler, status.status)
    ip = status.status.network.ip
    t.check("pod network: an address from the in-namespace CNI", ip.startswith("10.88."), ip)
    netns = json.loads(status.info.get("info", "{}")).get("runtimeSpec", {}).get("linux", {}).get("namespaces", [])
    netns = next((n.get("path", "") for n in netns if n.get("type") == "network"), "")
    t.check("pod network namespace is under the test bed's state", netns.startswith(os.path.dirname(args.runc_root)), netns)
    shims = shims_of(args.socket, sandbox)
    t.check("one shim serves the pod, and it is %s" % args.shim,
            len(shims) == 1 and binary_of(shims[0]) == args.shim, [(p, binary_of(p)) for p in shims])

    ticker = s.container(sandbox, config, "ticker", TICKER)
    t.check("CreateContainer: CONTAINER_CREATED", s.status(ticker).state == pb.CONTAINER_CREATED)
    s.rt("StartContainer", container_id=ticker)
    st = s.status(ticker)
    t.check("StartContainer: CONTAINER_RUNNING with started_at", st.state == pb.CONTAINER_RUNNING and st.started_at > 0, st)
    state = os.path.join(args.runc_root, s.ns, ticker)
    kind = "runc" if os.path.exists(os.path.join(state, "state.json")) else "crun" if os.path.isdir(state) else "none"
    t.check("the container runs on %s (its state in the handler's root)" % args.oci, kind == args.oci, "%s: %s" % (state, kind))
    t.check("the container joins the pod's shim (no shim of its own)",
            shims_of(args.socket, ticker) == [] and shims_of(args.socket, sandbox) == shims, shims_of(args.socket, ticker))

    r = s.rt("ExecSync", container_id=ticker, timeout=10,
             cmd=["sh", "-c", "echo out $CRI_E2E $(hostname); echo err >&2; exit 3"])
    t.check("ExecSync: stdout, stderr, exit code 3, pod hostname and env",
            r.stdout == ("out ticker %s\n" % config.hostname).encode() and r.stderr == b"err\n" and r.exit_code == 3, r)
    r = s.rt("ExecSync", container_id=ticker, timeout=10, cmd=["ip", "-4", "-o", "addr", "show", "eth0"])
    t.check("ExecSync: the container sees the pod's eth0 address", (ip + "/32").encode() in r.stdout, r.stdout)

    url = s.rt("Exec", container_id=ticker, cmd=["sh", "-c", "echo so; echo se >&2; exit 7"], stdout=True, stderr=True).url
    t.check("Exec: a streaming URL on 127.0.0.1", url.startswith("http://127.0.0.1:"), url)
    r = stream.run_stream(url)
    t.check("streaming exec: stdout and stderr apart, exit code 7", r.stdout == b"so\n" and r.stderr == b"se\n"
            and r.exit_code() == 7, r)
    url = s.rt("Exec", container_id=ticker, cmd=["head", "-n1"], stdin=True, stdout=True).url
    r = stream.run_stream(url, stdin=b"ping\n")
    t.check("streaming exec: stdin reaches the process", r.stdout == b"ping\n" and r.exit_code() == 0, r)
    # With a terminal and no stdin, containerd 1.6 loses a fast command's output on every shim
    # (the stock runc-v2 included); kubectl exec -t always opens stdin too.
    url = s.rt("Exec", container_id=ticker, cmd=["tty"], tty=True, stdin=True, stdout=True).url
    r = stream.run_stream(url, stdin=b"\n")
    t.check("streaming exec -t: a terminal", b"/dev/pts/" in r.stdout and r.exit_code() == 0, r)
    url = s.rt("Attach", container_id=ticker, stdout=True, stderr=True).url
    r = stream.run_stream(url, until=lambda got: b"tick" in got.stdout, timeout=5)
    t.check("Attach: the running container's output streams", b"tick" in r.stdout, r)

    stats = s.rt("ContainerStats", container_id=ticker).stats
    t.check("ContainerStats: its id, CPU time and working set", stats.attributes.id == ticker
            and stats.cpu.usage_core_nano_seconds.value > 0 and stats.memory.working_set_bytes.value > 0, stats)
    listed = s.rt("ListContainers", filter=pb.ContainerFilter(pod_sandbox_id=sandbox)).containers
    t.check("ListContainers: the pod's container, running", [(c.id, c.state) for c in listed] == [(ticker, pb.CONTAINER_RUNNING)], listed)

    log_path = st.log_path
    lines = open(log_path).read().splitlines() if os.path.exists(log_path) else []
    parsed = [LOG_LINE.match(line) for line in lines]
    t.check("log file: every line in the CRI format", lines and all(parsed), lines[:5])
    entries = [(m.group(2), m.group(3), m.group(4)) for m in parsed if m]
    t.check("log file: stdout and stderr lines, tagged", ("stdout", "F", "hello") in entries
            and ("stderr", "F", "oops") in entries and ("stdout", "F", "tick") in entries, entries[:5])

    graceful = s.container(sandbox, config, "graceful", GRACEFUL)
    s.rt("StartContainer", container_id=graceful)
    time.sleep(0.3)
    began = time.monotonic()
    s.rt("StopContainer", container_id=graceful, timeout=10)
    st = s.status(graceful)
    t.check("StopContainer: SIGTERM handled, exit code 0, Completed, well before the timeout",
            st.state == pb.CONTAINER_EXITED and st.exit_code == 0 and st.reason == "Completed"
            and time.monotonic() - began < 5, st)
    began = time.monotonic()
    s.rt("StopContainer", container_id=ticker, timeout=2)
    took = time.monotonic() - began
    st = s.status(ticker)
    t.check("StopContainer: pid 1 without a SIGTERM handler is killed after the 2 s timeout: 137",
            st.state == pb.CONTAINER_EXITED and st.exit_code == 137 and 1.8 < took < 8
            and st.finished_at > st.started_at, "%.1fs %s" % (took, st))

    short = s.container(sandbox, config, "short", SHORT)
    s.rt("StartContainer", container_id=short)
    st = wait_for(lambda: (lambda x: x if x.state == pb.CONTAINER_EXITED else None)(s.status(short)))
    t.check("a container that exits by itself: exit code 5, reason Error", st and st.exit_code == 5 and st.reason == "Error", st)

    containers = (ticker, graceful, short)
    for cid in containers:
        s.rt("RemoveContainer", container_id=cid)
    t.check("RemoveContainer: the containers are gone", all(s.not_found("ContainerStatus", container_id=c) for c in containers))
    t.check("RemoveContainer: no runtime state left", not any(os.path.exists(os.path.join(args.runc_root, s.ns, c))
                                                         for c in containers))

    s.rt("StopPodSandbox", pod_sandbox_id=sandbox)
    st = s.rt("PodSandboxStatus", pod_sandbox_id=sandbox).status
    t.check("StopPodSandbox: SANDBOX_NOTREADY", st.state == pb.SANDBOX_NOTREADY, st)
    t.check("StopPodSandbox: the network namespace is released", not netns or not os.path.exists(netns), netns)
    s.rt("RemovePodSandbox", pod_sandbox_id=sandbox)
    t.check("RemovePodSandbox: the pod is gone", s.not_found("PodSandboxStatus", pod_sandbox_id=sandbox)
            and sandbox not in [p.id for p in s.rt("ListPodSandbox").items])
    left = wait_for(lambda: not shims_of(args.socket, sandbox), timeout=10)
    t.check("no shim left after removal", left, shims_of(args.socket, sandbox))
    t.check("no runtime state or mount left", not os.path.exists(os.path.join(args.runc_root, s.ns, sandbox))
            and sandbox not in open("/proc/self/mountinfo").read())


def run_failing_pod(s):
    t, pb, args = s.t, s.pb, s.args
    config = s.pod_config("broken-" + args.handler)
    sandbox = s.rt("RunPodSandbox", config=config, runtime_handler=args.handler).pod_sandbox_id
    broken = s.container(sandbox, config, "broken", ["/no/such/command"])
    try:
        s.rt("StartContainer", container_id=broken)
        started, detail = True, ""
    except Exception as error:
        started, detail = False, error.details()
    t.check("StartContainer of a missing command fails", not started and "no such file" in detail.lower(), detail)
    st = s.status(broken)
    t.check("its status: CONTAINER_EXITED, exit code 128, StartError", st.state == pb.CONTAINER_EXITED
            and st.exit_code == 128 and st.reason == "StartError", st)
    s.rt("RemoveContainer", container_id=broken)
    t.check("the failed container is removed", s.not_found("ContainerStatus", container_id=broken)
            and not os.path.exists(os.path.join(args.runc_root, s.ns, broken)))
    t.check("the pod still runs after its container failed",
            s.rt("PodSandboxStatus", pod_sandbox_id=sandbox).status.state == pb.SANDBOX_READY)
    s.rt("StopPodSandbox", pod_sandbox_id=sandbox)
    s.rt("RemovePodSandbox", pod_sandbox_id=sandbox)
    t.check("the broken pod is removed, no shim left", s.not_found("PodSandboxStatus", pod_sandbox_id=sandbox)
            and wait_for(lambda: not shims_of(args.socket, sandbox), timeout=10), shims_of(args.socket, sandbox))
