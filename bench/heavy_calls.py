#!/usr/bin/python3
"""Heavy calls against a running investtrackd: memory under a burst of maximum-size parses, and how
soon the server's work ends after an ingest's deadline (issue 16). Run by scripts/bench-heavy-calls.sh,
which starts the server; needs python3-grpcio and the stubs generated into the build tree.

    bench/heavy_calls.py --server HOST:PORT --pid SERVER_PID --db-url URL --log SERVER_LOG
                         --bulletin FILE [--bulletin FILE ...] --deadline-bulletin FILE
                         [--calls 8] [--deadline 5]

1. memory: --calls ParseBulletin calls of --bulletin at once; the server's resident memory is sampled
   every 10 ms (peak), with its high-water mark (VmHWM) and what it keeps 3 s after the last call.
2. deadline: the items of --deadline-bulletin (blank-line separated) dealt into one
   BatchIngestBulletins call of 100 bulletins, far more work than a --deadline s deadline allows:
   when the server's work on it ended (its access line, its last open transaction) after the
   deadline, and how many bulletins were stored (those of transactions committed in time).
"""
import argparse
import concurrent.futures
import re
import subprocess
import threading
import time

import grpc

from investtrack.v1 import bulletin_service_pb2 as bulletins
from investtrack.v1 import bulletin_service_pb2_grpc as bulletin_grpc


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} for pid {pid}")


def psql(db_url, sql):
    return subprocess.run(["psql", db_url, "-AtXc", sql], check=True, capture_output=True,
                          text=True).stdout.strip()


def memory_run(stub, pid, content, calls):
    before = rss_kib(pid)
    peak = before
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss_kib(pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.monotonic()

    messages = set()

    def one(_):
        try:
            stub.ParseBulletin(bulletins.ParseBulletinRequest(content=content, source="bench"),
                               timeout=600)
            return "OK"
        except grpc.RpcError as error:
            messages.add(error.details()[:90])
            return error.code().name

    with concurrent.futures.ThreadPoolExecutor(max_workers=calls) as pool:
        codes = list(pool.map(one, range(calls)))
    elapsed = time.monotonic() - started
    done.set()
    sampler.join()
    time.sleep(3)
    print(f"memory: {calls} ParseBulletin calls of {len(content):,} bytes at once in {elapsed:.1f} s; "
          f"codes {sorted(set(codes))} ({codes.count('OK')} OK) {sorted(messages)}")
    print(f"memory: server RSS before {before / 1024:.0f} MiB, peak sampled {peak / 1024:.0f} MiB, "
          f"VmHWM {rss_kib(pid, 'VmHWM') / 1024:.0f} MiB, 3 s after {rss_kib(pid) / 1024:.0f} MiB")


def deadline_run(stub, db_url, log_path, content, deadline):
    # The bulletin's blank-line-separated items dealt into 100 bulletins of one batch: far more
    # work than the deadline allows, in many transactions and statements.
    items = content.split(b"\n\n")
    parts = [b"\n\n".join(items[k::100]) for k in range(100)]
    request = bulletins.BatchIngestBulletinsRequest(requests=[
        bulletins.IngestBulletinRequest(content=part, source=f"bench-deadline-{k}")
        for k, part in enumerate(parts) if part.strip()])
    started = time.monotonic()
    try:
        stub.BatchIngestBulletins(request, timeout=deadline)
        code = "OK"
    except grpc.RpcError as error:
        code = error.code().name
    client_end = time.monotonic() - started
    open_after = None
    while time.monotonic() - started < deadline + 60:
        still_open = int(psql(db_url, "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                      "current_database() AND xact_start IS NOT NULL AND pid <> "
                                      "pg_backend_pid()"))
        if still_open == 0:
            open_after = time.monotonic() - started - deadline
            break
        time.sleep(0.02)
    time.sleep(0.5)
    line = re.compile(r"method=BatchIngestBulletins code=(\w+) duration_ms=([0-9.]+)")
    with open(log_path) as log:
        found = line.findall(log.read())
    stored = psql(db_url, "SELECT count(*) FROM bulletins WHERE source LIKE 'bench-deadline-%'")
    server_code, server_ms = found[-1] if found else ("(no access line)", "nan")
    open_text = f"{open_after:.2f} s" if open_after is not None else "(still open after 60 s)"
    print(f"deadline: BatchIngestBulletins of {len(request.requests)} bulletins ({len(items):,} "
          f"one-line items) with a {deadline:g} s deadline: client got {code} after "
          f"{client_end:.2f} s; server logged {server_code} after {float(server_ms) / 1000:.2f} s, "
          f"{float(server_ms) / 1000 - deadline:+.2f} s past the deadline; its last transaction "
          f"ended {open_text} after the deadline; bulletins stored: {stored}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--db-url", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--bulletin", required=True, action="append")
    parser.add_argument("--deadline-bulletin", required=True)
    parser.add_argument("--calls", type=int, default=8)
    parser.add_argument("--deadline", type=float, default=5)
    args = parser.parse_args()
    limit = 256 << 20
    channel = grpc.insecure_channel(args.server, options=[("grpc.max_send_message_length", limit),
                                                          ("grpc.max_receive_message_length", limit)])
    stub = bulletin_grpc.BulletinServiceStub(channel)
    for path in args.bulletin:
        with open(path, "rb") as file:
            print(f"== {path}")
            memory_run(stub, args.pid, file.read(), args.calls)
    with open(args.deadline_bulletin, "rb") as file:
        deadline_run(stub, args.db_url, args.log, file.read(), args.deadline)


if __name__ == "__main__":
    main()
