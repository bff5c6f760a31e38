// The review queue: doubtful matches the register kept apart. Admins merge a project into its
// candidate here; undoing a merge is on the surviving project's page.
import type { Api } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { describeError } from "../errors.js";
import { formatTimestamp } from "../format.js";
import type { ReviewItem } from "../gen/investtrack/v1/project_service_pb.js";
import { canMerge, type Role } from "../role.js";

function projectLink(name: string): HTMLElement {
  const id = name.replace(/^projects\//, "");
  return h("a", { href: `#/projects/${encodeURIComponent(id)}` }, name);
}

export function reviewQueue(api: Api, role: Role): { element: HTMLElement; load(): Promise<void> } {
  const body = h("tbody");
  const message = h("p", { class: "message", role: "status" });
  const names = new Map<string, string>();

  // Items name projects by resource name; their display names make the queue readable.
  async function displayName(name: string): Promise<string> {
    if (!names.has(name)) {
      try {
        names.set(name, (await api.projects.getProject({ name })).displayName);
      } catch {
        names.set(name, name);
      }
    }
    return names.get(name) ?? name;
  }

  async function merge(item: ReviewItem): Promise<void> {
    try {
      const r = await api.projects.mergeProjects({
        name: item.candidateProject,
        sources: [item.project],
        reason: `审核合并（${item.name}）`,
      });
      await load();
      // After the reload, which rewrites the message with the queue's size.
      message.textContent = `已合并，可在项目页拆分（${r.merge}）`;
    } catch (e) {
      message.textContent = `合并失败：${describeError(e)}`;
    }
  }

  async function row(item: ReviewItem): Promise<HTMLElement> {
    const [a, b] = await Promise.all([displayName(item.project), displayName(item.candidateProject)]);
    const link = (name: string, text: string) => {
      const l = projectLink(name);
      l.textContent = text;
      return l;
    };
    return h(
      "tr",
      { "data-testid": "review-row" },
      h("td", {}, link(item.project, a)),
      h("td", {}, link(item.candidateProject, b)),
      h("td", {}, `${item.rule}（${item.score.toFixed(2)}）`),
      h("td", {}, item.reason),
      h("td", { class: "time" }, formatTimestamp(item.createTime)),
      h(
        "td",
        {},
        item.state === "open" && canMerge(role)
          ? h("button", { type: "button", "data-testid": "merge", onclick: () => void merge(item) }, "合并为一个项目")
          : item.state === "open"
            ? "待审核"
            : "已处理",
      ),
    );
  }

  async function load(): Promise<void> {
    message.textContent = "加载中…";
    try {
      const items: ReviewItem[] = [];
      let pageToken = "";
      do {
        const r = await api.projects.listReviewItems({ pageSize: 200, pageToken });
        items.push(...r.reviewItems);
        pageToken = r.nextPageToken;
      } while (pageToken && items.length < 1000);
      replaceChildren(body, await Promise.all(items.map(row)));
      message.textContent = items.length === 0 ? "没有待审核的匹配" : `${items.length} 条待审核`;
    } catch (e) {
      message.textContent = describeError(e);
    }
  }

  const element = h(
    "section",
    { class: "panel" },
    h("h1", {}, "审核队列"),
    h("p", { class: "muted" }, canMerge(role) ? "确认两条记录是同一项目后点击合并；合并可在项目页拆分。" : "合并与拆分需要管理员令牌。"),
    message,
    h(
      "div",
      { class: "table-scroll" },
      h(
        "table",
        { class: "review" },
        h("thead", {}, h("tr", {}, ["新记录", "可能是", "规则（得分）", "原因", "时间", ""].map((t) => h("th", {}, t)))),
        body,
      ),
    ),
  );
  return { element, load };
}
