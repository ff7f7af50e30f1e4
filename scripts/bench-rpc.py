#!/usr/bin/env python3
"""Task RPC round trips for scripts/bench.sh, many calls on one connection, so process start
and connection setup are excluded.

    bench-rpc.py ttrpc SOCKET ID NAMESPACE COUNT   containerd.task.v2.Task/State
    bench-rpc.py grpc  SOCKET ID NAMESPACE COUNT   the same over gRPC
    bench-rpc.py exec  SOCKET ID NAMESPACE COUNT   an exec of /bin/true over ttrpc: Exec, then
                                                   Wait and Start together, then Delete (the
                                                   calls `ctr task exec` makes through containerd)

Prints one time per line, in microseconds (State) or milliseconds (exec), after warm-up calls
that are not printed. Exits 1 if any reply is an error: a benchmark of failing calls measures
nothing.

ttrpc frames are encoded by hand (u32 BE length, u32 BE stream id, u8 type, u8 flags;
Request{1 service, 2 method, 3 payload, 5 metadata KeyValue{1,2}}), as in
Tests/clients/ttrpc_client.py. gRPC uses python grpcio on raw bytes. StateRequest{1 id}.
"""
import json
import os
import socket
import struct
import sys
import time

WARMUP = 20
EXEC_WARMUP = 2


# The frame encoding is the test suite's independent ttrpc client's.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "clients"))
from ttrpc_client import field_bytes as field, receive_exactly  # noqa: E402


class TTRPCConnection:
    """Requests on one connection; responses are matched to their stream ids."""

    def __init__(self, path, namespace):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(10)
        self.sock.connect(path)
        self.metadata = field(1, b"containerd-namespace-ttrpc") + field(2, namespace.encode())
        self.stream = 1

    def request(self, method, payload):
        """An encoded Request{1 service, 2 method, 3 payload, 5 metadata}."""
        return (field(1, b"containerd.task.v2.Task") + field(2, method)
                + field(3, payload) + field(5, self.metadata))

    def send(self, method, payload):
        return self.send_request(self.request(method, payload))

    def send_request(self, request):
        """Frames and sends an encoded request on the next stream id; returns that id."""
        stream, self.stream = self.stream, self.stream + 2
        self.sock.sendall(struct.pack(">IIBB", len(request), stream, 1, 0) + request)
        return stream

    def receive(self, streams):
        """Reads until every stream in `streams` is answered; fails on an error status."""
        pending = set(streams)
        while pending:
            length, stream, kind, _ = struct.unpack(">IIBB", receive_exactly(self.sock, 10))
            data = receive_exactly(self.sock, length)
            if kind != 2 or stream not in pending or (data and data[0] == 0x0A):
                raise RuntimeError("stream %d failed: %s" % (stream, data.hex()))
            pending.discard(stream)


def ttrpc_calls(path, payload, namespace, count):
    connection = TTRPCConnection(path, namespace)
    request = connection.request(b"State", payload)
    samples = []
    for i in range(WARMUP + count):
        start = time.perf_counter_ns()
        connection.receive([connection.send_request(request)])
        elapsed = time.perf_counter_ns() - start
        if i >= WARMUP:
            samples.append(elapsed / 1000)
    connection.sock.close()
    return samples


def ttrpc_execs(path, task_id, namespace, count):
    process = json.dumps({"args": ["/bin/true"], "cwd": "/", "env": ["PATH=/bin"],
                          "user": {"uid": 0, "gid": 0}}).encode()
    spec = field(1, b"types.containerd.io/opencontainers/runtime-spec/1/Process") + field(2, process)
    connection = TTRPCConnection(path, namespace)
    samples = []
    for i in range(EXEC_WARMUP + count):
        # ExecProcessRequest{1 id, 2 exec_id, 7 spec}; Wait/Start/DeleteRequest{1 id, 2 exec_id};
        # empty stdio paths: both shims give the process /dev/null.
        ids = field(1, task_id.encode()) + field(2, ("bench%d-%d" % (os.getpid(), i)).encode())
        start = time.perf_counter_ns()
        connection.receive([connection.send(b"Exec", ids + field(7, spec))])
        connection.receive([connection.send(b"Wait", ids), connection.send(b"Start", ids)])
        connection.receive([connection.send(b"Delete", ids)])
        elapsed = time.perf_counter_ns() - start
        if i >= EXEC_WARMUP:
            samples.append(elapsed / 1e6)
    connection.sock.close()
    return samples


def grpc_calls(path, payload, namespace, count):
    import grpc
    samples = []
    with grpc.insecure_channel("unix:" + path) as channel:
        call = channel.unary_unary("/containerd.task.v2.Task/State",
                                   request_serializer=None, response_deserializer=None)
        metadata = [("containerd-namespace", namespace)]
        for i in range(WARMUP + count):
            start = time.perf_counter_ns()
            call(payload, timeout=10, metadata=metadata)
            elapsed = time.perf_counter_ns() - start
            if i >= WARMUP:
                samples.append(elapsed / 1000)
    return samples


def main():
    if len(sys.argv) != 6 or sys.argv[1] not in ("ttrpc", "grpc", "exec"):
        sys.stderr.write(__doc__)
        return 64
    kind, path, task_id, namespace, count = sys.argv[1:]
    path = path[len("unix://"):] if path.startswith("unix://") else path
    payload = field(1, task_id.encode())
    try:
        if kind == "exec":
            samples = ttrpc_execs(path, task_id, namespace, int(count))
        else:
            samples = (ttrpc_calls if kind == "ttrpc" else grpc_calls)(path, payload, namespace, int(count))
    except Exception as error:  # grpc.RpcError, socket errors: report and fail
        sys.stderr.write("%s failed: %s\n" % (kind, error))
        return 1
    sys.stdout.write("".join("%.2f\n" % s for s in samples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
