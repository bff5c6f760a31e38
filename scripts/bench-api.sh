#!/usr/bin/env bash
# investtrackd under load, side by side with pgbench -S on the same throwaway PostgreSQL 15
# (default durability): the ingest of the synthetic bulletins through BatchIngestBulletins (one
# caller, --ingest-batch bulletins per call, default 50 as the CLI sends), then GetProject and
# ListProjects throughput and p50/p99 with 16 concurrent callers (bench/api_load.cc), and the
# server's resident memory idle and under load. Prints the numbers; the cluster and the server
# are stopped and removed whatever happens.
#
#   scripts/bench-api.sh [--callers N] [--seconds N] [--bulletins N] [--ingest-batch N] [--no-build]
#                        [--profile PREFIX] [--client queue|sync] [--connections N]
#                        [--server-arg ARG]...
# --client picks api_load's gRPC client API (default queue); --connections how many connections
# the callers share (default one each); --server-arg passes an option to
# investtrackd (e.g. --server-arg=--project-cache-mb --server-arg=0).
# --profile records the whole machine with `perf record -a -g` during each run, into
# PREFIX.get.data and PREFIX.list.data (read them with `perf report -i FILE --sort comm,dso`).
# Builds into $INVESTTRACK_BUILD_DIR (default build/) unless --no-build.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CALLERS=16
SECONDS_PER_RUN=10
BULLETINS=100
INGEST_BATCH=50
BUILD=1
PROFILE_PREFIX=""
CLIENT=queue
CONNECTIONS=0
SERVER_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --callers) CALLERS="$2"; shift 2 ;;
    --seconds) SECONDS_PER_RUN="$2"; shift 2 ;;
    --bulletins) BULLETINS="$2"; shift 2 ;;
    --ingest-batch) INGEST_BATCH="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --profile) PROFILE_PREFIX="$2"; shift 2 ;;
    --client) CLIENT="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --server-arg) SERVER_ARGS+=("$2"); shift 2 ;;
    --server-arg=*) SERVER_ARGS+=("${1#--server-arg=}"); shift ;;
    *) die "unknown option $1 (see the header of $0)" ;;
  esac
done

if [ "$BUILD" -eq 1 ]; then
  export CCACHE_DIR="${CCACHE_DIR:-$INVESTTRACK_ROOT/.cache/ccache}"
  if [ ! -f "$INVESTTRACK_BUILD_DIR/CMakeCache.txt" ]; then
    cmake -S "$INVESTTRACK_ROOT" -B "$INVESTTRACK_BUILD_DIR" >/dev/null
  fi
  log "building investtrackd and api_load in $INVESTTRACK_BUILD_DIR"
  cmake --build "$INVESTTRACK_BUILD_DIR" -j"$(nproc)" --target investtrackd api_load >/dev/null
fi
SERVER_BIN="$INVESTTRACK_BUILD_DIR/bin/investtrackd"
LOAD_BIN="$INVESTTRACK_BUILD_DIR/bin/api_load"
[ -x "$SERVER_BIN" ] && [ -x "$LOAD_BIN" ] || die "investtrackd or api_load not built in $INVESTTRACK_BUILD_DIR"

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/investtrack-bench-api.XXXXXX")"
SERVER_PID=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  pg_stop "$WORK_DIR/pgdata" fast
  rm -rf "$WORK_DIR"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if is_root; then chown postgres:postgres "$WORK_DIR"; fi

PG_PORT="$(free_port)"
log "starting a throwaway PostgreSQL (default durability) on 127.0.0.1:$PG_PORT"
pg_init "$WORK_DIR/pgdata" --auth-host=trust --lc-ctype=C.UTF-8
as_db_owner touch "$WORK_DIR/postgres.log"
pg_start "$WORK_DIR/pgdata" "$PG_PORT" "$WORK_DIR/postgres.log" -c max_connections=200

echo "== machine"
echo "cpus:   $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before the runs)"

echo "== pgbench -S (scale 10, -c$CALLERS -j2 -T$SECONDS_PER_RUN)"
PGBENCH=("$PG_BIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U postgres)
pg_sql "$WORK_DIR/pgdata" "$PG_PORT" "CREATE DATABASE pgbench"
pg_sql "$WORK_DIR/pgdata" "$PG_PORT" "CREATE DATABASE investtrack"
as_db_owner "${PGBENCH[@]}" -i -s 10 -q pgbench >/dev/null 2>&1
as_db_owner "${PGBENCH[@]}" -S -c "$CALLERS" -j 2 -T "$SECONDS_PER_RUN" pgbench 2>/dev/null |
  grep -E "^(tps|latency average)"

echo "== investtrackd (access log on, pool of $CALLERS connections)"
PORT="$(free_port)"
"$SERVER_BIN" serve --db-url "postgresql://postgres@127.0.0.1:$PG_PORT/investtrack" \
  --listen "127.0.0.1:$PORT" --db-pool-size "$CALLERS" "${SERVER_ARGS[@]}" 2>"$WORK_DIR/server.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  grep -q "listening on" "$WORK_DIR/server.log" && break
  sleep 0.1
done
grep -q "listening on" "$WORK_DIR/server.log" || { cat "$WORK_DIR/server.log" >&2; die "investtrackd did not start"; }
echo "server rss after start: $(awk '/VmRSS/ {printf "%.1f MiB", $2 / 1024}' "/proc/$SERVER_PID/status")"
log "ingesting $BULLETINS synthetic bulletins ($((BULLETINS * 10)) projects)"
# The first line api_load prints is the ingest's; the one-second get run after it only checks
# that the projects are there.
"$LOAD_BIN" --target "127.0.0.1:$PORT" --populate "$BULLETINS" --populate-batch "$INGEST_BATCH" \
  --method get --callers 1 --seconds 1 --server-pid "$SERVER_PID" | sed -n 1p
for method in get list; do
  PERF_PID=""
  if [ -n "$PROFILE_PREFIX" ]; then
    # Whole machine, so the split between the load tool, the server and PostgreSQL shows.
    perf record -a -g -o "$PROFILE_PREFIX.$method.data" -- sleep "$SECONDS_PER_RUN" 2>/dev/null &
    PERF_PID=$!
  fi
  "$LOAD_BIN" --target "127.0.0.1:$PORT" --method "$method" --callers "$CALLERS" --client "$CLIENT" \
    --connections "$CONNECTIONS" \
    --seconds "$SECONDS_PER_RUN" --server-pid "$SERVER_PID"
  if [ -n "$PERF_PID" ]; then wait "$PERF_PID" || true; fi
done
sleep 2
echo "server rss idle after the runs: $(awk '/VmRSS/ {printf "%.1f MiB", $2 / 1024}' "/proc/$SERVER_PID/status")"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
grep -o 'project cache: .*' "$WORK_DIR/server.log" || true
