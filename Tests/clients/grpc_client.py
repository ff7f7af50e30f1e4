#!/usr/bin/env python3
"""A gRPC client on raw bytes (python grpcio), for the shim's transport tests.

No generated code and no .proto files: requests and replies are passed as hex.

  grpc_client.py unary  SOCKET /package.Service/Method HEX [--timeout S] [--metadata K=V ...]
  grpc_client.py stream SOCKET /package.Service/Method HEX [--timeout S] [--metadata K=V ...]

Prints each reply as one line of hex. On a non-OK status prints "STATUS <code> <details>"
to stdout and exits 2; usage errors exit 64.
"""
import argparse
import sys

import grpc


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["unary", "stream"])
    parser.add_argument("socket")
    parser.add_argument("method")
    parser.add_argument("request")
    parser.add_argument("--timeout", type=float, default=None)
    parser.add_argument("--metadata", action="append", default=[])
    args = parser.parse_args()

    metadata = [tuple(entry.split("=", 1)) for entry in args.metadata]
    request = bytes.fromhex(args.request)
    with grpc.insecure_channel("unix:" + args.socket) as channel:
        try:
            if args.kind == "unary":
                call = channel.unary_unary(args.method, request_serializer=None, response_deserializer=None)
                replies = [call(request, timeout=args.timeout, metadata=metadata)]
            else:
                call = channel.unary_stream(args.method, request_serializer=None, response_deserializer=None)
                replies = call(request, timeout=args.timeout, metadata=metadata)
            for reply in replies:
                print(reply.hex(), flush=True)
        except grpc.RpcError as error:
            print(f"STATUS {error.code().value[0]} {error.details()}", flush=True)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
