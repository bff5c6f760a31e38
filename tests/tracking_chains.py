#!/usr/bin/env python3
"""Fails when tracking across bulletins drops below its floors on the public chains.

Usage: tracking_chains.py --cli PATH --server HOST:PORT --order newest|oldest --tracking DIR
                          --min-one-record N --min-final-status N

Needs a running investtrackd with an EMPTY register. Runs the issuer's scorer (tests/data/real/
track.py, copied unchanged), which ingests every chain of DIR in the given order and counts the
chains that end as one record with the newest article's status. Then, for every chain that ends as
one record, checks what track.py does not:
  history   the record's status changes (`history --format json`) are in date order, whatever
            the order the bulletins came in;
  apart     no project of `other_projects_in_texts` was merged into it (none of its names is one
            of them).
Exits 1 when a count is below its floor (the floors live in tests/integration/cli/CMakeLists.txt)
or a check fails. The floors are a ratchet: raise them whenever tracking improves.
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys

REAL = pathlib.Path(__file__).resolve().parent / "data" / "real"
sys.path.insert(0, str(REAL))
import score  # noqa: E402  (the scorers' name normalisation, as track.py uses it)

SUMMARY = re.compile(r"^chains=(\d+) one_record=(\d+) final_status=(\d+) records=(\d+)$", re.M)


def run(cli, *args):
    result = subprocess.run(cli + list(args), capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise SystemExit(f"FAIL: {' '.join(args)} exited with {result.returncode}: {result.stderr.strip()[:300]}")
    return result.stdout


def all_projects(cli):
    projects = []
    for line in run(cli, "list", "--all", "--format", "json").splitlines():
        if line.strip():
            projects += json.loads(line).get("projects", [])
    return projects


def date_of(event):
    d = event.get("date") or {}
    return (d.get("year", 0), d.get("month", 0), d.get("day", 0))


def check_chain(cli, scenario, record):
    """Problems with a chain's one record, as sentences; empty when it is right."""
    problems = []
    events = json.loads(run(cli, "history", "--format", "json", record["name"])).get("events", [])
    changes = [date_of(e) for e in events if e.get("kind") == "KIND_STATUS_CHANGE"]
    if changes != sorted(changes):
        problems.append(f"status changes out of date order: {changes}")
    names = {score.norm_name(n) for n in [record.get("display_name", "")] + record.get("aliases", [])}
    for other in scenario.get("other_projects_in_texts", []):
        if score.norm_name(other) in names:
            problems.append(f"another project of the texts was merged into it: {other}")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--server", required=True)
    ap.add_argument("--order", choices=["newest", "oldest"], required=True)
    ap.add_argument("--tracking", required=True)
    ap.add_argument("--min-one-record", type=int, required=True)
    ap.add_argument("--min-final-status", type=int, required=True)
    a = ap.parse_args()
    cli = [a.cli, "--server", a.server]
    tracked = subprocess.run([sys.executable, str(REAL / "track.py"), a.tracking, "--cli", a.cli,
                              "--server", a.server, "--order", a.order, "--verbose"],
                             capture_output=True, text=True, timeout=1800)
    sys.stdout.write(tracked.stdout)
    summary = SUMMARY.search(tracked.stdout)
    if tracked.returncode != 0 or not summary:
        print(f"FAIL: track.py exited with {tracked.returncode} without a summary: {tracked.stderr[-500:]}")
        return 1
    chains, one_record, final_status, _ = (int(x) for x in summary.groups())

    failures = []
    projects = all_projects(cli)
    for path in sorted(pathlib.Path(a.tracking).glob("*/scenario.json")):
        scenario = json.loads(path.read_text(encoding="utf-8"))
        keys = [score.norm_name(k) for k in scenario["match"]]
        hits = [p for p in projects if any(k in score.norm_name(p.get("display_name", "")) for k in keys)]
        if len(hits) != 1:
            continue
        for problem in check_chain(cli, scenario, hits[0]):
            failures.append(f"chain {path.parent.name} ({scenario['project']}): {problem}")
    if one_record < a.min_one_record:
        failures.append(f"{one_record} of {chains} chains end as one record, below the floor {a.min_one_record}")
    if final_status < a.min_final_status:
        failures.append(f"{final_status} of {chains} chains end with the newest article's status, below the floor "
                        f"{a.min_final_status}")
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
