// The project list: filter, sortable columns, pages from ListProjects, and the CSV of everything
// the filter matches from ExportProjects.
import type { Api } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { describeError } from "../errors.js";
import { formatMoney, formatTimestamp, statusName } from "../format.js";
import { toCsv } from "../csv.js";
import type { Project } from "../gen/investtrack/v1/project_pb.js";
import {
  initialListState,
  listRequest,
  nextPage,
  previousPage,
  toggleSort,
  withFilter,
  type ListState,
  type SortField,
} from "../listState.js";
import { filterBox } from "./filterBox.js";

// Status and place have no sort: ListProjects orders only by the other fields.
const columns: { label: string; sort?: SortField; className?: string }[] = [
  { label: "项目名称", sort: "display_name" },
  { label: "状态" },
  { label: "地点" },
  { label: "总投资", sort: "total_investment", className: "num" },
  { label: "更新时间", sort: "update_time", className: "time" },
];

export function placeOf(p: Project): string {
  const l = p.location;
  if (!l) return "";
  return [l.province, l.city, l.county].filter((x) => x).join(" ") || l.zone;
}

function row(p: Project): HTMLTableRowElement {
  const id = p.name.replace(/^projects\//, "");
  return h(
    "tr",
    { "data-testid": "project-row" },
    h("td", { class: "name" }, h("a", { href: `#/projects/${encodeURIComponent(id)}` }, p.displayName || p.name)),
    h("td", {}, h("span", { class: `status status-${p.status}` }, statusName(p.status))),
    h("td", { class: "place" }, placeOf(p)),
    h("td", { class: "num" }, formatMoney(p.totalInvestment)),
    h("td", { class: "time" }, formatTimestamp(p.updateTime)),
  );
}

export interface ProjectTable {
  element: HTMLElement;
  refresh(): Promise<void>;
  setFilter(filter: string): void;
}

export function projectTable(api: Api, initialFilter = ""): ProjectTable {
  let state: ListState = withFilter(initialListState, initialFilter);
  let nextToken = "";
  let loading = 0;
  const message = h("p", { class: "message", role: "status" });
  const body = h("tbody");
  const head = h("tr");
  const pageInfo = h("span", { class: "page-info" });
  const prev = h("button", { type: "button" }, "上一页");
  const next = h("button", { type: "button" }, "下一页");
  const csv = h("button", { type: "button", "data-testid": "export-csv" }, "下载 CSV");
  let filterInput: HTMLElement = filterBox(state.filter, (f) => update(withFilter(state, f)));

  function renderHead(): void {
    replaceChildren(
      head,
      columns.map((c) => {
        if (!c.sort) return h("th", { class: c.className }, c.label);
        const field = c.sort;
        const arrow = state.sort === field ? (state.desc ? " ▼" : " ▲") : "";
        return h(
          "th",
          { class: c.className, "aria-sort": state.sort === field ? (state.desc ? "descending" : "ascending") : undefined },
          h("button", { type: "button", class: "sort", onclick: () => update(toggleSort(state, field)) }, c.label + arrow),
        );
      }),
    );
  }

  async function load(): Promise<void> {
    const ticket = ++loading;
    message.textContent = "加载中…";
    try {
      const response = await api.projects.listProjects(listRequest(state));
      if (ticket !== loading) return; // a newer request is on its way
      nextToken = response.nextPageToken;
      replaceChildren(body, response.projects.map(row));
      message.textContent = response.projects.length === 0 ? "没有符合条件的项目" : "";
      pageInfo.textContent = `第 ${state.page + 1} 页`;
      prev.disabled = state.page === 0;
      next.disabled = nextToken === "";
    } catch (e) {
      if (ticket !== loading) return;
      replaceChildren(body);
      message.textContent = describeError(e);
      message.classList.add("error");
      return;
    }
    message.classList.remove("error");
  }

  function update(s: ListState): void {
    state = s;
    renderHead();
    void load();
  }

  prev.addEventListener("click", () => update(previousPage(state)));
  next.addEventListener("click", () => update(nextPage(state, nextToken)));
  csv.addEventListener("click", async () => {
    csv.disabled = true;
    csv.textContent = "导出中…";
    try {
      const projects: Project[] = [];
      for await (const p of api.reports.exportProjects({ filter: state.filter, orderBy: listRequest(state).orderBy })) {
        projects.push(p);
      }
      const url = URL.createObjectURL(new Blob([toCsv(projects)], { type: "text/csv;charset=utf-8" }));
      const a = h("a", { href: url, download: `投资项目-${new Date().toISOString().slice(0, 10)}.csv` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      message.textContent = `导出失败：${describeError(e)}`;
      message.classList.add("error");
    } finally {
      csv.disabled = false;
      csv.textContent = "下载 CSV";
    }
  });

  renderHead();
  const element = h(
    "section",
    { class: "panel table-panel" },
    h("div", { class: "panel-head" }, h("h2", {}, "项目列表"), csv),
    filterInput,
    message,
    h("div", { class: "table-scroll" }, h("table", { class: "projects" }, h("thead", {}, head), body)),
    h("div", { class: "pager" }, prev, pageInfo, next),
  );
  return {
    element,
    refresh: load,
    setFilter(filter: string) {
      const replacement = filterBox(filter, (f) => update(withFilter(state, f)));
      filterInput.replaceWith(replacement);
      filterInput = replacement;
      update(withFilter(state, filter));
    },
  };
}
