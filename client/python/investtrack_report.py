#!/usr/bin/python3
"""The commerce office's monthly report on the investment project register, from investtrackd.

    /usr/bin/python3 client/python/investtrack_report.py --server HOST:PORT --token TOKEN \\
        --month 2026-11 --out reports/

Writes into --out, named by month:
    investtrack-report-YYYY-MM-projects.csv   one row per project, with what changed
    investtrack-report-YYYY-MM-summary.csv    projects and investment by status, city, province
                                              and industry (every group)
    investtrack-report-YYYY-MM.xlsx           the same as sheets: Summary, Projects, Changes
    investtrack-report-YYYY-MM.png            one column of bar panels: investment by city (the top
                                              15 and "其他"), by province and by industry, projects
                                              by status, this period's status changes
    investtrack-report-YYYY-MM.html           the same panels as tables that reflow on a phone, the
                                              changes, every project, and the PNG

"Since the last report": by default the previous run's state file (--state, default
OUT/investtrack-report-state.json: each project's status at that run) is compared with today's
register; a first run has no previous state and lists every project as new. --since DATE compares
with a date instead: projects created on or after it are new, and status changes come from the
projects' event history. Each successful run rewrites the state file.

The token comes from --token or INVESTTRACK_TOKEN (a reader token is enough); the server from
--server or INVESTTRACK_SERVER. Every call has a deadline (--timeout seconds). For a server that
speaks TLS: --tls-ca FILE or INVESTTRACK_TLS_CA (the CA that issued its certificate), or --tls for
the system's CA roots; --tls-server-name when --server is not a name on its certificate.

Exit status: 0 report written; 2 usage error (a CA file that cannot be used included); 3 server
unreachable or too slow (a failed TLS handshake included, with what went wrong); 4 token missing,
wrong or not allowed; 5 no font that renders Chinese (install fonts-noto-cjk or
fonts-wqy-zenhei) or a Python package missing; 1 anything else.

Needs Debian's python3-grpcio, python3-openpyxl, python3-matplotlib and the generated stubs of
investtrack_client (see client/python/generate_stubs.sh).
"""
import argparse
import collections
import csv
import datetime
import decimal
import html
import json
import os
import subprocess
import sys

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_UNREACHABLE = 3
EXIT_AUTH = 4
EXIT_ENVIRONMENT = 5

# Report wording as the office uses it; keys are ProjectStatus names without the prefix.
STATUS_LABELS = {
    "UNSPECIFIED": "未标注",
    "UNKNOWN": "状态不明",
    "ANNOUNCED": "谋划/公布",
    "SIGNED": "已签约",
    "PREPARING": "前期筹备",
    "UNDER_CONSTRUCTION": "在建",
    "COMPLETED": "已竣工",
    "OPERATING": "已投产/运营",
    "SUSPENDED": "停建/缓建",
    "CANCELLED": "已取消",
}
# Lifecycle order for tables and charts, so months are comparable at a glance.
STATUS_ORDER = list(STATUS_LABELS)
# The parser's industry keys (parser/src/entities.cc) in the office's words; an unknown key is
# shown as it is rather than dropped.
INDUSTRY_LABELS = {
    "semiconductor": "半导体",
    "new_energy_vehicle": "新能源汽车",
    "hydrogen": "氢能",
    "energy_storage": "储能/电池",
    "photovoltaics": "光伏",
    "wind_power": "风电",
    "airport": "机场",
    "cross_border_ecommerce": "跨境电商",
    "data_center": "数据中心",
    "food_processing": "食品加工",
    "coal": "煤炭",
    "chemicals": "化工",
    "steel": "钢铁",
    "logistics": "物流",
    "tourism": "文旅",
    "real_estate": "房地产",
    "healthcare": "医疗健康",
    "transport": "交通",
    "water": "水利/水务",
    "power_grid": "电网",
    "thermal_power": "火电",
    "building_materials": "建材",
    "agriculture": "农业",
    "manufacturing": "制造业",
}
NO_CITY = "(未注明城市)"
NO_PROVINCE = "(未注明省份)"
NO_INDUSTRY = "(未分类)"
# The city panel shows this many cities by investment; the rest are summed into one "其他" bar so
# the panel stays readable however many cities the register holds.
TOP_CITIES = 15
OTHERS = "其他"
YUAN_PER_YI = decimal.Decimal(100_000_000)


class ReportError(Exception):
    def __init__(self, message, exit_status):
        super().__init__(message)
        self.exit_status = exit_status


def status_key(value):
    """'under_construction', 'PROJECT_STATUS_UNDER_CONSTRUCTION' or an enum number -> 'UNDER_CONSTRUCTION'."""
    if isinstance(value, int):
        from investtrack_client.client import project_pb2
        value = project_pb2.ProjectStatus.Name(value)
    key = str(value).strip().upper()
    if key.startswith("PROJECT_STATUS_"):
        key = key[len("PROJECT_STATUS_"):]
    return key or "UNSPECIFIED"


def status_label(key):
    return STATUS_LABELS.get(key, key)


def industry_label(key):
    return INDUSTRY_LABELS.get(key, key)


def money_to_decimal(money):
    from investtrack_client.client import money_to_decimal_string
    return decimal.Decimal(money_to_decimal_string(money))


def yuan_text(amount):
    """120000000 -> '120,000,000' (whole yuan) or with the fraction kept when there is one."""
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount:,f}"


# Units the office writes amounts in, largest first: 1.2万亿元, 2270亿元, 4500万元.
_CHINESE_MONEY_UNITS = (
    (decimal.Decimal(10) ** 12, "万亿元"),
    (YUAN_PER_YI, "亿元"),
    (decimal.Decimal(10_000), "万元"),
)


def chinese_money(amount):
    """Yuan -> '2270亿元', '763.8亿元', '1.35亿元', '4500万元', '800元': the largest unit the amount
    reaches, about four significant digits (two decimals at most), no trailing zeros: the way
    bulletins and the office write money. Exact yuan stay in the CSV and XLSX."""
    for size, unit in _CHINESE_MONEY_UNITS + ((decimal.Decimal(1), "元"),):
        value = amount / size
        places = 0 if abs(value) >= 1000 else 1 if abs(value) >= 100 else 2
        value = value.quantize(decimal.Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)
        if abs(value) >= 1:  # after rounding: 99,999,999 is 1亿元, not 10000万元
            break
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + unit


def timestamp_to_datetime(timestamp):
    if not timestamp.seconds and not timestamp.nanos:
        return None
    return datetime.datetime.fromtimestamp(timestamp.seconds, tz=datetime.timezone.utc)


# --- talking to the server ---------------------------------------------------------------------

def rpc_error_to_report_error(error, server):
    import grpc
    code = error.code()
    details = error.details() or ""
    if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
        from investtrack_client import connection_failure_hint
        hint = connection_failure_hint(error)
        if hint:
            return ReportError(f"cannot talk to investtrackd at {server}: {hint} ({code.name}: {details})",
                               EXIT_UNREACHABLE)
        return ReportError(f"investtrackd at {server} is not answering ({code.name}: {details}); "
                           "is it running, and is --server right?", EXIT_UNREACHABLE)
    if code == grpc.StatusCode.UNAUTHENTICATED:
        return ReportError(f"investtrackd at {server} refused the token ({details}); pass a valid one "
                           "with --token or INVESTTRACK_TOKEN", EXIT_AUTH)
    if code == grpc.StatusCode.PERMISSION_DENIED:
        return ReportError(f"investtrackd at {server} does not allow this caller ({details})", EXIT_AUTH)
    return ReportError(f"investtrackd at {server} answered {code.name}: {details}", EXIT_FAILURE)


def status_history(client, project):
    """[(event time, status key)] of the project's status changes, oldest first."""
    from investtrack_client.client import project_service_pb2
    history = []
    for event in client.list_project_events(project.name):
        when = timestamp_to_datetime(event.event_time)
        if event.kind == project_service_pb2.ProjectEvent.KIND_STATUS_CHANGE and when is not None:
            history.append((when, status_key(event.status)))
    return sorted(history, key=lambda entry: entry[0])


def fetch_register(client):
    """(projects, {dimension: SummarizeResponse}) from one consistent-enough moment."""
    projects = list(client.export(order_by="create_time"))
    return projects, {dimension: client.summarize(group_by=dimension) for dimension, *_ in SUMMARY_DIMENSIONS}


# --- what changed --------------------------------------------------------------------------------

def load_state(path):
    if not os.path.exists(path):
        return None
    try:
        with open(path, encoding="utf-8") as f:
            state = json.load(f)
        return {name: entry["status"] for name, entry in state["projects"].items()}, state.get("generated_at", "")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ReportError(f"cannot read the previous report's state {path}: {error}; "
                          "move it away to start afresh", EXIT_FAILURE) from None


def write_state(path, rows, generated_at):
    state = {
        "generated_at": generated_at,
        "projects": {row["name"]: {"status": row["status"], "display_name": row["display_name"]} for row in rows},
    }
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(state, f, ensure_ascii=False, indent=1)
    os.replace(tmp, path)


def project_rows(projects):
    rows = []
    for project in projects:
        investment = (money_to_decimal(project.total_investment)
                      if project.total_investment.currency_code == "CNY" else None)
        rows.append({
            "name": project.name,
            "display_name": project.display_name,
            "status": status_key(project.status),
            "province": project.location.province,
            "city": project.location.city,
            "county": project.location.county,
            "industry": project.industry,
            "investment": investment,
            "create_time": timestamp_to_datetime(project.create_time),
            "is_new": False,
            "previous_status": "",
        })
    return rows


def mark_changes_from_state(rows, previous):
    for row in rows:
        if row["name"] not in previous:
            row["is_new"] = True
        elif status_key(previous[row["name"]]) != row["status"]:
            row["previous_status"] = status_key(previous[row["name"]])


def mark_changes_since(rows, projects, client, since):
    by_name = {project.name: project for project in projects}
    for row in rows:
        created = row["create_time"]
        if created is not None and created.date() >= since:
            row["is_new"] = True
            continue
        updated = timestamp_to_datetime(by_name[row["name"]].update_time)
        if updated is None or updated.date() < since:
            continue  # untouched since then: its status cannot have changed
        before = [status for when, status in status_history(client, by_name[row["name"]]) if when.date() < since]
        if before and before[-1] != row["status"]:
            row["previous_status"] = before[-1]


# --- summaries -----------------------------------------------------------------------------------

# The dimensions the report sums over: Summarize's group_by, the key of a group (an empty key, not
# stated, gets a name), the heading of its XLSX table and how a key reads.
SUMMARY_DIMENSIONS = (
    ("status", status_key, "按状态", status_label),
    ("city", lambda key: key or NO_CITY, "按城市", str),
    ("province", lambda key: key or NO_PROVINCE, "按省份", str),
    ("industry", lambda key: key or NO_INDUSTRY, "按行业", industry_label),
)


def summary_rows(response, key_of):
    rows = []
    for group in response.groups:
        rows.append({
            "key": key_of(group.key),
            "count": group.project_count,
            "investment": money_to_decimal(group.total_investment),
            "with_investment": group.projects_with_investment,
        })
    total = {
        "key": "合计",
        "count": response.total.project_count,
        "investment": money_to_decimal(response.total.total_investment),
        "with_investment": response.total.projects_with_investment,
    }
    return rows, total


def order_by_status(rows):
    rank = {key: i for i, key in enumerate(STATUS_ORDER)}
    return sorted(rows, key=lambda row: (rank.get(row["key"], len(rank)), row["key"]))


def order_by_investment(rows):
    return sorted(rows, key=lambda row: (-row["investment"], -row["count"], row["key"]))


def summaries_of(responses):
    """({dimension: group rows, statuses in lifecycle order, the rest by investment}, total)."""
    summaries = {}
    for dimension, key_of, _, _ in SUMMARY_DIMENSIONS:
        group_rows, total = summary_rows(responses[dimension], key_of)
        summaries[dimension] = order_by_status(group_rows) if dimension == "status" else order_by_investment(group_rows)
    return summaries, total


def top_and_others(rows, top, unstated_key):
    """The `top` groups with the most investment (all when top is None), then one OTHERS group
    summing the rest (with "folded": how many groups it sums), then the group whose key was not
    stated. The unstated
    group is never ranked or folded: "其他" holds named places only, and missing data stays
    visible as such. rows are summary_rows output; the figures add up to the same total."""
    unstated = [row for row in rows if row["key"] == unstated_key]
    named = order_by_investment([row for row in rows if row["key"] != unstated_key])
    shown, rest = (named, []) if top is None else (named[:top], named[top:])
    if rest:
        shown.append({
            "key": OTHERS,
            "count": sum(row["count"] for row in rest),
            "investment": sum((row["investment"] for row in rest), decimal.Decimal(0)),
            "with_investment": sum(row["with_investment"] for row in rest),
            "folded": len(rest),
        })
    return shown + unstated


def status_transitions(rows):
    """[(previous status, current status, project count)] of this period's changes, most first."""
    counts = collections.Counter((row["previous_status"], row["status"]) for row in rows if row["previous_status"])
    return sorted(((before, after, n) for (before, after), n in counts.items()),
                  key=lambda entry: (-entry[2], entry[0], entry[1]))


# --- outputs -------------------------------------------------------------------------------------

def change_text(row):
    if row["is_new"]:
        return "新增"
    if row["previous_status"]:
        return f"{status_label(row['previous_status'])} → {status_label(row['status'])}"
    return ""


def write_csvs(prefix, rows, summaries, total):
    projects_path = prefix + "-projects.csv"
    with open(projects_path, "w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f)
        writer.writerow(["project", "name", "status", "status_label", "province", "city", "county",
                         "industry", "total_investment_cny", "new_since_last_report",
                         "previous_status"])
        for row in rows:
            writer.writerow([row["display_name"], row["name"], row["status"], status_label(row["status"]),
                             row["province"], row["city"], row["county"], row["industry"],
                             "" if row["investment"] is None else str(row["investment"]),
                             "yes" if row["is_new"] else "no", row["previous_status"]])
    summary_path = prefix + "-summary.csv"
    with open(summary_path, "w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f)
        writer.writerow(["dimension", "key", "label", "project_count", "total_investment_cny",
                         "projects_with_investment"])
        for dimension, _, _, label_of in SUMMARY_DIMENSIONS:
            for row in summaries[dimension]:
                writer.writerow([dimension, row["key"], label_of(row["key"]), row["count"], str(row["investment"]),
                                 row["with_investment"]])
        writer.writerow(["total", "", "合计", total["count"], str(total["investment"]), total["with_investment"]])
    return [projects_path, summary_path]


def write_xlsx(path, title, rows, summaries, total, basis):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    summary.append([title])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([basis])
    summary.append([])
    summary.append(["项目总数", total["count"]])
    summary.append(["总投资（元）", total["investment"]])
    summary.append(["有投资额的项目", total["with_investment"]])
    for dimension, _, heading, label_of in SUMMARY_DIMENSIONS:
        summary.append([])
        summary.append([heading, "项目数", "总投资（元）", "有投资额的项目"])
        for cell in summary[summary.max_row]:
            cell.font = bold
        for row in summaries[dimension]:
            summary.append([label_of(row["key"]), row["count"], row["investment"], row["with_investment"]])
    sheet = book.create_sheet("Projects")
    sheet.append(["项目", "状态", "省", "市", "县", "行业", "总投资（元）", "本期新增", "状态变化", "ID"])
    for cell in sheet[1]:
        cell.font = bold
    for row in rows:
        sheet.append([row["display_name"], status_label(row["status"]), row["province"], row["city"],
                      row["county"], row["industry"], row["investment"], "是" if row["is_new"] else "",
                      change_text(row) if not row["is_new"] else "", row["name"]])
    changes = book.create_sheet("Changes")
    changes.append(["项目", "变化", "当前状态", "市", "总投资（元）"])
    for cell in changes[1]:
        cell.font = bold
    for row in rows:
        if row["is_new"] or row["previous_status"]:
            changes.append([row["display_name"], change_text(row), status_label(row["status"]), row["city"],
                            row["investment"]])
    for ws in book.worksheets:
        for column in ws.columns:
            letter = get_column_letter(column[0].column)
            if ws is summary and letter == "A":
                ws.column_dimensions[letter].width = 24  # keeps the long title from widening it
                continue
            longest = max((len(str(c.value)) for c in column if c.value is not None), default=4)
            ws.column_dimensions[letter].width = min(60, longest * 2 + 2)
            for cell in column:
                if isinstance(cell.value, decimal.Decimal):
                    cell.number_format = "#,##0"
    book.save(path)


def find_cjk_font():
    """A font file fontconfig says covers Chinese, preferring Simplified Chinese ones."""
    for pattern in (":lang=zh-cn", ":lang=zh"):
        try:
            listed = subprocess.run(["fc-list", pattern, "file"], capture_output=True, text=True,
                                    timeout=30, check=False).stdout
        except (OSError, subprocess.TimeoutExpired):
            listed = ""
        files = sorted(line.split(":")[0].strip() for line in listed.splitlines() if line.strip())
        # Matplotlib reads TrueType/OpenType files, collections (.ttc) included.
        files = [f for f in files if f.lower().endswith((".ttf", ".ttc", ".otf"))]
        if files:
            return files[0]
    raise ReportError("no font that renders Chinese was found through fontconfig (fc-list :lang=zh); "
                      "install fonts-noto-cjk or fonts-wqy-zenhei", EXIT_ENVIRONMENT)


# --- panels: what the chart and the HTML page show ----------------------------------------------

class Panel:
    """One chart panel and its HTML table: rows of summary figures (key, count, investment,
    with_investment), drawn as bars of investment (亿元) or of project counts."""

    def __init__(self, key, title, heading, rows, label_of, by_investment=True, note=""):
        self.key = key  # stable id: the HTML section's data-panel, what tests look for
        self.title = title
        self.heading = heading  # what a row is: the HTML table's first column
        self.rows = rows
        self.label_of = label_of
        self.by_investment = by_investment
        self.note = note

    def label(self, row):
        if row.get("folded"):
            return f"{OTHERS}（{row['folded']}个）"
        return self.label_of(row["key"])

    def length(self, row):
        return float(row["investment"] / YUAN_PER_YI) if self.by_investment else row["count"]

    def value_text(self, row):
        if not self.by_investment:
            return f"{row['count']}个"
        # Most bulletins leave investment out, so each figure says how many projects it covers.
        if row["with_investment"] == 0:
            return f"未披露 · 0/{row['count']}项"
        return f"{chinese_money(row['investment'])} · {row['with_investment']}/{row['count']}项"


def transition_key(before, after):
    return f"{before}>{after}"


def transition_label(key):
    before, after = key.split(">")
    return f"{status_label(before)} → {status_label(after)}"


INVESTMENT_NOTE = "x/y项：披露投资额的项目/全部项目"


def report_panels(summaries, transitions):
    """The report's panels, in reading order: where the money is, then what state it is in."""
    panels = [
        Panel("city", f"各市总投资（前{TOP_CITIES}个城市，其余合计为“{OTHERS}”）",
              "城市", top_and_others(summaries["city"], TOP_CITIES, NO_CITY), str, note=INVESTMENT_NOTE),
        # At most 34 provinces and a fixed list of industries: all of them fit.
        Panel("province", "各省总投资", "省份", top_and_others(summaries["province"], None, NO_PROVINCE), str,
              note=INVESTMENT_NOTE),
        Panel("industry", "各行业总投资", "行业", top_and_others(summaries["industry"], None, NO_INDUSTRY), industry_label,
              note=INVESTMENT_NOTE),
        Panel("status", "各状态项目数", "状态", summaries["status"], status_label, by_investment=False),
    ]
    if transitions:
        panels.append(Panel("changes", "本期状态变化（按变化类型）", "变化",
                            [{"key": transition_key(before, after), "count": n,
                              "investment": decimal.Decimal(0), "with_investment": 0}
                             for before, after, n in transitions],
                            transition_label, by_investment=False))
    return panels


# --- the chart -----------------------------------------------------------------------------------

# Layout rule, in inches: every bar gets BAR_PITCH of height (more than twice the label font), so
# neighbouring labels cannot touch however many bars a panel has; the figure grows instead. Panels
# are placed by hand rather than by matplotlib's layout engines, which share out the height by
# ratio and so make a three-bar panel's bars as fat as the space its title needs.
CHART_WIDTH = 10.0
BAR_PITCH = 0.3
PANEL_HEAD = 0.45  # a panel's title above its bars
PANEL_GAP = 0.3  # below a panel's bars
TITLE_HEIGHT = 0.7
MARGIN = 0.15  # left, right and bottom
CHART_DPI = 100
LABEL_FONT_SIZE = 10
COLORS = {"bar": "#3b6ea5", "others": "#8c96a3", "unstated": "#c3c9d1", "count": "#c0504d"}


def load_cjk_font(font_file):
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import font_manager
    import matplotlib.pyplot as plt

    font_manager.fontManager.addfont(font_file)
    plt.rcParams["font.family"] = [font_manager.FontProperties(fname=font_file).get_name()]
    plt.rcParams["axes.unicode_minus"] = False


def row_kind(row):
    """'others', 'unstated' or '': the PNG and the page draw those two greyed out."""
    if row.get("folded"):
        return "others"
    return "unstated" if row["key"] in (NO_CITY, NO_PROVINCE, NO_INDUSTRY) else ""


def bar_color(panel, row):
    kind = row_kind(row)
    if kind:
        return COLORS[kind]
    return COLORS["bar"] if panel.by_investment else COLORS["count"]


def draw_chart(title, panels):
    """The panels stacked in one column, the figure as tall as its bars need (load_cjk_font first)."""
    import matplotlib.pyplot as plt

    panels = [panel for panel in panels if panel.rows]
    height = TITLE_HEIGHT + sum(PANEL_HEAD + len(panel.rows) * BAR_PITCH + PANEL_GAP for panel in panels) + MARGIN
    figure = plt.figure(figsize=(CHART_WIDTH, height), dpi=CHART_DPI)
    figure.suptitle(title, fontsize=16, y=1 - 0.2 / height, va="top")
    top = height - TITLE_HEIGHT  # inches from the bottom edge
    for panel in panels:
        bars_height = len(panel.rows) * BAR_PITCH
        top -= PANEL_HEAD
        # Placed at full width for now; align_panels moves the left edge past the longest name.
        axes = figure.add_axes((0, (top - bars_height) / height, 1, bars_height / height))
        top -= bars_height + PANEL_GAP
        positions = range(len(panel.rows))
        bars = axes.barh(positions, [panel.length(row) for row in panel.rows],
                         color=[bar_color(panel, row) for row in panel.rows], height=0.7)
        axes.set_yticks(positions, [panel.label(row) for row in panel.rows], fontsize=LABEL_FONT_SIZE)
        axes.set_ylim(len(panel.rows) - 0.5, -0.5)  # largest on top
        axes.bar_label(bars, labels=[panel.value_text(row) for row in panel.rows], padding=4,
                       fontsize=LABEL_FONT_SIZE - 1)
        axes.set_xticks([])  # every bar carries its figure; an axis would only add clutter
        for side in ("top", "right", "bottom"):
            axes.spines[side].set_visible(False)
        axes.set_title(panel.title, loc="left", fontsize=12, fontweight="bold")
        if panel.note:
            axes.set_title(panel.note, loc="right", fontsize=8, color="#666666")
        axes.tick_params(axis="y", length=0)
    align_panels(figure)
    fit_value_labels(figure)
    return figure


def align_panels(figure):
    """One left edge for every panel, just past the longest bar name of them all, so the bars of
    all panels start on the same line."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    width = figure.bbox.width
    names = max((label.get_window_extent(renderer).width for axes in figure.axes
                 for label in axes.get_yticklabels()), default=0)
    left = (MARGIN * figure.dpi + names + 6) / width
    for axes in figure.axes:
        box = axes.get_position()
        axes.set_position((left, box.y0, 1 - left - MARGIN / CHART_WIDTH, box.height))


def fit_value_labels(figure):
    """Widens each panel's x range until the figure at the end of its longest bars fits inside the
    axes: with lengths scaled to the axes, a label at the end of the longest bar would otherwise
    run off the figure."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    for axes in figure.axes:
        width = axes.get_window_extent(renderer).width
        needed = 0.0
        # draw_chart gives each panel one bar container, and its bar labels are the axes' texts.
        for bar, label in zip(axes.containers[0].patches, axes.texts):
            text_width = label.get_window_extent(renderer).width + 4 * figure.dpi / 72 + 2
            if text_width >= width:
                continue  # wider than the panel: overlapping_texts reports it
            needed = max(needed, bar.get_width() * width / (width - text_width))
        axes.set_xlim(0, max(needed, 1e-9))
    figure.canvas.draw()


def overlapping_texts(figure):
    """Every pair of texts whose boxes intersect and every text cut off by the figure's edge, as
    sentences; empty when all labels are readable."""
    from matplotlib.text import Text

    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    boxes = [(text.get_text(), text.get_window_extent(renderer))
             for text in figure.findobj(Text) if text.get_visible() and text.get_text().strip()]
    problems = []
    edge = figure.bbox
    for name, box in boxes:
        if box.x0 < edge.x0 - 1 or box.y0 < edge.y0 - 1 or box.x1 > edge.x1 + 1 or box.y1 > edge.y1 + 1:
            problems.append(f"{name!r} runs off the figure")
    for i, (name, box) in enumerate(boxes):
        for other_name, other in boxes[i + 1:]:
            # Touching edges are fine; a shared area of more than a pixel is not.
            if min(box.x1, other.x1) - max(box.x0, other.x0) > 1 and min(box.y1, other.y1) - max(box.y0, other.y0) > 1:
                problems.append(f"{name!r} overlaps {other_name!r}")
    return problems


def write_chart(path, title, panels, font_file):
    import matplotlib.pyplot as plt

    load_cjk_font(font_file)
    figure = draw_chart(title, panels)
    try:
        problems = overlapping_texts(figure)
        if problems:
            raise ReportError("the chart's labels would not be readable: " + "; ".join(problems[:5]), EXIT_FAILURE)
        figure.savefig(path)
    finally:
        plt.close(figure)


# --- the page ------------------------------------------------------------------------------------

PAGE_STYLE = (
    "body{font-family:'Noto Sans CJK SC','WenQuanYi Zen Hei',sans-serif;margin:0 auto;padding:16px;"
    "max-width:1100px;color:#222;line-height:1.45}"
    "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:20px 0 6px}"
    ".meta,.note{color:#666;font-size:12px;margin:2px 0 6px}"
    ".kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:10px;margin:12px 0}"
    ".kpi{border:1px solid #ccd;border-radius:6px;padding:8px 12px}.kpi b{display:block;font-size:20px}"
    ".panels{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,460px),1fr));gap:8px 32px}"
    ".scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}"
    "table{border-collapse:collapse;font-size:14px;width:100%}"
    "th,td{border-bottom:1px solid #dde;padding:4px 6px;text-align:left;vertical-align:top}"
    "th{background:#eef2f8;white-space:nowrap}tfoot td{font-weight:bold}"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "td.bar{width:50%}td.bar i{display:block;height:8px;margin:5px 0 2px;background:#3b6ea5}"
    "tr.others td.bar i{background:#8c96a3}tr.unstated td.bar i{background:#c3c9d1}"
    "details summary{cursor:pointer;font-weight:bold;margin:16px 0 6px}"
    "img{max-width:100%;height:auto}"
    "@media (max-width:600px){body{padding:10px}h1{font-size:19px}table{font-size:13px}"
    "th,td{padding:4px 3px}.kpi b{font-size:17px}}"
)


def money_cell(amount):
    """A money cell: the Chinese way for reading, the exact yuan on hover."""
    if amount is None:
        return '<td class="num"></td>'
    return f'<td class="num" title="{yuan_text(amount)}元">{chinese_money(amount)}</td>'


class Markup(str):
    """HTML that html_table must not escape again."""


def html_table(headers, body_rows, numeric_columns=()):
    """A plain table; a cell that is already markup (a money_cell) is passed through."""
    out = ['<div class="scroll"><table><thead><tr>']
    out += [f"<th>{html.escape(h)}</th>" for h in headers]
    out.append("</tr></thead><tbody>")
    for cells in body_rows:
        out.append("<tr>")
        for i, cell in enumerate(cells):
            if isinstance(cell, Markup):
                out.append(cell)
                continue
            cls = ' class="num"' if i in numeric_columns else ""
            out.append(f"<td{cls}>{html.escape(str(cell))}</td>")
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def panel_section(panel, total):
    """A panel as a table with a bar per row, which reflows to any width, unlike the PNG. Each row
    carries its figures as data- attributes (what the report test checks against the database)."""
    longest = max((panel.length(row) for row in panel.rows), default=0) or 1
    out = [f'<section data-panel="{panel.key}"><h2>{html.escape(panel.title)}</h2>']
    if panel.note:
        out.append(f'<p class="note">{html.escape(panel.note)}</p>')
    value_heading = "总投资" if panel.by_investment else "项目数"
    out.append(f"<table><thead><tr><th>{panel.heading}</th><th>{value_heading}</th>")
    out.append("<th>项目</th></tr></thead><tbody>" if panel.by_investment else "</tr></thead><tbody>")
    for row in panel.rows:
        cls = f' class="{row_kind(row)}"' if row_kind(row) else ""
        out.append(f'<tr{cls} data-key="{html.escape(row["key"])}" data-count="{row["count"]}" '
                   f'data-yuan="{row["investment"]}" data-with-investment="{row["with_investment"]}">'
                   f"<td>{html.escape(panel.label(row))}</td>")
        width = 100 * panel.length(row) / longest
        figure = chinese_money(row["investment"]) if panel.by_investment and row["with_investment"] else (
            "未披露" if panel.by_investment else f"{row['count']}个")
        out.append(f'<td class="bar"><i style="width:{width:.1f}%"></i>{html.escape(figure)}</td>')
        if panel.by_investment:
            out.append(f'<td class="num">{row["with_investment"]}/{row["count"]}</td>')
        out.append("</tr>")
    out.append("</tbody>")
    if total is not None:
        out.append(f'<tfoot><tr><td>合计</td><td>{html.escape(chinese_money(total["investment"]))}</td>'
                   f'<td class="num">{total["with_investment"]}/{total["count"]}</td></tr></tfoot>')
    out.append("</table></section>")
    return "".join(out)


def write_html(path, title, basis, generated_at, rows, panels, total, chart_name):
    new_rows = [r for r in rows if r["is_new"]]
    changed_rows = [r for r in rows if r["previous_status"]]
    parts = [
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{PAGE_STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f'<div class="meta">生成时间 {html.escape(generated_at)} · {html.escape(basis)}</div>',
        '<div class="kpis">',
        f'<div class="kpi">项目总数<b>{total["count"]}</b></div>',
        f'<div class="kpi">总投资<b title="{yuan_text(total["investment"])}元">'
        f'{chinese_money(total["investment"])}</b></div>',
        f'<div class="kpi">本期新增<b>{len(new_rows)}</b></div>',
        f'<div class="kpi">状态变化<b>{len(changed_rows)}</b></div>',
        "</div>",
        '<div class="panels">',
        *(panel_section(panel, total if panel.by_investment else None) for panel in panels),
        "</div>",
        "<h2>状态有变化的项目</h2>",
        html_table(["项目", "变化", "市", "总投资"],
                   [[r["display_name"], change_text(r), r["city"], Markup(money_cell(r["investment"]))]
                    for r in changed_rows])
        if changed_rows else "<p>自上次报告以来没有项目改变状态。</p>",
        # Long lists fold away so the page opens on the figures, on a phone too.
        f"<details{' open' if len(new_rows) <= 30 else ''}><summary>本期新增项目（{len(new_rows)}）</summary>",
        html_table(["项目", "状态", "市", "总投资"],
                   [[r["display_name"], status_label(r["status"]), r["city"], Markup(money_cell(r["investment"]))]
                    for r in new_rows]) if new_rows else "<p>没有新增项目。</p>",
        "</details>",
        f"<details><summary>全部项目（{len(rows)}）</summary>",
        html_table(["项目", "状态", "市", "县", "总投资"],
                   [[r["display_name"], status_label(r["status"]), r["city"], r["county"],
                     Markup(money_cell(r["investment"]))] for r in rows]),
        "</details>",
        "<h2>图表</h2>",
        f'<p class="note">打印或转发用的整页图表；点击查看原图。</p><a href="{html.escape(chart_name)}">'
        f'<img src="{html.escape(chart_name)}" alt="各市、各省、各行业总投资与各状态项目数" loading="lazy"></a>',
        "</body></html>",
    ]
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(parts))


# --- the run -------------------------------------------------------------------------------------

def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", help="investtrackd host:port (default INVESTTRACK_SERVER or 127.0.0.1:50051)")
    parser.add_argument("--token", help="bearer token (default INVESTTRACK_TOKEN)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds each call may take (default 30)")
    parser.add_argument("--tls", action="store_true", default=None,
                        help="connect over TLS, verifying the server against the system's CA roots "
                             "(default INVESTTRACK_TLS=1)")
    parser.add_argument("--tls-ca", metavar="FILE",
                        help="connect over TLS, verifying the server against the PEM certificates in FILE "
                             "(default INVESTTRACK_TLS_CA)")
    parser.add_argument("--tls-server-name", metavar="NAME",
                        help="name the server's certificate must be issued for, when --server is not one "
                             "of its names (default INVESTTRACK_TLS_SERVER_NAME)")
    parser.add_argument("--out", default=".", help="directory the report is written to (default .)")
    parser.add_argument("--month", help="report month YYYY-MM, for titles and file names (default this month)")
    parser.add_argument("--title", default="投资项目月报", help="report title (default 投资项目月报)")
    parser.add_argument("--state", help="previous report's state file (default OUT/investtrack-report-state.json)")
    parser.add_argument("--since", help="compare with this date (YYYY-MM-DD) instead of the state file")
    args = parser.parse_args(argv)
    if args.timeout <= 0:
        parser.error("--timeout must be positive")
    try:
        args.month = (datetime.datetime.strptime(args.month, "%Y-%m").date() if args.month
                      else datetime.date.today().replace(day=1))
    except ValueError:
        parser.error(f"--month must be YYYY-MM, not {args.month!r}")
    if args.since:
        try:
            args.since = datetime.date.fromisoformat(args.since)
        except ValueError:
            parser.error(f"--since must be YYYY-MM-DD, not {args.since!r}")
    return args


def run(args):
    try:
        import grpc
        from investtrack_client import InvesttrackClient, TlsError
    except ImportError as error:
        raise ReportError(f"cannot load the gRPC client: {error}", EXIT_ENVIRONMENT) from None
    font_file = find_cjk_font()  # before any call: no point asking the server if we cannot draw
    os.makedirs(args.out, exist_ok=True)
    state_path = args.state or os.path.join(args.out, "investtrack-report-state.json")
    previous = None if args.since else load_state(state_path)

    try:
        client = InvesttrackClient(args.server, token=args.token, timeout=args.timeout, tls=args.tls,
                                   tls_ca=args.tls_ca, tls_server_name=args.tls_server_name)
    except TlsError as error:
        raise ReportError(str(error), EXIT_USAGE) from None
    with client:
        try:
            projects, responses = fetch_register(client)
            rows = project_rows(projects)
            if args.since:
                mark_changes_since(rows, projects, client, args.since)
                basis = f"变化对比基准：{args.since.isoformat()} 起"
            elif previous is not None:
                mark_changes_from_state(rows, previous[0])
                basis = f"变化对比基准：上次报告（{previous[1]}）"
            else:
                for row in rows:
                    row["is_new"] = True
                basis = "首次报告：全部项目列为新增"
        except grpc.RpcError as error:
            raise rpc_error_to_report_error(error, client.server) from None

    summaries, total = summaries_of(responses)
    panels = report_panels(summaries, status_transitions(rows))
    month_text = args.month.strftime("%Y-%m")
    title = f"{args.title} {args.month.year}年{args.month.month}月"
    generated_at = datetime.datetime.now(datetime.timezone.utc).astimezone().isoformat(timespec="seconds")

    prefix = os.path.join(args.out, f"investtrack-report-{month_text}")
    written = write_csvs(prefix, rows, summaries, total)
    write_xlsx(prefix + ".xlsx", title, rows, summaries, total, basis)
    write_chart(prefix + ".png", title, panels, font_file)
    write_html(prefix + ".html", title, basis, generated_at, rows, panels, total, os.path.basename(prefix + ".png"))
    written += [prefix + ".xlsx", prefix + ".png", prefix + ".html"]
    write_state(state_path, rows, generated_at)
    for path in written:
        print(path)
    new_count = sum(1 for r in rows if r["is_new"])
    changed_count = sum(1 for r in rows if r["previous_status"])
    print(f"{total['count']} projects, {yuan_text(total['investment'])} CNY in total; "
          f"{new_count} new, {changed_count} status changes", file=sys.stderr)


def main(argv=None):
    args = parse_args(argv)
    try:
        run(args)
    except ReportError as error:
        print(f"investtrack_report: {error}", file=sys.stderr)
        return error.exit_status
    except OSError as error:
        print(f"investtrack_report: cannot write the report: {error}", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
