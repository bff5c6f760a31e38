#!/usr/bin/python3
"""client/python/investtrack_report.py at real size (issue 18): the 232 real articles of
tests/data/real (dev/, unlabelled/ and the first article of each tracking chain) ingested as one
month, the rest of the tracking chains as the next, and the two monthly reports checked against
the database itself:
  - the register is the size the report must cope with (500+ projects, 60+ cities);
  - the city panel shows the 15 cities with the most investment and one "其他" holding exactly
    the rest; the province and industry panels and the summary CSV hold every group's figures;
  - the second month lists the status changes the tracking articles made;
  - the PNG is as tall as the layout rule makes it and none of its labels overlap.

Needs INVESTTRACK_TEST_DB_URL, INVESTTRACKD_PATH and PYTHONPATH with the generated stubs (ctest
sets the last two); fails, never skips, without them.
"""
import collections
import csv
import decimal
import glob
import html.parser
import json
import os
import subprocess
import sys
import tempfile
import unittest

from live_server import ROOT, LiveServer, psql

REAL = os.path.join(ROOT, "tests", "data", "real")
REPORT_SCRIPT = os.path.join(ROOT, "client", "python", "investtrack_report.py")
FIRST_MONTH, SECOND_MONTH = "2026-10", "2026-11"
MIN_PROJECTS, MIN_CITIES = 500, 60

sys.path.insert(0, os.path.join(ROOT, "client", "python"))
import investtrack_report  # noqa: E402  (after the path it lives in)

# Figures per group straight from the table, the way Summarize defines them: live projects, CNY
# totals only.
GROUP_SQL = """SELECT {key}, count(*), COALESCE(sum(total_investment) FILTER (WHERE currency_code = 'CNY'), 0),
       count(total_investment) FILTER (WHERE currency_code = 'CNY')
FROM projects WHERE delete_time IS NULL GROUP BY 1"""


class PanelRows(html.parser.HTMLParser):
    """The data- figures of each panel's rows in the report page: {panel: [row]}."""

    def __init__(self):
        super().__init__()
        self.panels = collections.defaultdict(list)
        self.panel = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "data-panel" in attrs:
            self.panel = attrs["data-panel"]
        elif tag == "tr" and self.panel and "data-key" in attrs:
            self.panels[self.panel].append({
                "key": attrs["data-key"],
                "count": int(attrs["data-count"]),
                "investment": decimal.Decimal(attrs["data-yuan"]),
                "with_investment": int(attrs["data-with-investment"]),
                "others": attrs.get("class") == "others",
            })

    def handle_endtag(self, tag):
        if tag == "section":
            self.panel = None


def tracking_chains():
    """[(chain directory, [(file, date)] in date order)] of tests/data/real/tracking."""
    chains = []
    for scenario_path in sorted(glob.glob(os.path.join(REAL, "tracking", "*", "scenario.json"))):
        with open(scenario_path, encoding="utf-8") as f:
            scenario = json.load(f)
        bulletins = sorted(((b["file"], b["date"]) for b in scenario["bulletins"]), key=lambda b: b[1])
        chains.append((os.path.dirname(scenario_path), bulletins))
    return chains


class RealSizeReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.live = LiveServer("report_size")
        try:
            cls.live.start()
            cls.out = tempfile.mkdtemp(dir=cls.live.work)
            chains = tracking_chains()
            articles = sorted(glob.glob(os.path.join(REAL, "dev", "*.txt")) +
                              glob.glob(os.path.join(REAL, "unlabelled", "u*.txt")))
            with cls.live.client(timeout=300) as client:
                refused = [(path, status.message) for path, response, status in client.ingest_files(articles)
                           if response is None]
                for chain, bulletins in chains:
                    file, date = bulletins[0]
                    client.ingest_file(os.path.join(chain, file), publication_date=date)
            cls.first = cls.run_report(FIRST_MONTH)
            with cls.live.client(timeout=300) as client:
                for chain, bulletins in chains:
                    for file, date in bulletins[1:]:
                        client.ingest_file(os.path.join(chain, file), publication_date=date)
            cls.second = cls.run_report(SECOND_MONTH)
        except BaseException:
            cls.live.stop()
            raise
        cls.refused = refused
        cls.prefix = os.path.join(cls.out, f"investtrack-report-{SECOND_MONTH}")
        parser = PanelRows()
        with open(cls.prefix + ".html", encoding="utf-8") as f:
            cls.page = f.read()
        parser.feed(cls.page)
        cls.panels = parser.panels

    @classmethod
    def tearDownClass(cls):
        cls.live.stop()

    @classmethod
    def run_report(cls, month):
        command = [sys.executable, REPORT_SCRIPT, "--server", cls.live.target, "--token", cls.live.reader_token,
                   "--out", cls.out, "--month", month, "--timeout", "60"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            raise AssertionError(f"the report for {month} exited with {result.returncode}:\n{result.stderr}")
        return result

    def groups(self, column, unstated):
        """{key: (count, investment, with_investment)} by one column, from the database."""
        rows = psql(self.live.db_url, GROUP_SQL.format(key=column), "-A", "-t", "-F", "\t")
        groups = {}
        for line in rows.splitlines():
            key, count, investment, with_investment = line.split("\t")
            groups[key or unstated] = (int(count), decimal.Decimal(investment), int(with_investment))
        return groups

    @staticmethod
    def figures(row):
        return row["count"], row["investment"], row["with_investment"]

    def test_the_register_is_real_size(self):
        self.assertEqual(self.refused, [])
        projects = sum(count for count, _, _ in self.groups("city", "").values())
        cities = [key for key in self.groups("city", "") if key]
        print(f"\nregister: {projects} projects in {len(cities)} cities", file=sys.stderr)
        self.assertGreaterEqual(projects, MIN_PROJECTS)
        self.assertGreaterEqual(len(cities), MIN_CITIES)
        self.assertIn(f"{projects} projects", self.second.stderr)

    def test_city_panel_is_the_top_15_and_others_holding_the_rest(self):
        expected = self.groups("city", investtrack_report.NO_CITY)
        rows = self.panels["city"]
        named = [row for row in rows if not row["others"] and row["key"] != investtrack_report.NO_CITY]
        others = [row for row in rows if row["others"]]
        self.assertEqual(len(named), 15)
        self.assertEqual([row["key"] for row in others], ["其他"])
        for row in named:
            self.assertEqual(self.figures(row), expected[row["key"]], row["key"])
        rest = [figures for key, figures in expected.items()
                if key not in {row["key"] for row in named} and key != investtrack_report.NO_CITY]
        self.assertEqual(self.figures(others[0]), (sum(f[0] for f in rest), sum(f[1] for f in rest),
                                                   sum(f[2] for f in rest)))
        # The 15 are the largest: none of the rest has more investment than the smallest of them.
        self.assertGreaterEqual(min(row["investment"] for row in named), max(f[1] for f in rest))
        self.assertEqual([row["investment"] for row in named],
                         sorted((row["investment"] for row in named), reverse=True))
        if investtrack_report.NO_CITY in expected:
            self.assertEqual(self.figures(rows[-1]), expected[investtrack_report.NO_CITY])
        self.assertIn(f"其他（{len(rest)}个）", self.page)

    def test_province_and_industry_panels_hold_every_group(self):
        for panel, column, unstated in (("province", "province", investtrack_report.NO_PROVINCE),
                                        ("industry", "industry", investtrack_report.NO_INDUSTRY)):
            shown = {row["key"]: self.figures(row) for row in self.panels[panel]}
            self.assertEqual(shown, self.groups(column, unstated), panel)
        self.assertGreaterEqual(len(self.panels["province"]), 20)  # the corpus spans the country

    def test_summary_csv_holds_every_group_of_every_dimension(self):
        with open(self.prefix + "-summary.csv", newline="", encoding="utf-8-sig") as f:
            summary = list(csv.DictReader(f))
        for dimension, unstated in (("city", investtrack_report.NO_CITY),
                                    ("province", investtrack_report.NO_PROVINCE),
                                    ("industry", investtrack_report.NO_INDUSTRY)):
            rows = {r["key"]: (int(r["project_count"]), decimal.Decimal(r["total_investment_cny"]),
                               int(r["projects_with_investment"]))
                    for r in summary if r["dimension"] == dimension}
            self.assertEqual(rows, self.groups(dimension, unstated), dimension)

    def test_the_second_month_lists_the_status_changes_the_tracking_articles_made(self):
        with open(os.path.join(self.out, f"investtrack-report-{FIRST_MONTH}-projects.csv"),
                  newline="", encoding="utf-8-sig") as f:
            before = {r["name"]: r["status"] for r in csv.DictReader(f)}
        now = psql(self.live.db_url, "SELECT id, upper(status) FROM projects WHERE delete_time IS NULL",
                   "-A", "-t", "-F", "\t")
        changed = collections.Counter()
        for line in now.splitlines():
            project, status = line.split("\t")
            previous = before.get("projects/" + project)
            if previous is not None and previous != status:
                changed[f"{previous}>{status}"] += 1
        self.assertGreaterEqual(sum(changed.values()), 1, "the tracking articles changed no status")
        shown = {row["key"]: row["count"] for row in self.panels["changes"]}
        self.assertEqual(shown, dict(changed))
        self.assertIn(f"{sum(changed.values())} status changes", self.second.stderr)
        self.assertIn("在建 → 停建/缓建", self.page)  # the Wuhan chip plant: under construction, then stopped

    def test_png_follows_the_layout_rule(self):
        from PIL import Image
        with Image.open(self.prefix + ".png") as image:
            width, height = image.size
        self.assertEqual(width, investtrack_report.CHART_WIDTH * investtrack_report.CHART_DPI)
        bars = sum(len(rows) for rows in self.panels.values())
        # At least BAR_PITCH per bar: the figure grew with the register instead of squeezing labels.
        self.assertGreaterEqual(height, bars * investtrack_report.BAR_PITCH * investtrack_report.CHART_DPI)
        self.assertLess(height, 20_000)

    def test_no_two_chart_labels_overlap(self):
        """Draws the chart of the database's figures through the report's own code path and
        compares every text's box with every other's, independently of the report's guard."""
        import matplotlib.text
        summaries = {}
        for dimension, key_of, _, _ in investtrack_report.SUMMARY_DIMENSIONS:
            column = "upper(status)" if dimension == "status" else dimension
            rows = [{"key": key_of(key), "count": c, "investment": i, "with_investment": w}
                    for key, (c, i, w) in self.groups(column, "").items()]
            summaries[dimension] = investtrack_report.order_by_investment(rows)
        transitions = [(*row["key"].split(">"), row["count"]) for row in self.panels["changes"]]
        panels = investtrack_report.report_panels(summaries, transitions)
        investtrack_report.load_cjk_font(investtrack_report.find_cjk_font())
        figure = investtrack_report.draw_chart("投资项目月报", panels)
        renderer = figure.canvas.get_renderer()
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in figure.findobj(matplotlib.text.Text)
                 if t.get_visible() and t.get_text().strip()]
        self.assertGreater(len(boxes), 60)
        for i, (text, box) in enumerate(boxes):
            self.assertTrue(figure.bbox.x0 <= box.x0 and box.x1 <= figure.bbox.x1 + 1
                            and figure.bbox.y0 <= box.y0 and box.y1 <= figure.bbox.y1 + 1, f"{text!r} is cut off")
            for other_text, other in boxes[i + 1:]:
                shared_width = min(box.x1, other.x1) - max(box.x0, other.x0)
                shared_height = min(box.y1, other.y1) - max(box.y0, other.y0)
                self.assertFalse(shared_width > 1 and shared_height > 1, f"{text!r} overlaps {other_text!r}")

    def test_the_report_guard_sees_overlapping_labels(self):
        """The report refuses to write a chart whose labels overlap; the check must see them."""
        import matplotlib.pyplot as plt
        investtrack_report.load_cjk_font(investtrack_report.find_cjk_font())
        figure = plt.figure(figsize=(4, 2))
        figure.text(0.1, 0.5, "上海市 120亿元")
        figure.text(0.15, 0.5, "浦东新区 80亿元")
        self.assertEqual(len(investtrack_report.overlapping_texts(figure)), 1)
        plt.close(figure)

    def test_page_reads_on_a_phone(self):
        self.assertIn('<meta name="viewport" content="width=device-width, initial-scale=1">', self.page)
        self.assertIn("@media (max-width:600px)", self.page)
        self.assertNotIn('width="1200"', self.page)  # nothing wider than the screen is fixed
        total = sum(count for count, _, _ in self.groups("city", "").values())
        self.assertIn(f"全部项目（{total}）", self.page)


if __name__ == "__main__":
    unittest.main(verbosity=2)
