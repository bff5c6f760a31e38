#!/usr/bin/python3
"""Asks a running investtrackd what any generic gRPC client could: its health, and its services
through server reflection. Needs only Debian's python3-grpcio: the few messages involved are
encoded by hand, so no generated stubs are required.

    /usr/bin/python3 scripts/grpc_probe.py health                      # SERVING / NOT_SERVING
    /usr/bin/python3 scripts/grpc_probe.py health investtrack.v1.BulletinService
    /usr/bin/python3 scripts/grpc_probe.py services                    # one service per line
    /usr/bin/python3 scripts/grpc_probe.py --wait 30 health            # retry until SERVING

Exit status: 0 when SERVING (or services were listed), 1 otherwise.
"""
import argparse
import sys
import time

import grpc

HEALTH_CHECK = "/grpc.health.v1.Health/Check"
REFLECTION_INFO = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"
SERVING_STATUS = {0: "UNKNOWN", 1: "SERVING", 2: "NOT_SERVING", 3: "SERVICE_UNKNOWN"}


def encode_varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def encode_string_field(number, text):
    data = text.encode("utf-8")
    return encode_varint(number << 3 | 2) + encode_varint(len(data)) + data


def decode_varint(data, pos):
    value, shift = 0, 0
    while True:
        if pos >= len(data):
            raise ValueError("truncated varint")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def fields(data):
    """Yields (field number, value) for each field of a serialized message; LEN values as bytes."""
    pos = 0
    while pos < len(data):
        key, pos = decode_varint(data, pos)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, pos = decode_varint(data, pos)
        elif wire_type == 2:
            length, pos = decode_varint(data, pos)
            value, pos = data[pos:pos + length], pos + length
        elif wire_type == 1:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire_type == 5:
            value, pos = data[pos:pos + 4], pos + 4
        else:
            raise ValueError(f"unsupported wire type {wire_type}")
        yield number, value


def health(channel, service, timeout):
    request = encode_string_field(1, service) if service else b""
    response = channel.unary_unary(HEALTH_CHECK)(request, timeout=timeout)
    status = dict(fields(response)).get(1, 0)
    return SERVING_STATUS.get(status, str(status))


def services(channel, timeout):
    list_services = encode_string_field(7, "")
    names = []
    for response in channel.stream_stream(REFLECTION_INFO)(iter([list_services]), timeout=timeout):
        for number, value in fields(response):
            if number == 6:  # list_services_response
                for _, service in fields(value):
                    names.extend(name.decode("utf-8") for n, name in fields(service) if n == 1)
    return sorted(names)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", default="127.0.0.1:50051", help="host:port of investtrackd")
    parser.add_argument("--wait", type=float, default=0, help="seconds to keep retrying until it answers")
    parser.add_argument("command", choices=["health", "services"])
    parser.add_argument("service", nargs="?", default="", help="health: a service name; empty = the server")
    args = parser.parse_args()

    deadline = time.monotonic() + args.wait
    with grpc.insecure_channel(args.server) as channel:
        while True:
            try:
                if args.command == "health":
                    status = health(channel, args.service, timeout=5)
                    if status == "SERVING" or time.monotonic() >= deadline:
                        print(status)
                        return 0 if status == "SERVING" else 1
                else:
                    print("\n".join(services(channel, timeout=5)))
                    return 0
            except grpc.RpcError as error:
                if time.monotonic() >= deadline:
                    print(f"{error.code().name}: {error.details()}", file=sys.stderr)
                    return 1
            if time.monotonic() >= deadline:
                return 1
            time.sleep(0.5)


if __name__ == "__main__":
    sys.exit(main())
