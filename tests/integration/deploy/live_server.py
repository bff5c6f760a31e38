"""A real investtrackd on a scratch database, for the Python tests of this directory.

Needs INVESTTRACK_TEST_DB_URL (a PostgreSQL role that may create databases; scripts/test.sh sets
it) and INVESTTRACKD_PATH (ctest sets it); raises AssertionError without them, so a test fails
rather than skips.
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.parse
import uuid

ROOT = os.environ.get("INVESTTRACK_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PSQL = shutil.which("psql") or "/usr/lib/postgresql/15/bin/psql"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def with_database(url, name):
    """The same connection string pointing at database `name`."""
    if url.startswith(("postgresql://", "postgres://")):
        parts = urllib.parse.urlsplit(url)
        return urllib.parse.urlunsplit(parts._replace(path="/" + name))
    return f"{url} dbname={name}"  # key=value form: a later key wins


def psql(url, sql, *extra):
    """Runs sql; returns psql's stdout (with extra options such as -A -t for plain rows)."""
    return subprocess.run([PSQL, url, "-X", "-q", "-v", "ON_ERROR_STOP=1", *extra, "-c", sql], check=True,
                          capture_output=True, text=True, timeout=60).stdout


class LiveServer:
    """investtrackd serving a new database, with a reader and an admin token. Use start() and stop()
    (stop() is safe after a failed start)."""

    def __init__(self, prefix):
        self.admin_url = os.environ.get("INVESTTRACK_TEST_DB_URL")
        self.binary = os.environ.get("INVESTTRACKD_PATH")
        if not self.admin_url or not self.binary:
            raise AssertionError("INVESTTRACK_TEST_DB_URL and INVESTTRACKD_PATH must be set "
                                 "(scripts/test.sh and ctest set them)")
        self.database = f"{prefix}_{uuid.uuid4().hex[:12]}"
        self.db_url = with_database(self.admin_url, self.database)
        self.reader_token = f"{prefix}-reader-{uuid.uuid4().hex}"
        self.admin_token = f"{prefix}-admin-{uuid.uuid4().hex}"
        self.work = tempfile.mkdtemp(prefix=f"investtrack-{prefix}-")
        self.port = free_port()
        self.target = f"127.0.0.1:{self.port}"
        self.process = None
        self.log = None

    def start(self, timeout=60):
        psql(self.admin_url, f'CREATE DATABASE "{self.database}"')
        self.log = open(os.path.join(self.work, "investtrackd.log"), "w+")
        env = dict(os.environ,
                   INVESTTRACK_DB_URL=self.db_url,
                   INVESTTRACK_LISTEN=self.target,
                   INVESTTRACK_TOKENS=f"{self.reader_token} reader report; {self.admin_token} admin loader",
                   INVESTTRACK_MIGRATIONS_DIR=os.path.join(ROOT, "migrations"))
        self.process = subprocess.Popen([self.binary, "serve"], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        from investtrack_client import InvesttrackClient
        import grpc
        deadline = time.monotonic() + timeout
        with InvesttrackClient(self.target, token=self.admin_token, timeout=10) as client:
            while True:
                try:
                    if client.health() == "SERVING":
                        return
                except grpc.RpcError:
                    pass
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"investtrackd did not become SERVING:\n{self.server_log()}")
                time.sleep(0.2)

    def client(self, timeout=30):
        from investtrack_client import InvesttrackClient
        return InvesttrackClient(self.target, token=self.admin_token, timeout=timeout)

    def server_log(self):
        if not self.log:
            return ""
        self.log.flush()
        self.log.seek(0)
        return self.log.read()[-4000:]

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log:
            self.log.close()
        try:
            psql(self.admin_url, f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.work, ignore_errors=True)
