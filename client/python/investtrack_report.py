#!/usr/bin/python3
"""The commerce office's monthly report on the investment project register, from investtrackd.

    /usr/bin/python3 client/python/investtrack_report.py --server HOST:PORT --token TOKEN \\
        --month 2026-11 --out reports/

Writes into --out, named by month:
    investtrack-report-YYYY-MM-projects.csv   one row per project, with what changed
    investtrack-report-YYYY-MM-summary.csv    projects and investment by status and by city
    investtrack-report-YYYY-MM.xlsx           the same as sheets: Summary, Projects, Changes
    investtrack-report-YYYY-MM.png            charts: projects by status, investment by city
    investtrack-report-YYYY-MM.html           a one-page summary embedding the chart

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
NO_CITY = "(未注明城市)"
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


def money_to_decimal(money):
    from investtrack_client.client import money_to_decimal_string
    return decimal.Decimal(money_to_decimal_string(money))


def yuan_text(amount):
    """120000000 -> '120,000,000' (whole yuan) or with the fraction kept when there is one."""
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount:,f}"


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
    """(projects, summary by status, summary by city) from one consistent-enough moment."""
    projects = list(client.export(order_by="create_time"))
    by_status = client.summarize(group_by="status")
    by_city = client.summarize(group_by="city")
    return projects, by_status, by_city


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


# --- outputs -------------------------------------------------------------------------------------

def change_text(row):
    if row["is_new"]:
        return "新增"
    if row["previous_status"]:
        return f"{status_label(row['previous_status'])} → {status_label(row['status'])}"
    return ""


def write_csvs(prefix, rows, status_rows, city_rows, total):
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
        for dimension, group_rows in (("status", status_rows), ("city", city_rows)):
            for row in group_rows:
                label = status_label(row["key"]) if dimension == "status" else row["key"]
                writer.writerow([dimension, row["key"], label, row["count"], str(row["investment"]),
                                 row["with_investment"]])
        writer.writerow(["total", "", "合计", total["count"], str(total["investment"]), total["with_investment"]])
    return [projects_path, summary_path]


def write_xlsx(path, title, rows, status_rows, city_rows, total, basis):
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
    for heading, group_rows, label_of in (("按状态", status_rows, status_label), ("按城市", city_rows, lambda k: k)):
        summary.append([])
        summary.append([heading, "项目数", "总投资（元）", "有投资额的项目"])
        for cell in summary[summary.max_row]:
            cell.font = bold
        for row in group_rows:
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


def city_bar_label(amount_yi, row):
    if row["with_investment"] == 0:
        return f"未披露投资额（{row['count']} 个项目）"
    return f"{amount_yi:,.2f} 亿元（{row['with_investment']}/{row['count']} 个项目披露）"


def write_chart(path, title, status_rows, city_rows, font_file):
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import font_manager
    import matplotlib.pyplot as plt

    font_manager.fontManager.addfont(font_file)
    family = font_manager.FontProperties(fname=font_file).get_name()
    plt.rcParams["font.family"] = [family]
    plt.rcParams["axes.unicode_minus"] = False

    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 5.5), dpi=100)
    figure.suptitle(title, fontsize=16)

    labels = [status_label(row["key"]) for row in status_rows]
    counts = [row["count"] for row in status_rows]
    bars = left.bar(labels, counts, color="#3b6ea5")
    left.bar_label(bars, padding=2)
    left.set_title("各状态项目数")
    left.set_ylabel("项目数（个）")
    left.set_ylim(0, max(counts, default=0) * 1.2 + 1)
    left.tick_params(axis="x", labelrotation=30)
    left.yaxis.get_major_locator().set_params(integer=True)

    cities = list(reversed(city_rows))
    names = [row["key"] for row in cities]
    amounts = [float(row["investment"] / YUAN_PER_YI) for row in cities]
    bars = right.barh(names, amounts, color="#c0504d")
    # Most bulletins leave investment out, so each label says how many projects the sum covers.
    right.bar_label(bars, labels=[city_bar_label(amount, row) for amount, row in zip(amounts, cities)], padding=3)
    right.set_title("各市总投资（亿元）")
    right.set_xlabel("亿元")
    right.set_xlim(0, max(amounts, default=0) * 1.6 + 0.1)

    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def html_table(headers, body_rows, numeric_columns=()):
    out = ["<table><thead><tr>"]
    out += [f"<th>{html.escape(h)}</th>" for h in headers]
    out.append("</tr></thead><tbody>")
    for cells in body_rows:
        out.append("<tr>")
        for i, cell in enumerate(cells):
            cls = ' class="num"' if i in numeric_columns else ""
            out.append(f"<td{cls}>{html.escape(str(cell))}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def write_html(path, title, basis, generated_at, rows, status_rows, city_rows, total, chart_name):
    def money(value):
        return "" if value is None else yuan_text(value)

    def group_cells(label, group):
        # A sum of 0 over projects that disclosed nothing is not "no investment".
        amount = money(group["investment"]) if group["with_investment"] else "未披露"
        return [label, group["count"], group["with_investment"], amount]

    new_rows = [r for r in rows if r["is_new"]]
    changed_rows = [r for r in rows if r["previous_status"]]
    parts = [
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">",
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:'Noto Sans CJK SC','WenQuanYi Zen Hei',sans-serif;margin:24px;"
        "max-width:1200px;color:#222}h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:18px 0 6px}"
        ".meta{color:#666;font-size:12px}.kpis{display:flex;gap:24px;margin:12px 0}"
        ".kpi{border:1px solid #ccd;border-radius:6px;padding:8px 16px}.kpi b{display:block;font-size:20px}"
        "table{border-collapse:collapse;font-size:13px;margin-bottom:6px}"
        "th,td{border:1px solid #ccd;padding:3px 8px;text-align:left}th{background:#eef2f8}"
        "td.num{text-align:right;font-variant-numeric:tabular-nums}.cols{display:flex;gap:32px}"
        "img{max-width:100%}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<div class=\"meta\">生成时间 {html.escape(generated_at)} · {html.escape(basis)}</div>",
        "<div class=\"kpis\">",
        f"<div class=\"kpi\">项目总数<b>{total['count']}</b></div>",
        f"<div class=\"kpi\">总投资（元）<b>{money(total['investment'])}</b></div>",
        f"<div class=\"kpi\">本期新增<b>{len(new_rows)}</b></div>",
        f"<div class=\"kpi\">状态变化<b>{len(changed_rows)}</b></div>",
        "</div>",
        f"<img src=\"{html.escape(chart_name)}\" alt=\"各状态项目数与各市总投资\" width=\"1200\">",
        "<div class=\"cols\"><div><h2>按状态</h2>",
        html_table(["状态", "项目数", "披露投资额的项目", "总投资（元）"],
                   [group_cells(status_label(r["key"]), r) for r in status_rows] + [group_cells("合计", total)],
                   numeric_columns=(1, 2, 3)),
        "</div><div><h2>按城市</h2>",
        html_table(["城市", "项目数", "披露投资额的项目", "总投资（元）"],
                   [group_cells(r["key"], r) for r in city_rows], numeric_columns=(1, 2, 3)),
        "</div></div>",
        "<h2>本期变化</h2>",
        html_table(["项目", "变化", "市", "总投资（元）"],
                   [[r["display_name"], change_text(r), r["city"], money(r["investment"])]
                    for r in new_rows + changed_rows], numeric_columns=(3,))
        if new_rows or changed_rows else "<p>自上次报告以来没有新增项目或状态变化。</p>",
        "<h2>全部项目</h2>",
        html_table(["项目", "状态", "市", "县", "总投资（元）"],
                   [[r["display_name"], status_label(r["status"]), r["city"], r["county"], money(r["investment"])]
                    for r in rows], numeric_columns=(4,)),
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
            projects, by_status, by_city = fetch_register(client)
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

    status_rows, total = summary_rows(by_status, status_key)
    city_rows, _ = summary_rows(by_city, lambda key: key or NO_CITY)
    status_rows = order_by_status(status_rows)
    city_rows = order_by_investment(city_rows)
    month_text = args.month.strftime("%Y-%m")
    title = f"{args.title} {args.month.year}年{args.month.month}月"
    generated_at = datetime.datetime.now(datetime.timezone.utc).astimezone().isoformat(timespec="seconds")

    prefix = os.path.join(args.out, f"investtrack-report-{month_text}")
    written = write_csvs(prefix, rows, status_rows, city_rows, total)
    write_xlsx(prefix + ".xlsx", title, rows, status_rows, city_rows, total, basis)
    write_chart(prefix + ".png", title, status_rows, city_rows, font_file)
    write_html(prefix + ".html", title, basis, generated_at, rows, status_rows, city_rows, total,
               os.path.basename(prefix + ".png"))
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
