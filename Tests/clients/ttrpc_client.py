#!/usr/bin/env python3
"""An independent ttrpc client, written from the protocol description only.

It shares no code with the Swift shim: frames and protobuf are encoded by hand here. It calls
containerd.task.v2.Task/Connect with ConnectRequest{id} and prints one JSON object with the raw
response frame and its decoded fields.

    ttrpc_client.py SOCKET ID [--namespace NS] [--stream-id N] [--method NAME]

Frame: u32 BE data length, u32 BE stream id, u8 type (1 request, 2 response), u8 flags.
Request: 1 service, 2 method, 3 payload, 4 timeout_nano, 5 repeated KeyValue{1 key, 2 value}.
Response: 1 status google.rpc.Status{1 code, 2 message}, 2 payload.
ConnectRequest: 1 id. ConnectResponse: 1 shim_pid, 2 task_pid (uint32), 3 version.
"""
import argparse
import json
import socket
import struct
import sys


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field_bytes(number, data):
    return varint(number << 3 | 2) + varint(len(data)) + data


def field_varint(number, value):
    return varint(number << 3 | 0) + varint(value)


def parse(data):
    """Protobuf fields as {number: [value, ...]}; varints as int, length-delimited as bytes."""
    fields, index = {}, 0

    def read_varint():
        nonlocal index
        value, shift = 0, 0
        while True:
            byte = data[index]
            index += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return value

    while index < len(data):
        key = read_varint()
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value = read_varint()
        elif wire_type == 2:
            length = read_varint()
            value = bytes(data[index:index + length])
            index += length
        elif wire_type == 1:
            value = bytes(data[index:index + 8])
            index += 8
        elif wire_type == 5:
            value = bytes(data[index:index + 4])
            index += 4
        else:
            raise ValueError("unsupported wire type %d" % wire_type)
        fields.setdefault(number, []).append(value)
    return fields


def receive_exactly(sock, count):
    data = bytearray()
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise ConnectionError("connection closed after %d of %d bytes" % (len(data), count))
        data += chunk
    return bytes(data)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("socket")
    parser.add_argument("id")
    parser.add_argument("--namespace", default="default")
    parser.add_argument("--stream-id", type=int, default=1)
    parser.add_argument("--service", default="containerd.task.v2.Task")
    parser.add_argument("--method", default="Connect")
    args = parser.parse_args()

    payload = field_bytes(1, args.id.encode())
    metadata = field_bytes(1, b"containerd-namespace-ttrpc") + field_bytes(2, args.namespace.encode())
    request = (field_bytes(1, args.service.encode()) + field_bytes(2, args.method.encode())
               + field_bytes(3, payload) + field_bytes(5, metadata))
    frame = struct.pack(">IIBB", len(request), args.stream_id, 1, 0) + request

    path = args.socket[len("unix://"):] if args.socket.startswith("unix://") else args.socket
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(10)
            sock.connect(path)
            sock.sendall(frame)
            header = receive_exactly(sock, 10)
            length, stream_id, message_type, flags = struct.unpack(">IIBB", header)
            data = receive_exactly(sock, length)
    except (ConnectionError, BrokenPipeError) as error:
        # The server hung up (e.g. refused our peer credentials) before answering.
        sys.stderr.write("connection closed by server: %s\n" % error)
        sys.exit(3)

    response = parse(data)
    result = {
        "request_frame": frame.hex(),
        "response_frame": (header + data).hex(),
        "stream_id": stream_id,
        "type": message_type,
        "flags": flags,
        "has_status": 1 in response,
    }
    if 1 in response:
        status = parse(response[1][0])
        result["status_code"] = status.get(1, [0])[0]
        result["status_message"] = status.get(2, [b""])[0].decode()
    payload_bytes = response.get(2, [b""])[0]
    result["payload"] = payload_bytes.hex()
    connect = parse(payload_bytes)
    result["shim_pid"] = connect.get(1, [0])[0]
    result["task_pid"] = connect.get(2, [0])[0]
    result["version"] = connect.get(3, [b""])[0].decode()
    json.dump(result, sys.stdout, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
