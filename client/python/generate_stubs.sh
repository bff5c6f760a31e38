#!/usr/bin/env bash
# Generates the Python stubs investtrack_client needs, for use without a CMake build:
#
#   client/python/generate_stubs.sh            # into client/python/_gen (gitignored)
#   client/python/generate_stubs.sh OUT_DIR    # anywhere else; put OUT_DIR on PYTHONPATH
#
# Needs protoc and grpc_python_plugin (Debian: protobuf-compiler, protobuf-compiler-grpc).
# Everything in proto/ is generated with -I proto, so imports read `investtrack.v1`; the standard
# health service is generated as grpc_health.v1, the module path PyPI's grpcio-health-checking uses.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/client/python/_gen}"
plugin="$(command -v grpc_python_plugin || true)"
[ -n "$plugin" ] || { echo "grpc_python_plugin not found: apt-get install protobuf-compiler-grpc" >&2; exit 1; }

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
mkdir -p "$out" "$staging/grpc_health/v1"
rm -rf "$out/investtrack" "$out/google" "$out/grpc_health"
mapfile -t protos < <(cd "$root/proto" && find . -name '*.proto' -printf '%P\n' | sort)
protoc -I "$root/proto" --python_out="$out" --grpc_out="$out" --plugin=protoc-gen-grpc="$plugin" "${protos[@]}"
cp "$root/tests/integration/protos/grpc/health/v1/health.proto" "$staging/grpc_health/v1/health.proto"
protoc -I "$staging" --python_out="$out" --grpc_out="$out" --plugin=protoc-gen-grpc="$plugin" \
  "$staging/grpc_health/v1/health.proto"
echo "Python stubs in $out"
