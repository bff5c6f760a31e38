#!/usr/bin/env bash
# Builds investtrack and runs every test against a throwaway PostgreSQL 15 cluster in a temporary
# directory on a free port. The cluster is stopped and removed whatever happens; the exit status
# is ctest's. Set CI=true to treat compiler warnings as errors.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_packages
configure_and_build

CLUSTER_DIR="$(mktemp -d "${TMPDIR:-/tmp}/investtrack-test.XXXXXX")"
# shellcheck disable=SC2317  # run by the trap below
remove_cluster() {
  local status=$?
  trap - EXIT INT TERM
  pg_stop "$CLUSTER_DIR/pgdata" immediate
  rm -rf "$CLUSTER_DIR"
  exit "$status"
}
trap remove_cluster EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# mktemp makes it private to us; the cluster owner must be able to reach it.
if is_root; then chown postgres:postgres "$CLUSTER_DIR"; fi

PG_PORT="$(free_port)"
log "starting a throwaway PostgreSQL on 127.0.0.1:$PG_PORT in $CLUSTER_DIR"
pg_init "$CLUSTER_DIR/pgdata" --auth-host=trust --no-sync
as_db_owner touch "$CLUSTER_DIR/postgres.log"
# Durability is pointless for data deleted in a minute, and costs the tests time.
pg_start "$CLUSTER_DIR/pgdata" "$PG_PORT" "$CLUSTER_DIR/postgres.log" \
  -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200

export INVESTTRACK_TEST_DB_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
cd "$INVESTTRACK_BUILD_DIR"
set +e
ctest --output-on-failure -j2
status=$?
set -e
exit "$status"
