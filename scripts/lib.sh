# shellcheck shell=bash
# Shared by scripts/run.sh and scripts/test.sh; sourced, not run.
# Every function works from a clone in any directory, as root or as an ordinary user.

INVESTTRACK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INVESTTRACK_BUILD_DIR="${INVESTTRACK_BUILD_DIR:-$INVESTTRACK_ROOT/build}"
PG_BIN=/usr/lib/postgresql/15/bin

# Debian bookworm packages needed to build, test and run everything in the repository.
INVESTTRACK_PACKAGES=(
  cmake g++ make ccache pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libpqxx-dev libspdlog-dev libcli11-dev libssl-dev libopencc-dev nlohmann-json3-dev
  # the investtrack CLI's allocator (client/CMakeLists.txt): parsing a large bulletin costs ~8% less CPU
  libtcmalloc-minimal4
  # /metrics: prometheus-cpp's core and its HTTP exposer (civetweb), found by CMake as a config
  prometheus-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql-15 postgresql-contrib
  python3-grpcio
  # the monthly report (XLSX, a chart with Chinese labels) and the Kubernetes manifest test
  python3-yaml python3-openpyxl python3-matplotlib fontconfig fonts-wqy-zenhei
  # the opencc command: tests/data/real/score.py needs it to match project names written in
  # traditional and simplified characters (the parser accuracy tests fail without it)
  opencc
  # the openssl command: the TLS tests make a throwaway CA and server certificate with it
  openssl
  # the formatting check (ctest clang_format_check, scripts/lint.sh --format-check)
  clang-format git
  # promtool: the metrics tests run every scraped /metrics text through `promtool check metrics`
  # (on a machine with systemd the package also starts a Prometheus server on :9090)
  prometheus
  # the dashboard's end-to-end test drives Debian's Chromium with playwright-core (which never
  # downloads a browser of its own), and curl stands in for a browser against the dashboard's
  # server alone; Node.js and npm come from ensure_node below
  chromium curl
)

log() { printf '[investtrack] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Installs whatever is missing of the packages named (all of INVESTTRACK_PACKAGES when none are);
# says nothing and touches nothing when all is present.
ensure_packages() {
  local missing=() pkg wanted=("$@")
  [ "${#wanted[@]}" -gt 0 ] || wanted=("${INVESTTRACK_PACKAGES[@]}")
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  log "installing missing packages: ${missing[*]}"
  local sudo=()
  if ! is_root; then
    command -v sudo >/dev/null || die "not root and no sudo: install ${missing[*]} first"
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# Node.js >= 18.14 and npm, for the dashboard (dashboard/). Not in INVESTTRACK_PACKAGES: a Node
# installed from elsewhere (NodeSource, nvm) brings its own npm, and Debian's npm package would
# conflict with it. Debian's nodejs and npm are installed only when no usable node is found.
ensure_node() {
  if command -v node >/dev/null && command -v npm >/dev/null &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 18 || (a === 18 && b >= 14) ? 0 : 1)'; then
    return 0
  fi
  log "installing Debian's nodejs and npm for the dashboard"
  local sudo=()
  if ! is_root; then
    command -v sudo >/dev/null || die "not root and no sudo: install nodejs and npm (Node >= 18.14) first"
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
}

# Installs the dashboard's packages (npm ci) when package-lock.json changed since the last time,
# and builds it (buf generate, tsc, vite build into dashboard/dist) when anything it is built from
# is newer than the last build; otherwise does nothing, in a second or so.
build_dashboard() {
  local dir="$INVESTTRACK_ROOT/dashboard"
  local lock_hash
  lock_hash="$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -c1-64)"
  if [ "$(cat "$dir/node_modules/.investtrack-lock-hash" 2>/dev/null)" != "$lock_hash" ]; then
    log "installing the dashboard's npm packages (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    printf '%s\n' "$lock_hash" >"$dir/node_modules/.investtrack-lock-hash"
  fi
  local stamp="$dir/dist/.build-stamp"
  if [ ! -f "$stamp" ] || [ -n "$(find "$dir/src" "$dir/server" "$dir/e2e" "$INVESTTRACK_ROOT/proto" \
      "$dir/index.html" "$dir/vite.config.ts" "$dir/buf.gen.yaml" "$dir"/tsconfig*.json \
      "$dir/node_modules/.investtrack-lock-hash" -path "$dir/src/gen" -prune -o -newer "$stamp" -print -quit)" ]; then
    log "building the dashboard"
    (cd "$dir" && npm run build --silent >/dev/null)
    touch "$stamp"
  fi
}

# Configures (warnings are errors when CI=true) and builds into $INVESTTRACK_BUILD_DIR: the
# targets named, or everything.
configure_and_build() {
  local targets=()
  [ "$#" -gt 0 ] && targets=(--target "$@")
  export CCACHE_DIR="${CCACHE_DIR:-$INVESTTRACK_ROOT/.cache/ccache}"
  local werror=OFF
  [ "${CI:-}" = "true" ] && werror=ON
  log "configuring in $INVESTTRACK_BUILD_DIR (warnings as errors: $werror)"
  cmake -S "$INVESTTRACK_ROOT" -B "$INVESTTRACK_BUILD_DIR" -DINVESTTRACK_WERROR="$werror" >/dev/null
  log "building with $(nproc) jobs"
  cmake --build "$INVESTTRACK_BUILD_DIR" -j"$(nproc)" "${targets[@]}"
}

# PostgreSQL refuses to run as root, so as root its programs run as `postgres`; otherwise as the
# invoking user, who then owns the cluster.
as_db_owner() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Makes a directory the cluster's owner can use, creating it if needed.
make_db_owned_dir() {
  mkdir -p "$1"
  if is_root; then chown postgres:postgres "$1"; fi
  chmod 700 "$1"
}

# pg_init DATA_DIR [extra initdb args]: a new cluster whose superuser is `postgres`.
pg_init() {
  local data_dir="$1"; shift
  make_db_owned_dir "$data_dir"
  # C.UTF-8 rather than C: under LC_CTYPE=C pg_trgm finds no trigrams in Chinese text, so the name
  # search index would be useless; C.UTF-8 keeps byte-order collation and is in every glibc.
  as_db_owner "$PG_BIN/initdb" -D "$data_dir" --username=postgres --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust "$@" >/dev/null
}

# pg_start DATA_DIR PORT LOG_FILE [extra server settings]: listens on 127.0.0.1:PORT and on a
# unix socket in DATA_DIR only, so it neither clashes with nor exposes anything else.
pg_start() {
  local data_dir="$1" port="$2" log_file="$3"; shift 3
  if as_db_owner "$PG_BIN/pg_ctl" -D "$data_dir" status >/dev/null 2>&1; then
    log "PostgreSQL in $data_dir is already running; using it"
    return 0
  fi
  local options="-c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$data_dir' $*"
  if ! as_db_owner "$PG_BIN/pg_ctl" -D "$data_dir" -l "$log_file" -w -t 60 -o "$options" start >/dev/null; then
    tail -n 20 "$log_file" >&2 || true
    die "PostgreSQL did not start (is port $port free? set INVESTTRACK_PG_PORT to use another)"
  fi
}

pg_stop() {
  local data_dir="$1" mode="${2:-fast}"
  if [ -f "$data_dir/postmaster.pid" ]; then
    as_db_owner "$PG_BIN/pg_ctl" -D "$data_dir" -m "$mode" -w stop >/dev/null || true
  fi
}

# pg_sql DATA_DIR PORT SQL: one statement as the superuser, over the cluster's own socket.
pg_sql() {
  as_db_owner "$PG_BIN/psql" -h "$1" -p "$2" -U postgres -d postgres -X -q -A -t -v ON_ERROR_STOP=1 -c "$3"
}

# A TCP port on 127.0.0.1 nobody listens on right now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
