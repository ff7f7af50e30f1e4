"""A client for the CRI streaming server's exec and attach URLs, over WebSocket.

containerd's CRI answers Exec and Attach with a URL on its streaming server
(http://127.0.0.1:PORT/exec/TOKEN); the request itself was cached under the token. The server
speaks SPDY and WebSocket; this client uses WebSocket (RFC 6455) with the `v4.channel.k8s.io`
subprotocol: every binary message starts with a channel byte — 0 stdin, 1 stdout, 2 stderr,
3 error (a JSON metav1.Status once the command ends), 4 resize — followed by the data.

    result = run_stream(url, stdin=b"line\\n")   # -> StreamResult(stdout, stderr, status)
"""
import base64
import json
import os
import socket
import struct
import time
import urllib.parse
from dataclasses import dataclass, field

PROTOCOL = "v4.channel.k8s.io"
STDIN, STDOUT, STDERR, ERROR = 0, 1, 2, 3


@dataclass
class StreamResult:
    stdout: bytes = b""
    stderr: bytes = b""
    status: dict = field(default_factory=dict)  # the error channel's Status; {} if none arrived

    def exit_code(self):
        """0 for Success; the ExitCode cause for NonZeroExitCode; None when no status arrived."""
        if self.status.get("status") == "Success":
            return 0
        for cause in self.status.get("details", {}).get("causes", []):
            if cause.get("reason") == "ExitCode":
                return int(cause.get("message", "-1"))
        return None


def _frame(opcode, payload):
    """A client frame: FIN set, masked as RFC 6455 requires of clients."""
    mask = os.urandom(4)
    head = bytes([0x80 | opcode])
    if len(payload) < 126:
        head += bytes([0x80 | len(payload)])
    elif len(payload) < 1 << 16:
        head += bytes([0x80 | 126]) + struct.pack("!H", len(payload))
    else:
        head += bytes([0x80 | 127]) + struct.pack("!Q", len(payload))
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


class _Reader:
    def __init__(self, sock, initial=b""):
        self.sock, self.buffer = sock, initial

    def take(self, count):
        while len(self.buffer) < count:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("stream closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def message(self):
        """(opcode, payload) of the next whole message, continuation frames joined."""
        opcode, payload = None, b""
        while True:
            first, second = self.take(2)
            opcode = opcode if (first & 0x0F) == 0 else first & 0x0F
            length = second & 0x7F
            if length == 126:
                length = struct.unpack("!H", self.take(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", self.take(8))[0]
            mask = self.take(4) if second & 0x80 else None
            data = self.take(length)
            if mask:
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
            payload += data
            if first & 0x80:
                return opcode, payload


def connect(url, timeout=30.0):
    """Opens the WebSocket; returns (socket, reader). Raises on a refused upgrade."""
    parts = urllib.parse.urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout)
    key = base64.b64encode(os.urandom(16)).decode()
    path = parts.path + ("?" + parts.query if parts.query else "")
    request = ("GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: %s\r\n"
               "Origin: http://%s\r\n\r\n") % (path, parts.netloc, key, PROTOCOL, parts.netloc)
    sock.sendall(request.encode())
    reply = b""
    while b"\r\n\r\n" not in reply:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("streaming server closed the upgrade: %r" % reply)
        reply += chunk
    head, rest = reply.split(b"\r\n\r\n", 1)
    if not head.startswith(b"HTTP/1.1 101"):
        raise ConnectionError("upgrade refused: %s" % head.decode(errors="replace"))
    return sock, _Reader(sock, rest)


def run_stream(url, stdin=None, until=None, timeout=30.0):
    """Runs one exec/attach stream to its end (or until `until(result)` is true, then closes).

    stdin bytes are sent on channel 0 right after the upgrade (v4 has no stdin half-close, so
    the command must stop reading by itself, e.g. `head -n1`)."""
    sock, reader = connect(url, timeout)
    result = StreamResult()
    deadline = time.monotonic() + timeout
    try:
        if stdin:
            sock.sendall(_frame(0x2, bytes([STDIN]) + stdin))
        while time.monotonic() < deadline:
            try:
                opcode, payload = reader.message()
            except EOFError:
                break
            if opcode == 0x8:  # close
                break
            if opcode == 0x9:  # ping
                sock.sendall(_frame(0xA, payload))
                continue
            if opcode not in (0x1, 0x2) or not payload:
                continue
            channel, data = payload[0], payload[1:]
            if channel == STDOUT:
                result.stdout += data
            elif channel == STDERR:
                result.stderr += data
            elif channel == ERROR and data:
                result.status = json.loads(data)
            if until is not None and until(result):
                break
    finally:
        try:
            sock.sendall(_frame(0x8, struct.pack("!H", 1000)))
        except OSError:
            pass
        sock.close()
    return result
