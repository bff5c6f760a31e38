#!/usr/bin/env bash
# Serves the web dashboard in the foreground: installs Node.js and npm if missing (Debian's), runs
# `npm ci` and the build when needed, and starts the dashboard's Node server, which serves the page
# and forwards its calls to investtrackd over gRPC. Ctrl-C stops it.
#
# Environment (the same variables as the CLI and the Python client):
#   INVESTTRACK_SERVER            investtrackd's host:port (default 127.0.0.1:50051)
#   INVESTTRACK_TOKEN             the bearer token the dashboard calls with, unless a user types their
#                                 own into the page; its role is what everyone who can open the
#                                 page may do (README: "The dashboard")
#   INVESTTRACK_TLS_CA            CA file to verify a TLS investtrackd with (turns TLS on);
#                                 INVESTTRACK_TLS=1 for the system's roots; INVESTTRACK_TLS_SERVER_NAME
#   INVESTTRACK_DASHBOARD_LISTEN  where the page is served (default 127.0.0.1:8080)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_node
build_dashboard
export INVESTTRACK_DASHBOARD_LISTEN="${INVESTTRACK_DASHBOARD_LISTEN:-127.0.0.1:8080}"
log "serving the dashboard on http://$INVESTTRACK_DASHBOARD_LISTEN (investtrackd: ${INVESTTRACK_SERVER:-127.0.0.1:50051})"
exec node "$INVESTTRACK_ROOT/dashboard/dist/node/server/main.js"
