#!/usr/bin/env bash
# The server under heavy calls (issue 16): peak memory with 8 maximum-size ParseBulletin calls at
# once, and how soon its work ends after a 5 s ingest deadline. Starts a throwaway PostgreSQL 15
# and investtrackd with its default limits, runs bench/heavy_calls.py, prints the numbers; the
# cluster and the server are removed whatever happens.
#
#   scripts/bench-heavy-calls.sh [--calls N] [--deadline SECONDS] [-- extra investtrackd flags]
# Uses the binaries and Python stubs already built in $INVESTTRACK_BUILD_DIR (default build/).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CALLS=8
DEADLINE=5
SERVER_FLAGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --calls) CALLS="$2"; shift 2 ;;
    --deadline) DEADLINE="$2"; shift 2 ;;
    --) shift; SERVER_FLAGS=("$@"); break ;;
    *) die "unknown option $1 (see the header of $0)" ;;
  esac
done
SERVER_BIN="$INVESTTRACK_BUILD_DIR/bin/investtrackd"
[ -x "$SERVER_BIN" ] || die "investtrackd not built in $INVESTTRACK_BUILD_DIR"
[ -d "$INVESTTRACK_BUILD_DIR/python/investtrack" ] || die "no Python stubs in $INVESTTRACK_BUILD_DIR/python"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/investtrack-heavy.XXXXXX")"
SERVER_PID=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$SERVER_PID" ]; then kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true; fi
  pg_stop "$WORK/pgdata" fast
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if is_root; then chown postgres:postgres "$WORK"; fi

# The bulletins: the densest text (one-line items, the most projects per byte) and the mixed real
# corpus (the seed and the dev articles, repeated), each just under the default 8 MiB limit, and
# 40,000 one-line items for the deadline run.
python3 - "$WORK" "$INVESTTRACK_ROOT" <<'PY'
import glob, sys
work, root = sys.argv[1], sys.argv[2]
limit = 8 * 1024 * 1024 - 64 * 1024
heads = ["产业园项目", "物流中心", "光伏电站", "生产线项目", "综合体", "污水处理厂"]
stages = ["开工建设", "竣工投产", "签约落地", "正式投产"]
def items(count=None, size=None):
    out, total, i = [], 0, 0
    while (count is None or i < count):
        line = f"某县第{i}号{heads[i % 6]}{stages[i % 4]}，总投资{1 + i % 90}亿元。\n\n".encode()
        if size is not None and total + len(line) > size:
            break
        out.append(line); total += len(line); i += 1
    return b"".join(out)
open(f"{work}/one-line-items.txt", "wb").write(items(size=limit))
open(f"{work}/deadline-items.txt", "wb").write(items(count=40000))
articles = [f"{root}/tests/data/000_591e0df0c0e1022c.txt"] + sorted(glob.glob(f"{root}/tests/data/real/dev/*.txt"))
mixed = b""
while True:
    for path in articles:
        text = open(path, "rb").read() + b"\n\n"
        if len(mixed) + len(text) > limit:
            break
        mixed += text
    else:
        continue
    break
open(f"{work}/mixed-real.txt", "wb").write(mixed)
PY

PG_PORT="$(free_port)"
pg_init "$WORK/pgdata" --auth-host=trust
as_db_owner touch "$WORK/postgres.log"
pg_start "$WORK/pgdata" "$PG_PORT" "$WORK/postgres.log"
DB_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
SERVER_PORT="$(free_port)"
env -u INVESTTRACK_TOKENS -u INVESTTRACK_TOKEN_FILE "$SERVER_BIN" --db-url "$DB_URL" \
  --listen "127.0.0.1:$SERVER_PORT" --migrations-dir "$INVESTTRACK_ROOT/migrations" \
  "${SERVER_FLAGS[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 60); do
  "$SERVER_BIN" health --listen "127.0.0.1:$SERVER_PORT" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; die "investtrackd did not start"; }
  sleep 0.5
done

echo "== machine"
echo "date:   $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpus:   $(nproc); memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before the runs)"
grep -m1 "heavy calls" "$WORK/server.log" | sed 's/^.*info  /server: /'
PYTHONPATH="$INVESTTRACK_BUILD_DIR/python" /usr/bin/python3 "$INVESTTRACK_ROOT/bench/heavy_calls.py" \
  --server "127.0.0.1:$SERVER_PORT" --pid "$SERVER_PID" --db-url "$DB_URL" --log "$WORK/server.log" \
  --bulletin "$WORK/one-line-items.txt" --bulletin "$WORK/mixed-real.txt" \
  --deadline-bulletin "$WORK/deadline-items.txt" --calls "$CALLS" --deadline "$DEADLINE"
