"""Hostile and broken ttrpc/HTTP/2 peers for scripts/hostile.sh, written against the wire
format only (no code of the shim's own).

    hostile_peer.py flood SOCKET PID COUNT   pipeline COUNT State requests without reading a
                                            reply; print the shim's RSS (KiB) before, at the
                                            peak, after the client drained every reply and
                                            after it hung up, and the replies it got
    hostile_peer.py state SOCKET            one State request; print the reply's status code
    hostile_peer.py slow-header SOCKET      send 5 bytes of a header, then wait for the hang-up;
                                            print the seconds it took (or "open")
    hostile_peer.py half-preface SOCKET     the same with 12 bytes of the HTTP/2 preface
    hostile_peer.py silent SOCKET           the same with nothing at all
    hostile_peer.py idle SOCKET SECONDS     one State, SECONDS of silence, one more State:
                                            print both status codes
    hostile_peer.py conn-flood SOCKET N      open N silent connections, then time one State
                                            from a new connection and the hang-up of all N
    hostile_peer.py exec-flood SOCKET ID N   register N execs in task ID on one connection,
                                            never starting them; print how many were accepted
                                            and the first refusal, then delete the accepted
"""
import select, socket, struct, sys, time


def varint(n):
    out = b""
    while True:
        b, n = n & 0x7F, n >> 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def ld(field, data):
    return varint(field << 3 | 2) + varint(len(data)) + data


def request(stream, method, payload):
    data = ld(1, b"containerd.task.v2.Task") + ld(2, method.encode()) + ld(3, payload)
    return struct.pack(">IIBB", len(data), stream, 1, 0) + data


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    return s


def recv_exactly(s, n):
    out = b""
    while len(out) < n:
        chunk = s.recv(n - len(out))
        if not chunk:
            return None
        out += chunk
    return out


def fields(b):
    """{number: value} of the varint and length-delimited fields of a message."""
    out, i = {}, 0

    def uvarint():
        nonlocal i
        n = shift = 0
        while True:
            c = b[i]
            i += 1
            n |= (c & 0x7F) << shift
            shift += 7
            if not c & 0x80:
                return n

    while i < len(b):
        key = uvarint()
        number, wire = key >> 3, key & 7
        if wire == 0:
            out[number] = uvarint()
        elif wire == 2:
            n = uvarint()
            out[number] = b[i:i + n]
            i += n
        else:
            break
    return out


def status_code(body):
    """Response.status(1).code(1); absent = 0 (OK)."""
    return fields(fields(body).get(1, b"")).get(1, 0)


def read_reply(s):
    head = recv_exactly(s, 10)
    if head is None:
        return None
    body = recv_exactly(s, struct.unpack(">I", head[:4])[0])
    return status_code(body or b"")


def flood(path, pid, count):
    before = rss_kib(pid)
    s = connect(path)
    s.setblocking(False)
    frames = [request(2 * n + 1, "State", ld(1, b"flood")) for n in range(count)]
    blob = b"".join(frames)
    sent, peak, stalled_at = 0, before, None
    deadline = time.time() + 120
    while sent < len(blob) and time.time() < deadline:
        try:
            sent += s.send(blob[sent:sent + 65536])
        except BlockingIOError:
            # The shim stopped reading: the bound holds. Watch its memory for a moment.
            if stalled_at is None:
                stalled_at = time.time()
            peak = max(peak, rss_kib(pid))
            if time.time() - stalled_at > 2:
                break
            time.sleep(0.01)
            continue
        peak = max(peak, rss_kib(pid))
    requests_sent = sent // len(frames[0])
    during = rss_kib(pid)
    peak = max(peak, during)
    # Now drain: read every reply while sending the rest.
    replies, buffered = 0, b""
    deadline = time.time() + 120
    while replies < count and time.time() < deadline:
        want_write = [s] if sent < len(blob) else []
        readable, writable, _ = select.select([s], want_write, [], 5)
        if writable:
            try:
                sent += s.send(blob[sent:sent + 65536])
            except BlockingIOError:
                pass
        if readable:
            chunk = s.recv(1 << 20)
            if not chunk:
                break
            buffered += chunk
            offset = 0
            while len(buffered) - offset >= 10:
                length = struct.unpack(">I", buffered[offset:offset + 4])[0]
                if len(buffered) - offset < 10 + length:
                    break
                offset += 10 + length
                replies += 1
            buffered = buffered[offset:]
        peak = max(peak, rss_kib(pid))
    time.sleep(0.5)
    drained = rss_kib(pid)
    s.close()
    time.sleep(0.5)
    after = rss_kib(pid)
    print(f"requests={count} sent_before_stall={requests_sent} replies={replies} "
          f"rss_before={before} rss_peak={peak} rss_stalled={during} rss_drained={drained} rss_after={after}")


def wait_hangup(s, limit=30):
    start = time.time()
    s.settimeout(limit)
    try:
        while True:
            data = s.recv(4096)
            if not data:
                break
    except socket.timeout:
        return "open"
    except ConnectionResetError:
        pass
    return f"{time.time() - start:.1f}"


def connect_patiently(path, deadline):
    """A connection once the listener's backlog has room (a full one refuses with EAGAIN)."""
    while time.time() < deadline:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.connect(path)
            s.setblocking(True)
            return s
        except BlockingIOError:
            s.close()
            time.sleep(0.005)
    return None


def conn_flood(path, count):
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, count + 64)), hard))
    start = time.time()
    silent = []
    for _ in range(count):
        s = connect_patiently(path, start + 20)
        if s is None:
            break
        silent.append(s)
    opened = time.time() - start
    probe_start = time.time()
    try:
        probe = connect_patiently(path, probe_start + 20)
        if probe is None:
            raise TimeoutError("backlog full for 20 s")
        probe.settimeout(20)
        probe.sendall(request(1, "State", ld(1, b"probe")))
        code = read_reply(probe)
    except OSError as error:
        code = f"error:{type(error).__name__}"
    probe_seconds = time.time() - probe_start
    open_left = 0
    for s in silent:
        s.settimeout(max(0.1, 30 - (time.time() - start)))
        try:
            if s.recv(1) != b"":
                open_left += 1
        except socket.timeout:
            open_left += 1
        except OSError:
            pass
        s.close()
    print(f"connections={len(silent)} opened_in={opened:.1f} state={code} state_seconds={probe_seconds:.1f} "
          f"all_dropped_after={time.time() - start:.1f} still_open={open_left}")


def exec_flood(path, task, count):
    s = connect(path)
    s.settimeout(20)
    spec = ld(1, b"types.containerd.io/opencontainers/runtime-spec/1/Process") + \
        ld(2, b'{"args":["true"],"cwd":"/","user":{"uid":0,"gid":0}}')
    stream, accepted, refusal = 1, [], None
    for n in range(count):
        exec_id = f"flood{n}".encode()
        s.sendall(request(stream, "Exec", ld(1, task.encode()) + ld(2, exec_id) + ld(7, spec)))
        stream += 2
        head = recv_exactly(s, 10)
        body = recv_exactly(s, struct.unpack(">I", head[:4])[0])
        code = status_code(body)
        if code == 0:
            accepted.append(exec_id)
        elif refusal is None:
            message = fields(fields(body).get(1, b"")).get(2, b"").decode()
            refusal = (code, message)
    deleted = 0
    for exec_id in accepted:
        s.sendall(request(stream, "Delete", ld(1, task.encode()) + ld(2, exec_id)))
        stream += 2
        if read_reply(s) == 0:
            deleted += 1
    code, message = refusal or (0, "")
    print(f"sent={count} accepted={len(accepted)} refused={count - len(accepted)} code={code} deleted={deleted}")
    print(f"message={message}")


def main():
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "flood":
        flood(path, int(sys.argv[3]), int(sys.argv[4]))
    elif mode == "state":
        s = connect(path)
        s.settimeout(10)
        s.sendall(request(1, "State", ld(1, b"probe")))
        print(read_reply(s))
    elif mode == "slow-header":
        s = connect(path)
        s.sendall(request(1, "State", ld(1, b"x"))[:5])
        print(wait_hangup(s))
    elif mode == "half-preface":
        s = connect(path)
        s.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"[:12])
        print(wait_hangup(s))
    elif mode == "silent":
        print(wait_hangup(connect(path)))
    elif mode == "idle":
        s = connect(path)
        s.settimeout(10)
        s.sendall(request(1, "State", ld(1, b"probe")))
        first = read_reply(s)
        time.sleep(float(sys.argv[3]))
        try:
            s.sendall(request(3, "State", ld(1, b"probe")))
            second = read_reply(s)
        except OSError as error:
            second = f"error:{error}"
        print(first, second)
    elif mode == "conn-flood":
        conn_flood(path, int(sys.argv[3]))
    elif mode == "exec-flood":
        exec_flood(path, sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
