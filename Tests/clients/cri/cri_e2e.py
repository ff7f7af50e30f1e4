#!/usr/bin/env python3
"""The CRI end-to-end checks, through containerd's CRI socket, for one runtime handler.

  cri_e2e.py --socket SOCK --handler NAME --shim BINARY --runc-root DIR --log-dir DIR
             [--oci runc|crun] [--label L]

Runs a pod the way the kubelet would (RunPodSandbox, CreateContainer, StartContainer, ExecSync,
streaming Exec and Attach, ContainerStatus, the CRI log file, ContainerStats, StopContainer,
RemoveContainer, StopPodSandbox, RemovePodSandbox) and a pod whose container cannot start.
Prints PASS/FAIL lines and ends with "LABEL: N passed, M failed"; exits 1 on any failure.
"""
import argparse
import os
import sys

import grpc

import cri
from checks import Checks
from scenario_pod import IMAGE, run_failing_pod, run_pod


def main():
    parser = argparse.ArgumentParser()
    for name in ("socket", "handler", "shim", "runc-root", "log-dir"):
        parser.add_argument("--" + name, required=True)
    parser.add_argument("--oci", choices=["runc", "crun"], default="runc", help="the OCI runtime the handler must run")
    parser.add_argument("--label", default=None)
    args = parser.parse_args()
    label = args.label or args.handler
    client = cri.CRIClient(args.socket)
    t = Checks(label)
    try:
        Scenario(client, t, args).run()
    except Exception as error:  # an unexpected RPC failure ends the run as one failure
        t.check("scenario ran to its end", False, repr(error))
    return t.finish()


class Scenario:
    def __init__(self, client, checks, args):
        self.c, self.pb, self.t, self.args = client, client.pb, checks, args
        self.ns = "k8s.io"

    def rt(self, method, **fields):
        request = getattr(self.pb, method + "Request")(**fields)
        return self.c.runtime(method, request)

    def status(self, cid):
        return self.rt("ContainerStatus", container_id=cid).status

    def not_found(self, method, **fields):
        try:
            self.rt(method, **fields)
            return False
        except grpc.RpcError as error:
            return error.code() == grpc.StatusCode.NOT_FOUND

    def pod_config(self, name):
        pb = self.pb
        config = pb.PodSandboxConfig(
            metadata=pb.PodSandboxMetadata(name=name, uid="uid-" + name, namespace="cri-e2e"),
            hostname=name, log_directory=os.path.join(self.args.log_dir, name),
            labels={"suite": "cri-e2e"})
        config.linux.cgroup_parent = "/hcsshim-cri-e2e"
        # As the kubelet sends for v1 pods: each container has its own PID namespace (pid 1).
        config.linux.security_context.namespace_options.pid = pb.CONTAINER
        return config

    def container(self, sandbox, config, name, command):
        pb = self.pb
        spec = pb.ContainerConfig(metadata=pb.ContainerMetadata(name=name), image=pb.ImageSpec(image=IMAGE),
                                  command=command, log_path=name + ".log",
                                  envs=[pb.KeyValue(key="CRI_E2E", value=name)])
        spec.linux.security_context.namespace_options.pid = pb.CONTAINER
        return self.rt("CreateContainer", pod_sandbox_id=sandbox, config=spec, sandbox_config=config).container_id

    def run(self):
        self.preflight()
        run_pod(self)
        run_failing_pod(self)

    def preflight(self):
        t = self.t
        version = self.rt("Version", version="v1")
        t.check("Version: runtime containerd, API v1", version.runtime_name == "containerd"
                and version.runtime_api_version == "v1", "%s %s" % (version.runtime_version, version.runtime_api_version))
        conditions = {c.type: c.status for c in self.rt("Status").status.conditions}
        t.check("Status: RuntimeReady and NetworkReady", conditions.get("RuntimeReady") and conditions.get("NetworkReady"), conditions)
        image = self.c.image("ImageStatus", self.pb.ImageStatusRequest(image=self.pb.ImageSpec(image=IMAGE))).image
        t.check("ImageStatus finds the imported image", IMAGE in image.repo_tags and image.size > 0, image.id)


if __name__ == "__main__":
    sys.exit(main())
