#!/usr/bin/env bash
# Builds deploy/Dockerfile with podman and runs the image for real against a PostgreSQL:
#   1. base image: debian:bookworm-slim from a registry, or, when none answers, a local
#      localhost/bookworm-base made with debootstrap;
#   2. podman build (the multi-stage Dockerfile, HEALTHCHECK kept with --format docker);
#   3. a throwaway PostgreSQL cluster on the host, reached from the container through
#      slirp4netns (the host's 127.0.0.1 is 10.0.2.2 inside);
#   4. the server container with its port published on 127.0.0.1, configured only through
#      environment variables, with an access token (calls through a published port are not
#      loopback calls);
#   5. checks: the image's user and contents, gRPC health from the host and the image's own
#      HEALTHCHECK, ingest of the sample bulletin and list through the published port with the
#      image's CLI and the token, a refused call without the token, the ingest counted on the
#      image's /metrics (port 9464);
#   6. podman stop: the server must exit on SIGTERM (status 0 or 143) within its grace period,
#      not be SIGKILLed (137).
#
#   deploy/container-test.sh            # as root (podman and PostgreSQL set-up need it)
#
# Environment: BASE_IMAGE (skip the registry probe), BUILD_JOBS (default 2),
# CONTAINERS_CONF (default deploy/containers.conf), KEEP_IMAGE=1 (keep localhost/investtrack:test),
# INVESTTRACK_TEST_IMAGE=NAME (test an image built elsewhere, e.g. by CI: no base image, no build).
# Takes a few minutes (mostly the C++ build inside the image); not part of scripts/test.sh.
set -euo pipefail
# shellcheck source=../scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$INVESTTRACK_ROOT"

is_root || die "run as root: podman builds and the throwaway PostgreSQL cluster need it here"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$INVESTTRACK_ROOT/deploy/containers.conf}"
IMAGE="${INVESTTRACK_TEST_IMAGE:-localhost/investtrack:test}"
LOCAL_BASE=localhost/bookworm-base
GRACE_SECONDS=5
TOKEN="container-test-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
SAMPLE=tests/data/000_591e0df0c0e1022c.txt
PROBE=(/usr/bin/python3 "$INVESTTRACK_ROOT/scripts/grpc_probe.py")

work="$(mktemp -d /tmp/investtrack-container-test.XXXXXX)"
container="investtrack-test-$$"
# PostgreSQL runs as `postgres`, which cannot enter the root-only $work: it gets its own directory.
pg_dir="$work/pg"
pg_data="$pg_dir/data"
failures=0

cleanup() {
  podman rm -f -t 0 "$container" "$container-watch" >/dev/null 2>&1 || true
  pg_stop "$pg_data" immediate
  rm -rf "$work"
  [ "${KEEP_IMAGE:-0}" = 1 ] || [ -n "${INVESTTRACK_TEST_IMAGE:-}" ] || podman rmi -f "$IMAGE" >/dev/null 2>&1 || true
}
trap cleanup EXIT

check() {  # check DESCRIPTION COMMAND...: runs the command, reports, counts failures
  local description="$1"; shift
  if "$@"; then
    log "ok: $description"
  else
    log "FAILED: $description"
    failures=$((failures + 1))
  fi
}

# --- 1. tools and base image ----------------------------------------------------------------
needed=(podman runc debootstrap containernetworking-plugins slirp4netns)
missing=()
for pkg in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
ensure_packages  # PostgreSQL 15 and python3-grpcio for the probe

if [ -n "${INVESTTRACK_TEST_IMAGE:-}" ]; then
  podman image exists "$IMAGE" || die "no image $IMAGE"
  log "testing the existing image $IMAGE (no build)"
elif [ -z "${BASE_IMAGE:-}" ]; then
  if timeout 60 podman pull -q docker.io/library/debian:bookworm-slim >/dev/null 2>&1; then
    BASE_IMAGE=docker.io/library/debian:bookworm-slim
  else
    BASE_IMAGE="$LOCAL_BASE"
    if ! podman image exists "$LOCAL_BASE"; then
      log "no registry answers: making $LOCAL_BASE with debootstrap (about a minute)"
      debootstrap --variant=minbase bookworm "$work/rootfs" >"$work/debootstrap.log" 2>&1 \
        || { tail -n 20 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
      tar -C "$work/rootfs" -c . | podman import - "$LOCAL_BASE" >/dev/null
      rm -rf "$work/rootfs"
    fi
  fi
fi

# --- 2. build ---------------------------------------------------------------------------------
if [ -z "${INVESTTRACK_TEST_IMAGE:-}" ]; then
  log "base image: $BASE_IMAGE; building $IMAGE (the C++ build inside takes minutes)"
  podman build --format docker --build-arg BASE_IMAGE="$BASE_IMAGE" \
    --build-arg BUILD_JOBS="${BUILD_JOBS:-2}" -f deploy/Dockerfile -t "$IMAGE" . \
    >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log" >&2; die "podman build failed"; }
fi

check "the image runs as the non-root user 10001" \
  test "$(podman image inspect --format '{{.Config.User}}' "$IMAGE")" = "10001:10001"
check "the image has a HEALTHCHECK" \
  bash -c "podman image inspect --format '{{json .Config.Healthcheck}}' '$IMAGE' | grep -q 'investtrackd'"
check "the image holds the two binaries, the migrations and OpenCC's t2s data" \
  podman run --rm --no-healthcheck --entrypoint /bin/sh "$IMAGE" -c \
  'command -v investtrackd && command -v investtrack && ls /usr/share/investtrack/migrations/*.sql && test -r /usr/share/opencc/t2s.json' >/dev/null
parses_sample_offline() {
  podman run --rm --no-healthcheck -v "$INVESTTRACK_ROOT/tests/data:/data:ro" --entrypoint investtrack "$IMAGE" \
    parse --format table "/data/$(basename "$SAMPLE")" | grep -q '食品产业园'
}
check "the CLI in the image parses the sample offline (runtime libraries complete)" parses_sample_offline

# --- 3. PostgreSQL -----------------------------------------------------------------------------
pg_port="$(free_port)"
chmod 711 "$work"
make_db_owned_dir "$pg_dir"
pg_init "$pg_data" --no-sync >/dev/null
pg_start "$pg_data" "$pg_port" "$pg_dir/postgres.log" -c fsync=off
pg_sql "$pg_data" "$pg_port" "CREATE ROLE investtrack LOGIN PASSWORD 'container-test'"
pg_sql "$pg_data" "$pg_port" "CREATE DATABASE investtrack OWNER investtrack"
log "PostgreSQL on 127.0.0.1:$pg_port"

# --- 4. the server container -------------------------------------------------------------------
port="$(free_port)"
metrics_port="$(free_port)"
# No systemd here to run the HEALTHCHECK on a timer: it is run by hand below.
podman run -d --name "$container" --health-interval disable \
  --network slirp4netns:allow_host_loopback=true \
  -p "127.0.0.1:$port:50051" -p "127.0.0.1:$metrics_port:9464" \
  -e INVESTTRACK_DB_URL="postgresql://investtrack:container-test@10.0.2.2:$pg_port/investtrack" \
  -e INVESTTRACK_TOKENS="$TOKEN admin container-test" \
  -e INVESTTRACK_GRACE_PERIOD="$GRACE_SECONDS" \
  "$IMAGE" serve >/dev/null
log "server container $container on 127.0.0.1:$port"

if ! "${PROBE[@]}" --server "127.0.0.1:$port" --wait 90 health >/dev/null; then
  podman logs "$container" >&2 || true
  die "the server did not become SERVING through the published port"
fi
log "ok: gRPC health SERVING through the published port"

# --- 5. checks through the published port ------------------------------------------------------
check "investtrack.v1.ProjectService is SERVING (it follows the database)" \
  "${PROBE[@]}" --server "127.0.0.1:$port" health investtrack.v1.ProjectService >/dev/null
check "the image's HEALTHCHECK (investtrackd health) passes" podman healthcheck run "$container"

cli() {  # the image's CLI on the host network, so it goes through the published port
  podman run --rm --no-healthcheck --network host -v "$INVESTTRACK_ROOT/tests/data:/data:ro" --entrypoint investtrack \
    -e INVESTTRACK_SERVER="127.0.0.1:$port" "$IMAGE" "$@"
}
refused_without_token() {  # refused for want of credentials, not for any other reason
  ! cli list >/dev/null 2>"$work/refused.err" && grep -qi 'credentials\|token\|UNAUTHENTICATED' "$work/refused.err"
}
ingest_sample() { cli --token "$TOKEN" ingest "/data/$(basename "$SAMPLE")" >"$work/ingest.out"; }
list_has_the_sample() {
  cli --token "$TOKEN" list --format json >"$work/list.json" || return 1
  /usr/bin/python3 - "$work/list.json" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read().strip()
try:
    data = json.loads(text)
    projects = data if isinstance(data, list) else data.get("projects", [data])
except ValueError:  # one JSON object per line
    projects = [json.loads(line) for line in text.splitlines() if line.strip()]
def name(p):
    return p.get("displayName") or p.get("display_name") or ""
def units(p):
    return int((p.get("totalInvestment") or p.get("total_investment") or {}).get("units", 0))
park = [p for p in projects if "食品产业园" in name(p)]
print(f"list: {len(projects)} projects; food park: {[units(p) for p in park]} CNY", file=sys.stderr)
sys.exit(0 if len(projects) >= 7 and park and units(park[0]) == 120_000_000 else 1)
PY
}
check "a call without the token is refused" refused_without_token
check "ingest of the sample bulletin with the token" ingest_sample
check "list returns the sample's projects, the Wuxiang food park with 120,000,000 CNY" list_has_the_sample
metrics_count_the_ingest() {  # the image serves /metrics on 9464 by default (INVESTTRACK_METRICS_LISTEN)
  /usr/bin/python3 - "http://127.0.0.1:$metrics_port/metrics" <<'PY'
import re, sys, urllib.request
text = urllib.request.urlopen(sys.argv[1], timeout=10).read().decode()
ingested = re.search(r'^investtrack_bulletins_ingested_total(?:\{[^}]*\})? ([0-9.e+]+)$', text, re.M)
handled = re.search(r'^grpc_server_handled_total\{[^}]*grpc_method="IngestBulletin"[^}]*\} ([0-9.e+]+)$', text, re.M)
print(f"metrics: ingested {ingested and ingested.group(1)}, IngestBulletin handled {handled and handled.group(1)}", file=sys.stderr)
sys.exit(0 if ingested and float(ingested.group(1)) >= 1 and handled and float(handled.group(1)) >= 1 else 1)
PY
}
check "/metrics on the published 9464 counts the ingest" metrics_count_the_ingest

# --- 6. graceful stop ----------------------------------------------------------------------------
# A watch stream never ends by itself, so the server must cut it at the end of its grace period
# rather than wait for it (and be SIGKILLed).
watcher="$container-watch"
podman run -d --rm --no-healthcheck --name "$watcher" --network host --entrypoint investtrack \
  -e INVESTTRACK_SERVER="127.0.0.1:$port" -e INVESTTRACK_TOKEN="$TOKEN" "$IMAGE" watch --duration 120 >/dev/null
sleep 2
check "a watch stream is open while the server is stopped" \
  test "$(podman inspect --format '{{.State.Running}}' "$watcher" 2>/dev/null)" = true
started=$(date +%s)
podman stop -t $((GRACE_SECONDS + 10)) "$container" >/dev/null
elapsed=$(( $(date +%s) - started ))
status="$(podman inspect --format '{{.State.ExitCode}}' "$container")"
log "stopped after ${elapsed}s with exit status $status"
check "exit status 0 or 143 on SIGTERM, not 137 (SIGKILL)" \
  bash -c "[ '$status' = 0 ] || [ '$status' = 143 ]"
check "stopped within the grace period ($GRACE_SECONDS s) plus a margin" test "$elapsed" -le $((GRACE_SECONDS + 3))
check "the server logged the SIGTERM" bash -c "podman logs '$container' 2>&1 | grep -q 'SIGTERM received'"

if [ "$failures" -gt 0 ]; then
  log "server log:"; podman logs "$container" 2>&1 | tail -n 30 >&2 || true
  die "$failures check(s) failed"
fi
log "container test passed"
