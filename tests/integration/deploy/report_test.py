#!/usr/bin/python3
"""client/python/investtrack_report.py against a real investtrackd with the sample bulletin
ingested: the numbers in the CSV, XLSX and HTML outputs, the chart, the "since last report"
logic, and the exit status when the token is wrong or the server is down.

Needs INVESTTRACK_TEST_DB_URL (a PostgreSQL role that may create databases; scripts/test.sh
sets it), INVESTTRACKD_PATH, and PYTHONPATH holding the generated stubs (ctest sets both).
Fails, never skips, when any of them is missing.
"""
import csv
import datetime
import decimal
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

from live_server import ROOT, LiveServer, free_port

SAMPLE = os.path.join(ROOT, "tests", "data", "000_591e0df0c0e1022c.txt")
GOLD = os.path.join(ROOT, "tests", "data", "000_591e0df0c0e1022c.gold.json")
REPORT_SCRIPT = os.path.join(ROOT, "client", "python", "investtrack_report.py")
MONTH = "2023-11"
PREFIX = f"investtrack-report-{MONTH}"
READER = object()  # report()'s default token: the live server's reader token

sys.path.insert(0, os.path.join(ROOT, "client", "python"))


class ReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.live = LiveServer("report_test")
        try:
            cls.live.start()
            with cls.live.client(timeout=10) as client:
                client.ingest_file(SAMPLE, publication_date="2023-10-30")
        except BaseException:
            cls.live.stop()
            raise
        cls.work, cls.port, cls.target = cls.live.work, cls.live.port, cls.live.target
        with open(GOLD, encoding="utf-8") as f:
            cls.gold = [p for p in json.load(f)["projects"] if p["required"]]

    @classmethod
    def tearDownClass(cls):
        cls.live.stop()

    def report(self, out, *extra, token=READER, server=None, timeout=120):
        command = [sys.executable, REPORT_SCRIPT, "--server", server or self.target, "--out", out,
                   "--month", MONTH, "--timeout", "10", *extra]
        if token is not None:
            command += ["--token", self.live.reader_token if token is READER else token]
        env = dict(os.environ)
        env.pop("INVESTTRACK_TOKEN", None)
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)

    def fresh_report(self, *extra):
        out = tempfile.mkdtemp(dir=self.work)
        result = self.report(out, *extra)
        self.assertEqual(result.returncode, 0, result.stderr)
        return out, result

    def read_csv(self, path):
        with open(path, newline="", encoding="utf-8-sig") as f:
            return list(csv.DictReader(f))

    def find(self, rows, gold, key="project"):
        """The row of a gold project: its display name contains one of its match strings."""
        hits = [r for r in rows if any(m in r[key] for m in gold["match"])]
        self.assertTrue(hits, f"{gold['name']} is missing from {[r[key] for r in rows]}")
        return hits[0]

    def test_projects_csv_has_the_required_projects_with_status_and_investment(self):
        out, _ = self.fresh_report()
        rows = self.read_csv(os.path.join(out, PREFIX + "-projects.csv"))
        for gold in self.gold:
            row = self.find(rows, gold)
            self.assertEqual(row["status"], gold["status"].upper(), gold["name"])
            if gold.get("investment_yuan") is not None:
                self.assertEqual(decimal.Decimal(row["total_investment_cny"]), gold["investment_yuan"], gold["name"])
            self.assertEqual(row["new_since_last_report"], "yes")  # the first report: all new

    def test_summary_csv_agrees_with_the_project_rows(self):
        out, result = self.fresh_report()
        projects = self.read_csv(os.path.join(out, PREFIX + "-projects.csv"))
        summary = self.read_csv(os.path.join(out, PREFIX + "-summary.csv"))
        total = [r for r in summary if r["dimension"] == "total"]
        self.assertEqual(len(total), 1)
        invested = [decimal.Decimal(r["total_investment_cny"]) for r in projects if r["total_investment_cny"]]
        self.assertEqual(int(total[0]["project_count"]), len(projects))
        self.assertEqual(decimal.Decimal(total[0]["total_investment_cny"]), sum(invested))
        self.assertGreaterEqual(sum(invested), 120_000_000)
        self.assertEqual(int(total[0]["projects_with_investment"]), len(invested))
        for dimension, column in (("status", "status"), ("city", "city")):
            groups = {r["key"]: int(r["project_count"]) for r in summary if r["dimension"] == dimension}
            expected = {}
            for row in projects:
                key = row[column] or ("(未注明城市)" if dimension == "city" else "UNSPECIFIED")
                expected[key] = expected.get(key, 0) + 1
            self.assertEqual(groups, expected, dimension)
        wuxiang = [r for r in summary if r["dimension"] == "city" and r["key"] == "长治市"]
        self.assertEqual(len(wuxiang), 1)
        self.assertGreaterEqual(decimal.Decimal(wuxiang[0]["total_investment_cny"]), 120_000_000)
        self.assertIn(f"{len(projects)} projects", result.stderr)

    def test_xlsx_cells_hold_the_numbers(self):
        from openpyxl import load_workbook
        out, _ = self.fresh_report()
        book = load_workbook(os.path.join(out, PREFIX + ".xlsx"))
        self.assertEqual(book.sheetnames, ["Summary", "Projects", "Changes"])
        sheet = book["Projects"]
        header = [c.value for c in sheet[1]]
        rows = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
        csv_rows = self.read_csv(os.path.join(out, PREFIX + "-projects.csv"))
        self.assertEqual(len(rows), len(csv_rows))
        for gold in self.gold:
            row = self.find(rows, gold, key="项目")
            if gold.get("investment_yuan") is not None:
                self.assertEqual(row["总投资（元）"], gold["investment_yuan"])
        summary = {row[0].value: row[1].value for row in book["Summary"].iter_rows() if row[0].value}
        self.assertEqual(summary["项目总数"], len(csv_rows))
        self.assertEqual(decimal.Decimal(str(summary["总投资（元）"])),
                         sum(decimal.Decimal(r["total_investment_cny"]) for r in csv_rows if r["total_investment_cny"]))
        self.assertEqual(book["Changes"].max_row, len(csv_rows) + 1)  # first report: every project is new

    def test_html_names_the_required_projects_and_the_food_park_investment(self):
        out, _ = self.fresh_report()
        with open(os.path.join(out, PREFIX + ".html"), encoding="utf-8") as f:
            page = f.read()
        csv_rows = self.read_csv(os.path.join(out, PREFIX + "-projects.csv"))
        for gold in self.gold:
            self.assertIn(self.find(csv_rows, gold)["project"], page)
        food_park = self.find(csv_rows, next(g for g in self.gold if g.get("investment_yuan") == 120_000_000))
        self.assertIn("120,000,000", page)
        row_start = page.index(f"<td>{food_park['project']}</td><td>已竣工</td>")
        self.assertIn("120,000,000", page[row_start:page.index("</tr>", row_start)])
        self.assertIn(f'src="{PREFIX}.png"', page)

    def test_png_is_a_real_chart(self):
        from PIL import Image
        out, _ = self.fresh_report()
        path = os.path.join(out, PREFIX + ".png")
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:
            self.assertEqual(image.format, "PNG")
            self.assertGreaterEqual(image.size[0], 800)
            self.assertGreaterEqual(image.size[1], 400)
            colors = image.convert("RGB").getcolors(maxcolors=1_000_000)
            self.assertGreater(len(colors), 20)  # bars, text and antialiasing, not a blank canvas

    def test_second_report_sees_no_change_and_then_a_status_change(self):
        out, _ = self.fresh_report()
        again = self.report(out)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("0 new, 0 status changes", again.stderr)
        # Pretend the food park was still under construction at the last report.
        state_path = os.path.join(out, "investtrack-report-state.json")
        with open(state_path, encoding="utf-8") as f:
            state = json.load(f)
        rows = self.read_csv(os.path.join(out, PREFIX + "-projects.csv"))
        food_park = self.find(rows, next(g for g in self.gold if g.get("investment_yuan") == 120_000_000))
        state["projects"][food_park["name"]]["status"] = "UNDER_CONSTRUCTION"
        dropped = next(name for name in state["projects"] if name != food_park["name"])
        del state["projects"][dropped]
        with open(state_path, "w", encoding="utf-8") as f:
            json.dump(state, f, ensure_ascii=False)
        third = self.report(out)
        self.assertEqual(third.returncode, 0, third.stderr)
        self.assertIn("1 new, 1 status changes", third.stderr)
        rows = {r["name"]: r for r in self.read_csv(os.path.join(out, PREFIX + "-projects.csv"))}
        self.assertEqual(rows[food_park["name"]]["previous_status"], "UNDER_CONSTRUCTION")
        self.assertEqual(rows[dropped]["new_since_last_report"], "yes")
        with open(os.path.join(out, PREFIX + ".html"), encoding="utf-8") as f:
            self.assertIn("在建 → 已竣工", f.read())

    def test_since_a_date_uses_creation_times(self):
        tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
        yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
        _, later = self.fresh_report("--since", tomorrow)
        self.assertIn("0 new, 0 status changes", later.stderr)
        out, earlier = self.fresh_report("--since", yesterday)
        rows = self.read_csv(os.path.join(out, PREFIX + "-projects.csv"))
        self.assertIn(f"{len(rows)} new", earlier.stderr)

    def test_wrong_token_is_exit_4_with_a_clear_message(self):
        out = tempfile.mkdtemp(dir=self.work)
        result = self.report(out, token="not-a-token")
        self.assertEqual(result.returncode, 4, result.stderr)
        self.assertIn("token", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(out, PREFIX + ".html")))
        result = self.report(out, token=None)
        self.assertEqual(result.returncode, 4, result.stderr)

    def test_server_down_is_exit_3_within_the_deadline(self):
        out = tempfile.mkdtemp(dir=self.work)
        started = time.monotonic()
        result = self.report(out, server=f"127.0.0.1:{free_port()}")
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertIn("not answering", result.stderr)
        self.assertLess(time.monotonic() - started, 60)

    def test_health_subcommand_used_by_the_image_healthcheck(self):
        # Shares this live server rather than starting another; deploy/Dockerfile's HEALTHCHECK
        # runs exactly this command.
        def health(*extra, listen=None):
            env = {k: v for k, v in os.environ.items() if not k.startswith("INVESTTRACK_")}
            env["INVESTTRACK_LISTEN"] = listen or f"0.0.0.0:{self.port}"  # wildcard: this host
            return subprocess.run([os.environ["INVESTTRACKD_PATH"], "health", "--timeout", "5", *extra],
                                  capture_output=True, text=True, timeout=30, env=env)
        serving = health()
        self.assertEqual((serving.returncode, serving.stdout.strip()), (0, "SERVING"), serving.stderr)
        project_service = health("--service", "investtrack.v1.ProjectService")
        self.assertEqual((project_service.returncode, project_service.stdout.strip()), (0, "SERVING"))
        unknown = health("--service", "investtrack.v1.NoSuchService")
        self.assertEqual(unknown.returncode, 1)
        down = health(listen=f"127.0.0.1:{free_port()}")
        self.assertEqual(down.returncode, 1)
        self.assertIn("health check of", down.stderr)

    def test_usage_errors_are_exit_2(self):
        out = tempfile.mkdtemp(dir=self.work)
        self.assertEqual(self.report(out, "--since", "yesterday").returncode, 2)
        self.assertEqual(self.report(out, "--month", "2023-13").returncode, 2)


class ChineseMoneyTest(unittest.TestCase):
    def test_amounts_read_the_way_the_office_writes_them(self):
        import investtrack_report
        cases = {
            "227000000000": "2270亿元", "168187000000": "1682亿元", "76380000000": "763.8亿元",
            "2502000000": "25.02亿元", "120000000": "1.2亿元", "45000000": "4500万元", "800": "800元",
            "1200000000000": "1.2万亿元", "0": "0元",
            "99999999": "1亿元",  # rounds up into the next unit rather than "10000万元"
        }
        for yuan, text in cases.items():
            self.assertEqual(investtrack_report.chinese_money(decimal.Decimal(yuan)), text, yuan)


if __name__ == "__main__":
    unittest.main(verbosity=2)
