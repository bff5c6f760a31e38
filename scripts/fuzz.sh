#!/usr/bin/env bash
# Fuzzes parse_bulletin with libFuzzer under ASan+UBSan. Usage: scripts/fuzz.sh [SECONDS] (default 300)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ is missing (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DINVESTTRACK_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target parse_fuzzer
corpus=build-fuzz/corpus
mkdir -p "$corpus"
cp tests/data/*.txt "$corpus"/
# -rss_limit_mb and -timeout make a blow-up in memory or time a finding, not a hang.
build-fuzz/bin/parse_fuzzer "$corpus" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
