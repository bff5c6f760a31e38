#!/usr/bin/env bash
# The project register's benchmarks against a throwaway PostgreSQL 15 with DEFAULT durability
# (fsync and synchronous_commit on, unlike the test cluster): pgbench's baseline on the same server,
# then ingest throughput (store_ingest_bench) and lookup/filter latency at a million projects
# (store_query_bench). Prints the numbers; the cluster is stopped and removed whatever happens.
#
#   scripts/bench-store.sh [--bulletins N] [--threads N] [--batch N] [--projects N] [--queries N]
#                          [--pgbench-seconds N] [--no-build] [--skip-pgbench] [--skip-ingest]
#                          [--skip-query]
# Builds into $INVESTTRACK_BUILD_DIR (default build/) unless --no-build.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BULLETINS=10000
THREADS=4
BATCH=100
PROJECTS=1000000
QUERIES=2000
PGBENCH_SECONDS=15
BUILD=1
RUN_PGBENCH=1
RUN_INGEST=1
RUN_QUERY=1
while [ $# -gt 0 ]; do
  case "$1" in
    --bulletins) BULLETINS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --batch) BATCH="$2"; shift 2 ;;
    --projects) PROJECTS="$2"; shift 2 ;;
    --queries) QUERIES="$2"; shift 2 ;;
    --pgbench-seconds) PGBENCH_SECONDS="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --skip-pgbench) RUN_PGBENCH=0; shift ;;
    --skip-ingest) RUN_INGEST=0; shift ;;
    --skip-query) RUN_QUERY=0; shift ;;
    *) die "unknown option $1 (see the header of $0)" ;;
  esac
done

if [ "$BUILD" -eq 1 ]; then
  export CCACHE_DIR="${CCACHE_DIR:-$INVESTTRACK_ROOT/.cache/ccache}"
  if [ ! -f "$INVESTTRACK_BUILD_DIR/CMakeCache.txt" ]; then
    cmake -S "$INVESTTRACK_ROOT" -B "$INVESTTRACK_BUILD_DIR" -DINVESTTRACK_BUILD_BENCH=ON >/dev/null
  fi
  log "building the store benchmarks in $INVESTTRACK_BUILD_DIR"
  cmake --build "$INVESTTRACK_BUILD_DIR" -j"$(nproc)" --target store_ingest_bench store_query_bench >/dev/null
fi
INGEST_BENCH="$INVESTTRACK_BUILD_DIR/bin/store_ingest_bench"
QUERY_BENCH="$INVESTTRACK_BUILD_DIR/bin/store_query_bench"
[ -x "$INGEST_BENCH" ] && [ -x "$QUERY_BENCH" ] || die "benchmarks not built in $INVESTTRACK_BUILD_DIR"

# CPU ticks (user + system) the cluster has used: the postmaster with its exited children
# (backends of closed connections) plus its live children.
cluster_cpu_ticks() {
  local postmaster
  postmaster="$(head -1 "$1/postmaster.pid")"
  # Fields of /proc/PID/stat: 4 parent, 14/15 user/system, 16/17 the same of waited-for children
  # (process names here have no spaces).
  cat /proc/[0-9]*/stat 2>/dev/null | awk -v pm="$postmaster" '
    $1 == pm { total += $14 + $15 + $16 + $17 }
    $4 == pm { total += $14 + $15 }
    END { print total }'
}

CLUSTER_DIR="$(mktemp -d "${TMPDIR:-/tmp}/investtrack-bench.XXXXXX")"
remove_cluster() {
  local status=$?
  trap - EXIT INT TERM
  pg_stop "$CLUSTER_DIR/pgdata" fast
  rm -rf "$CLUSTER_DIR"
  exit "$status"
}
trap remove_cluster EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if is_root; then chown postgres:postgres "$CLUSTER_DIR"; fi

PG_PORT="$(free_port)"
log "starting a throwaway PostgreSQL (default durability) on 127.0.0.1:$PG_PORT in $CLUSTER_DIR"
# LC_CTYPE C.UTF-8 (collation stays C): pg_trgm then sees Chinese characters as letters, so the
# name trigram indexes work; under LC_CTYPE=C they extract no trigrams from Chinese at all.
pg_init "$CLUSTER_DIR/pgdata" --auth-host=trust --lc-ctype=C.UTF-8
as_db_owner touch "$CLUSTER_DIR/postgres.log"
pg_start "$CLUSTER_DIR/pgdata" "$PG_PORT" "$CLUSTER_DIR/postgres.log"
SERVER_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"

echo "== machine"
echo "date:   $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpus:   $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before the runs)"
pg_sql "$CLUSTER_DIR/pgdata" "$PG_PORT" "SELECT 'server: ' || version() || '; fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit') || ', shared_buffers=' || current_setting('shared_buffers')"

if [ "$RUN_PGBENCH" -eq 1 ]; then
  echo "== pgbench baseline (scale 10, -c4 -j2 -T$PGBENCH_SECONDS)"
  PGBENCH=("$PG_BIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U postgres)
  pg_sql "$CLUSTER_DIR/pgdata" "$PG_PORT" "CREATE DATABASE pgbench"
  as_db_owner "${PGBENCH[@]}" -i -s 10 -q pgbench >/dev/null 2>&1
  # One row per transaction into pgbench's own history table: the simplest durable insert.
  INSERT_SCRIPT="$CLUSTER_DIR/one_row_insert.sql"
  cat >"$INSERT_SCRIPT" <<'SQL'
\set aid random(1, 100000 * :scale)
\set bid random(1, 1 * :scale)
\set tid random(1, 10 * :scale)
\set delta random(-5000, 5000)
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, :delta, CURRENT_TIMESTAMP);
SQL
  chmod 644 "$INSERT_SCRIPT"
  as_db_owner "${PGBENCH[@]}" -n -f "$INSERT_SCRIPT" -c4 -j2 -T"$PGBENCH_SECONDS" pgbench 2>/dev/null |
    grep -E '^(tps|latency average)' | sed 's/^/one-row INSERT: /'
  as_db_owner "${PGBENCH[@]}" -S -c4 -j2 -T"$PGBENCH_SECONDS" pgbench 2>/dev/null |
    grep -E '^(tps|latency average)' | sed 's/^/select-only -S: /'
  pg_sql "$CLUSTER_DIR/pgdata" "$PG_PORT" "DROP DATABASE pgbench"
fi

if [ "$RUN_INGEST" -eq 1 ]; then
  echo "== store ingest ($BULLETINS synthetic bulletins, $THREADS threads, $BATCH per call)"
  CPU_BEFORE="$(cluster_cpu_ticks "$CLUSTER_DIR/pgdata")"
  "$INGEST_BENCH" --server-url "$SERVER_URL" --bulletins "$BULLETINS" --threads "$THREADS" --batch "$BATCH" |
    tee "$CLUSTER_DIR/ingest.txt"
  sleep 1  # the benchmark's connections are closed; their backends' CPU lands in the postmaster's
  CPU_AFTER="$(cluster_cpu_ticks "$CLUSTER_DIR/pgdata")"
  OBSERVATIONS="$(grep -o '[0-9]* observations in' "$CLUSTER_DIR/ingest.txt" | cut -d' ' -f1)"
  # The whole cluster's CPU from database creation to the end (migrations and counts included,
  # well under 1%): with the benchmark's own "client CPU" line, what one observation costs.
  awk -v ticks="$((CPU_AFTER - CPU_BEFORE))" -v hz="$(getconf CLK_TCK)" -v n="$OBSERVATIONS" \
    'BEGIN { printf "postgres CPU: %.3f ms per observation\n", ticks * 1000 / hz / n }'
fi

if [ "$RUN_QUERY" -eq 1 ]; then
  echo "== store lookup/filter latency ($PROJECTS projects)"
  "$QUERY_BENCH" --server-url "$SERVER_URL" --projects "$PROJECTS" --queries "$QUERIES" --explain
fi

echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (after the runs)"
