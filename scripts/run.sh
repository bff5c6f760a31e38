#!/usr/bin/env bash
# Builds investtrack, starts its own PostgreSQL 15 cluster, applies the migrations, loads the
# sample bulletin (once the CLI can ingest), runs investtrackd on 127.0.0.1:50051 in the
# foreground and the web dashboard beside it on 127.0.0.1:8080, printing its address. Ctrl-C
# stops the dashboard, the server and the database; the next run reuses the same data.
#
# Environment:
#   INVESTTRACK_DATA_DIR  where the cluster lives (default: /var/lib/investtrack/<repo hash> as root,
#                         <repo>/.data otherwise); it holds pgdata/, postgres.log and db-password
#   INVESTTRACK_PG_PORT   the cluster's port on 127.0.0.1 (default 55432)
#   INVESTTRACK_LISTEN    investtrackd's address (default 127.0.0.1:50051)
#   INVESTTRACK_LOG_LEVEL, INVESTTRACK_LOG_FORMAT  passed on to investtrackd
#   INVESTTRACK_DASHBOARD_LISTEN  the dashboard's address (default 127.0.0.1:8080)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_packages
ensure_node
# Only what it runs: the tests and benchmarks are scripts/test.sh's business.
configure_and_build investtrackd investtrack
build_dashboard

if [ -z "${INVESTTRACK_DATA_DIR:-}" ]; then
  if is_root; then
    # Not under the clone: a clone under /root is out of the postgres user's reach.
    INVESTTRACK_DATA_DIR="/var/lib/investtrack/$(printf '%s' "$INVESTTRACK_ROOT" | sha256sum | cut -c1-16)"
  else
    INVESTTRACK_DATA_DIR="$INVESTTRACK_ROOT/.data"
  fi
fi
INVESTTRACK_DATA_DIR="$(realpath -m "$INVESTTRACK_DATA_DIR")"
PG_PORT="${INVESTTRACK_PG_PORT:-55432}"
LISTEN="${INVESTTRACK_LISTEN:-127.0.0.1:50051}"
PGDATA_DIR="$INVESTTRACK_DATA_DIR/pgdata"
PASSWORD_FILE="$INVESTTRACK_DATA_DIR/db-password"

# Every directory on the way must be reachable by the cluster's owner, whatever the umask.
(umask 022; mkdir -p "$INVESTTRACK_DATA_DIR")
chmod 755 "$INVESTTRACK_DATA_DIR"
if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
  log "creating a PostgreSQL cluster in $PGDATA_DIR"
  pg_init "$PGDATA_DIR" --auth-host=scram-sha-256
fi
if [ ! -s "$PASSWORD_FILE" ]; then
  (umask 077; head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$PASSWORD_FILE")
fi
DB_PASSWORD="$(cat "$PASSWORD_FILE")"

SERVER_PID=""
DASHBOARD_PID=""
# shellcheck disable=SC2317  # run by the trap below
stop_everything() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$DASHBOARD_PID" ] && kill -0 "$DASHBOARD_PID" 2>/dev/null; then
    kill -TERM "$DASHBOARD_PID" 2>/dev/null || true
    wait "$DASHBOARD_PID" 2>/dev/null || true
  fi
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  log "stopping PostgreSQL"
  pg_stop "$PGDATA_DIR"
  exit "$status"
}
trap stop_everything EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
# The log file lives next to pgdata, in a directory the cluster owner can write.
touch "$INVESTTRACK_DATA_DIR/postgres.log"
if is_root; then chown postgres:postgres "$INVESTTRACK_DATA_DIR/postgres.log"; fi
pg_start "$PGDATA_DIR" "$PG_PORT" "$INVESTTRACK_DATA_DIR/postgres.log"

if [ -z "$(pg_sql "$PGDATA_DIR" "$PG_PORT" "SELECT 1 FROM pg_roles WHERE rolname = 'investtrack'")" ]; then
  pg_sql "$PGDATA_DIR" "$PG_PORT" "CREATE ROLE investtrack LOGIN PASSWORD '$DB_PASSWORD'"
else
  pg_sql "$PGDATA_DIR" "$PG_PORT" "ALTER ROLE investtrack PASSWORD '$DB_PASSWORD'"
fi
if [ -z "$(pg_sql "$PGDATA_DIR" "$PG_PORT" "SELECT 1 FROM pg_database WHERE datname = 'investtrack'")" ]; then
  pg_sql "$PGDATA_DIR" "$PG_PORT" "CREATE DATABASE investtrack OWNER investtrack"
fi

# Through the environment, not the command line, so the password stays out of `ps`.
export INVESTTRACK_DB_URL="postgresql://investtrack:$DB_PASSWORD@127.0.0.1:$PG_PORT/investtrack"
export INVESTTRACK_LISTEN="$LISTEN"
INVESTTRACKD="$INVESTTRACK_BUILD_DIR/bin/investtrackd"
INVESTTRACK_CLI="$INVESTTRACK_BUILD_DIR/bin/investtrack"

"$INVESTTRACKD" migrate

log "starting investtrackd on $LISTEN (Ctrl-C stops it and the database)"
"$INVESTTRACKD" serve &
SERVER_PID=$!

SAMPLE="$INVESTTRACK_ROOT/tests/data/000_591e0df0c0e1022c.txt"
if /usr/bin/python3 "$INVESTTRACK_ROOT/scripts/grpc_probe.py" --server "$LISTEN" --wait 30 health >/dev/null; then
  log "loading the sample bulletin $(basename "$SAMPLE")"
  "$INVESTTRACK_CLI" --server "$LISTEN" ingest "$SAMPLE" || log "loading the sample bulletin failed"
else
  log "investtrackd did not become healthy; sample bulletin not loaded"
fi

# The dashboard calls investtrackd from loopback, which a server without tokens serves as admin.
DASHBOARD_LISTEN="${INVESTTRACK_DASHBOARD_LISTEN:-127.0.0.1:8080}"
INVESTTRACK_SERVER="$LISTEN" INVESTTRACK_DASHBOARD_LISTEN="$DASHBOARD_LISTEN" \
  node "$INVESTTRACK_ROOT/dashboard/dist/node/server/main.js" &
DASHBOARD_PID=$!
log "dashboard: open http://$DASHBOARD_LISTEN in a browser"

wait "$SERVER_PID"
