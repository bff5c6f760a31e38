// One project: figures, place, names, companies, its status history, every evidence sentence
// with the extracted words marked; the correction form for editors and the undo of its merges
// for admins.
import type { Api } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { describeError } from "../errors.js";
import {
  formatCivilDate,
  formatMoney,
  formatTimestamp,
  industryName,
  statusName,
} from "../format.js";
import { ProjectEvent_Kind, type ProjectEvent } from "../gen/investtrack/v1/project_service_pb.js";
import { AmountKind, AmountQualifier, type Amount, type Project } from "../gen/investtrack/v1/project_pb.js";
import { extractedTerms, highlight } from "../highlight.js";
import { canEdit, canMerge, type Role } from "../role.js";
import { placeOf } from "./projectTable.js";
import { editForm } from "./editForm.js";

const amountKinds: Record<number, string> = {
  [AmountKind.OTHER]: "金额",
  [AmountKind.TOTAL_INVESTMENT]: "总投资",
  [AmountKind.ANNUAL_INVESTMENT]: "年度投资",
  [AmountKind.COMPLETED_INVESTMENT]: "已完成投资",
  [AmountKind.ANNUAL_OUTPUT]: "年产值",
  [AmountKind.TAX]: "税收",
  [AmountKind.REGISTERED_CAPITAL]: "注册资本",
};

const qualifiers: Record<number, string> = {
  [AmountQualifier.ABOUT]: "约",
  [AmountQualifier.AT_LEAST]: "不低于",
  [AmountQualifier.AT_MOST]: "不超过",
};

export function amountText(a: Amount): string {
  const low = formatMoney(a.low);
  const high = formatMoney(a.high);
  const value = a.low && a.high && low !== high ? `${low}—${high}` : low;
  return `${qualifiers[a.qualifier] ?? ""}${value}`;
}

export interface StatusRow {
  event: ProjectEvent;
  basis: string; // the words that decided it, or the editor's reason
  source: string; // 公报 or 人工更正（who）
}

// The status history: the changes of the current status, oldest first, as ListProjectEvents
// returns them. A bulletin's carries its bulletin and status phrase; an editor's (match rule
// "manual") carries neither, and who made it and why are on the status edit recorded with it.
export function statusHistory(events: readonly ProjectEvent[]): StatusRow[] {
  const rows: StatusRow[] = [];
  let lastStatusEdit: ProjectEvent | undefined;
  for (const e of events) {
    if (e.kind === ProjectEvent_Kind.EDIT && e.fieldPath === "status") lastStatusEdit = e;
    if (e.kind !== ProjectEvent_Kind.STATUS_CHANGE || e.status === 0) continue;
    if (e.bulletin) {
      rows.push({ event: e, basis: e.statusPhrase, source: "公报" });
    } else {
      const edit = lastStatusEdit;
      rows.push({ event: e, basis: edit?.reason ?? "", source: edit?.actor ? `人工更正（${edit.actor}）` : "人工更正" });
    }
  }
  return rows;
}

const fieldNames: Record<string, string> = {
  name: "名称",
  status: "状态",
  total_investment: "总投资",
  amount: "金额",
  capacity: "产能",
  location: "地点",
  organization: "企业",
  floor_area: "建筑面积",
  land_area: "占地面积",
  key_date: "时间节点",
  level: "级别",
  industry: "行业",
  phase: "分期",
  project_code: "项目代码",
};

const keyDateNames: Record<string, string> = {
  signed: "签约",
  construction_start: "开工",
  completion: "建成",
  expected_operation: "预计投产",
  expected_completion: "预计建成",
};

// Evidence comes one entry per field, and one sentence often supports several fields: show each
// sentence once, with the fields it supports.
export function evidenceBySentence(p: Project): { sentence: string; fields: string[] }[] {
  const bySentence = new Map<string, { sentence: string; fields: string[] }>();
  for (const e of p.evidence) {
    const key = `${e.beginOffset}:${e.sentence}`;
    const entry = bySentence.get(key) ?? { sentence: e.sentence, fields: [] };
    const field = fieldNames[e.field] ?? e.field;
    if (!entry.fields.includes(field)) entry.fields.push(field);
    bySentence.set(key, entry);
  }
  return [...bySentence.values()];
}

// The merges into this project that SplitProject can undo: their edit entries carry
// {"merge": "merges/..", "project": survivor, "sources": [...]}, and a split writes the same under
// "split", after which that merge is undone.
export function mergesInto(projectName: string, events: readonly ProjectEvent[]): { merge: string; sources: string[] }[] {
  const merges = new Map<string, string[]>();
  for (const e of events) {
    if (e.kind !== ProjectEvent_Kind.EDIT || (e.fieldPath !== "merge" && e.fieldPath !== "split")) continue;
    try {
      const v = JSON.parse(e.newValue) as { merge?: unknown; project?: unknown; sources?: unknown };
      if (typeof v.merge !== "string" || v.project !== projectName) continue;
      if (e.fieldPath === "split") merges.delete(v.merge);
      else if (Array.isArray(v.sources)) merges.set(v.merge, v.sources.filter((s): s is string => typeof s === "string"));
    } catch {
      // An edit written by an older server with another layout: nothing to offer for it.
    }
  }
  return [...merges].map(([merge, sources]) => ({ merge, sources }));
}

async function allEvents(api: Api, parent: string): Promise<ProjectEvent[]> {
  const events: ProjectEvent[] = [];
  let pageToken = "";
  do {
    const r = await api.projects.listProjectEvents({ parent, pageSize: 1000, pageToken });
    events.push(...r.events);
    pageToken = r.nextPageToken;
  } while (pageToken);
  return events;
}

function list(items: string[]): HTMLElement {
  return items.length ? h("ul", { class: "chips" }, items.map((i) => h("li", {}, i))) : h("span", { class: "muted" }, "无");
}

function facts(p: Project): HTMLElement {
  const l = p.location;
  const rows: [string, string][] = [
    // Without the status phrase: after a correction it still holds the bulletin's words for the
    // old status. The history below shows each status with what decided it.
    ["状态", statusName(p.status)],
    ["总投资", p.totalInvestmentAmount ? amountText(p.totalInvestmentAmount) : formatMoney(p.totalInvestment)],
    ["地点", [placeOf(p), l?.zone].filter((x) => x).join(" · ") || "—"],
    ["行政区划代码", l?.divisionCode || "—"],
    ["行业", p.industry ? industryName(p.industry) : "—"],
    ["级别", p.level || "—"],
    ["项目代码", p.projectCode || "—"],
    ["产能", p.capacities.map((c) => c.text || `${c.value}${c.unit}`).join("；") || "—"],
    ["时间节点", p.keyDates.map((d) => `${keyDateNames[d.kind] ?? d.kind} ${formatCivilDate(d.date)}`).join("；") || "—"],
    ["首次记录", formatTimestamp(p.createTime)],
    ["最近更新", formatTimestamp(p.updateTime)],
  ];
  return h("dl", { class: "facts" }, rows.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

function evidenceList(p: Project): HTMLElement {
  const terms = extractedTerms(p);
  return h(
    "ol",
    { class: "evidence", "data-testid": "evidence" },
    evidenceBySentence(p).map((e) =>
      h(
        "li",
        { "data-testid": "evidence-item" },
        h("span", { class: "sentence" }, highlight(e.sentence, terms).map((s) => (s.marked ? h("mark", {}, s.text) : s.text))),
        h("span", { class: "evidence-fields" }, `依据：${e.fields.join("、")}`),
      ),
    ),
  );
}

function historyTable(rows: StatusRow[]): HTMLElement {
  if (rows.length === 0) return h("p", { class: "muted" }, "无状态记录");
  return h(
    "table",
    { class: "history", "data-testid": "status-history" },
    h("thead", {}, h("tr", {}, h("th", {}, "日期"), h("th", {}, "状态"), h("th", {}, "依据"), h("th", {}, "来源"))),
    h(
      "tbody",
      {},
      rows.map(({ event: e, basis, source }) =>
        h(
          "tr",
          {},
          h("td", {}, e.date?.year ? formatCivilDate(e.date) : formatTimestamp(e.eventTime)),
          h("td", {}, statusName(e.status)),
          h("td", {}, basis || "—"),
          h("td", {}, source),
        ),
      ),
    ),
  );
}

export function projectPage(api: Api, id: string, role: Role): { element: HTMLElement; load(): Promise<void> } {
  const element = h("article", { class: "project-page" });
  const name = `projects/${id}`;
  let savedNotice = "";

  function splitControls(p: Project, events: ProjectEvent[]): HTMLElement | null {
    const merges = mergesInto(p.name, events);
    if (!canMerge(role) || merges.length === 0) return null;
    const message = h("p", { class: "message" });
    return h(
      "section",
      { class: "panel" },
      h("h2", {}, "合并记录"),
      h(
        "ul",
        {},
        merges.map((m) =>
          h(
            "li",
            {},
            `${m.merge}：并入 ${m.sources.join("、")} `,
            h(
              "button",
              {
                type: "button",
                "data-testid": "split",
                onclick: async () => {
                  try {
                    await api.projects.splitProject({ name: p.name, merge: m.merge, reason: "看板拆分" });
                    await load();
                  } catch (e) {
                    message.textContent = `拆分失败：${describeError(e)}`;
                  }
                },
              },
              "拆分",
            ),
          ),
        ),
      ),
      message,
    );
  }

  function render(p: Project, events: ProjectEvent[]): void {
    replaceChildren(
      element,
      h("p", {}, h("a", { href: "#/" }, "‹ 返回列表")),
      h("h1", { "data-testid": "project-title" }, p.displayName || p.name),
      p.deleteTime ? h("p", { class: "message error" }, `该项目已删除（${formatTimestamp(p.deleteTime)}）`) : null,
      h(
        "div",
        { class: "project-grid" },
        h("section", { class: "panel" }, h("h2", {}, "概况"), facts(p)),
        h(
          "section",
          { class: "panel" },
          h("h2", {}, "金额"),
          p.amounts.length
            ? h("ul", { class: "amounts" }, p.amounts.map((a) => h("li", {}, `${amountKinds[a.kind] ?? "金额"}：${amountText(a)}`, a.text ? h("span", { class: "muted" }, `（原文“${a.text}”）`) : null)))
            : h("p", { class: "muted" }, "无"),
          h("h2", {}, "别名"),
          list(p.aliases),
          h("h2", {}, "相关企业"),
          list(p.organizations),
        ),
        canEdit(role)
          ? h(
              "section",
              { class: "panel" },
              editForm(api, p, () => {
                savedNotice = "已保存";
                void load();
              }, savedNotice),
            )
          : null,
      ),
      h("section", { class: "panel" }, h("h2", {}, "状态变化"), historyTable(statusHistory(events))),
      h("section", { class: "panel" }, h("h2", {}, `原文依据（${evidenceBySentence(p).length}句）`), evidenceList(p)),
      splitControls(p, events),
    );
    savedNotice = "";
  }

  async function load(): Promise<void> {
    try {
      const [p, events] = await Promise.all([api.projects.getProject({ name }), allEvents(api, name)]);
      render(p, events);
    } catch (e) {
      replaceChildren(element, h("p", {}, h("a", { href: "#/" }, "‹ 返回列表")), h("p", { class: "message error" }, describeError(e)));
    }
  }

  replaceChildren(element, h("p", { class: "message" }, "加载中…"));
  return { element, load };
}
