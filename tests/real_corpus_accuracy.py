#!/usr/bin/env python3
"""Fails when the parser's accuracy on a labelled corpus drops below the given floors.

Usage: real_corpus_accuracy.py --investtrack PATH --corpus DIR --min-f1 X --min-field-accuracy Y

Runs the issuer's scorer (tests/data/real/score.py, copied unchanged) on every DIR/*.gold.json
with `PATH parse --format=json`, prints its summary line, and exits 1 when F1 or field accuracy
is below its floor or any bulletin failed to parse. The floors live in tests/CMakeLists.txt.
"""
import argparse
import pathlib
import re
import shutil
import subprocess
import sys

SCORER = pathlib.Path(__file__).resolve().parent / "data" / "real" / "score.py"
SUMMARY = re.compile(r"^precision=(?P<precision>[\d.]+) recall=(?P<recall>[\d.]+) F1=(?P<f1>[\d.]+) "
                     r"field_accuracy=(?P<field_accuracy>[\d.]+) parse_failures=(?P<parse_failures>\d+)$")


def fail(message, output=None):
    if output:
        sys.stdout.write(output if output.endswith("\n") else output + "\n")
    print(f"FAIL: {message}")
    sys.exit(1)


def check_opencc():
    """score.py folds traditional names onto simplified ones with the opencc command and, without
    it, silently compares names as written: the scores would change, not the test's verdict."""
    if not shutil.which("opencc"):
        fail("the opencc command is missing; score.py needs it to match names written in traditional "
             "and simplified characters. Install Debian's opencc package (apt-get install opencc; "
             "it is in INVESTTRACK_PACKAGES in scripts/lib.sh).")
    probe = subprocess.run(["opencc", "-c", "t2s.json"], input="萬噸", capture_output=True, text=True)
    if probe.returncode != 0 or probe.stdout.strip() != "万吨":
        fail(f"opencc -c t2s.json does not convert traditional to simplified (exit {probe.returncode}, "
             f"output {probe.stdout.strip()!r}, {probe.stderr.strip()!r}); reinstall Debian's opencc package.")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--investtrack", required=True, help="the investtrack CLI binary")
    ap.add_argument("--corpus", required=True, help="directory holding NAME.txt and NAME.gold.json")
    ap.add_argument("--min-f1", type=float, required=True)
    ap.add_argument("--min-field-accuracy", type=float, required=True)
    args = ap.parse_args()

    check_opencc()
    binary, corpus = pathlib.Path(args.investtrack), pathlib.Path(args.corpus)
    if not binary.is_file():
        fail(f"no investtrack binary at {binary}")
    golds = sorted(corpus.glob("*.gold.json"))
    if not golds:
        fail(f"no *.gold.json in {corpus}: nothing to score")

    run = subprocess.run([sys.executable, str(SCORER), str(corpus), "--", str(binary), "parse", "--format=json"],
                         capture_output=True, text=True)
    output = run.stdout + run.stderr
    if run.returncode != 0:
        fail(f"score.py exited with {run.returncode}", output)
    lines = run.stdout.strip().splitlines()
    m = SUMMARY.match(lines[-1]) if lines else None
    if not m:
        fail("score.py's last line is not its summary (precision=... recall=... F1=... field_accuracy=... "
             "parse_failures=...)", output)

    print(f"{corpus} ({len(golds)} gold files): {lines[-1]}")
    f1, accuracy = float(m["f1"]), float(m["field_accuracy"])
    failures = int(m["parse_failures"])
    problems = []
    if f1 < args.min_f1:
        problems.append(f"F1 {f1:.3f} is below the floor {args.min_f1:.3f}")
    if accuracy < args.min_field_accuracy:
        problems.append(f"field_accuracy {accuracy:.3f} is below the floor {args.min_field_accuracy:.3f}")
    if failures > 0:
        problems.append(f"{failures} bulletin(s) failed to parse")
    if problems:
        fail("; ".join(problems) + f". Details: {sys.executable} {SCORER} {corpus} --verbose -- "
             f"{binary} parse --format=json", run.stdout)
    print(f"OK: F1 {f1:.3f} >= {args.min_f1:.3f}, field_accuracy {accuracy:.3f} >= "
          f"{args.min_field_accuracy:.3f}, no parse failures")


if __name__ == "__main__":
    main()
