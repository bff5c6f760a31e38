#!/usr/bin/env bash
# Whole-CLI parsing throughput, measured as a user runs it: `investtrack parse --format=json`
# reading files and writing JSON (to /dev/null), process start-up included.
#
#   bench/cli_parse_throughput.sh [INVESTTRACK_BINARY] [--mib N] [--runs N] [--keep DIR]
#
# INVESTTRACK_BINARY defaults to build/bin/investtrack of this checkout. Three measurements, each
# the best of --runs (default 3) runs, in MB/s (10^6 bytes) of input per second of wall time,
# with the CPU time (user + system) of that run:
#   1. mixed: one file of at least --mib MiB (default 16) of the mixed real corpus, built as
#      bench/parser_bench.cc builds it: the seed, then every *.txt of the real dev corpus sorted
#      by name, each followed by a blank line ("\n\n"), repeated, stopping after the article that
#      reaches the size;
#   2. unlabelled: a copy of every *.txt of the unlabelled corpus, all passed to one invocation;
#   3. start-up: the seed alone (16 KB), to read the fixed cost in 2.
# --keep DIR also leaves the mixed file in DIR/mixed-<N>MiB.txt (e.g. for valgrind --tool=callgrind).
# Environment: INVESTTRACK_REAL_CORPUS_DIR (default tests/data/real/dev of this checkout),
# INVESTTRACK_UNLABELLED_DIR (default ../shared/corpus/unlabelled beside the checkout; skipped when absent).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BINARY="$ROOT/build/bin/investtrack"
MIB=16
RUNS=3
KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --mib) MIB="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --keep) KEEP="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "cli_parse_throughput: unknown option $1" >&2; exit 2 ;;
    *) BINARY="$1"; shift ;;
  esac
done
SEED="$ROOT/tests/data/000_591e0df0c0e1022c.txt"
REAL_DIR="${INVESTTRACK_REAL_CORPUS_DIR:-$ROOT/tests/data/real/dev}"
UNLABELLED_DIR="${INVESTTRACK_UNLABELLED_DIR:-$ROOT/../shared/corpus/unlabelled}"

die() { echo "cli_parse_throughput: $*" >&2; exit 1; }
[ -x "$BINARY" ] || die "no executable CLI at $BINARY (give its path as the first argument)"
[ -r "$SEED" ] || die "cannot read the seed $SEED"

export LC_ALL=C  # glob order = byte order of the names, as in parser_bench
shopt -s nullglob
articles=("$SEED" "$REAL_DIR"/*.txt)
[ "${#articles[@]}" -gt 1 ] || die "no *.txt article in the real corpus directory '$REAL_DIR' (set INVESTTRACK_REAL_CORPUS_DIR)"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/cli-parse-throughput.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# One round of the mixed corpus, then whole rounds, then single articles up to the size.
target=$((MIB * 1024 * 1024))
for f in "${articles[@]}"; do cat "$f"; printf '\n\n'; done > "$TMP/round.txt"
round_bytes=$(stat -c %s "$TMP/round.txt")
rounds=$((target / round_bytes))
for ((i = 0; i < rounds; i++)); do cat "$TMP/round.txt"; done > "$TMP/mixed.txt"
size=$((rounds * round_bytes))
for f in "${articles[@]}"; do
  [ "$size" -lt "$target" ] || break
  { cat "$f"; printf '\n\n'; } >> "$TMP/mixed.txt"
  size=$(stat -c %s "$TMP/mixed.txt")
done
if [ -n "$KEEP" ]; then
  mkdir -p "$KEEP"
  cp "$TMP/mixed.txt" "$KEEP/mixed-${MIB}MiB.txt"
fi

# best_of LABEL BYTES FILE...: runs the CLI $RUNS times, prints the fastest run.
best_of() {
  local label="$1" bytes="$2"; shift 2
  local best_wall="" best_cpu="" run start end wall cpu status
  for ((run = 0; run < RUNS; run++)); do
    status=0
    start=$(date +%s%N)
    /usr/bin/time -f '%U %S' -o "$TMP/time" "$BINARY" parse --format=json "$@" > /dev/null 2> "$TMP/stderr" || status=$?
    end=$(date +%s%N)
    if [ "$status" -ne 0 ]; then
      cat "$TMP/stderr" >&2
      die "$label: investtrack parse exited with $status"
    fi
    wall=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')
    cpu=$(awk 'END { printf "%.2f", $1 + $2 }' "$TMP/time")
    if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
      best_wall="$wall"; best_cpu="$cpu"
    fi
  done
  awk -v l="$label" -v n="$#" -v b="$bytes" -v w="$best_wall" -v c="$best_cpu" 'BEGIN {
    if (c < 0.01) c = 0.01;  # /usr/bin/time counts CPU in hundredths of a second
    printf "%-11s %3d file(s) %10d bytes  best wall %7.3f s = %6.1f MB/s   its cpu (user+sys) %6.2f s = %6.1f MB/s\n",
           l, n, b, w, b / w / 1e6, c, b / c / 1e6 }'
}

echo "CLI: $BINARY"
echo "machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "mixed corpus: seed + $((${#articles[@]} - 1)) articles of $REAL_DIR, $round_bytes bytes a round"
echo "best of $RUNS runs:"
best_of mixed "$size" "$TMP/mixed.txt"

unlabelled=("$UNLABELLED_DIR"/*.txt)
if [ "${#unlabelled[@]}" -gt 0 ]; then
  mkdir "$TMP/unlabelled"
  cp "${unlabelled[@]}" "$TMP/unlabelled/"
  copies=("$TMP/unlabelled"/*.txt)
  best_of unlabelled "$(cat "${copies[@]}" | wc -c)" "${copies[@]}"
else
  echo "unlabelled: no *.txt in $UNLABELLED_DIR, skipped (set INVESTTRACK_UNLABELLED_DIR)"
fi
best_of start-up "$(stat -c %s "$SEED")" "$SEED"
