// The live change feed: newest first, at most 50 entries, with the stream's state above it.
import type { Api } from "../api.js";
import { ChangeFeed, type FeedStatus } from "../changeFeed.js";
import { h } from "../dom.js";
import { describeError } from "../errors.js";
import { formatTimestamp, statusName } from "../format.js";
import { ProjectChange_Type, type ProjectChange } from "../gen/investtrack/v1/project_service_pb.js";

const typeNames: Record<number, string> = {
  [ProjectChange_Type.CREATED]: "新增",
  [ProjectChange_Type.UPDATED]: "更新",
  [ProjectChange_Type.DELETED]: "删除",
  [ProjectChange_Type.UNDELETED]: "恢复",
};

const maxItems = 50;

function item(c: ProjectChange): HTMLElement {
  const p = c.project;
  const id = (p?.name ?? "").replace(/^projects\//, "");
  return h(
    "li",
    { "data-testid": "change-feed-item", class: `change change-${c.type}` },
    h("span", { class: "change-type" }, typeNames[c.type] ?? "变化"),
    h("a", { href: `#/projects/${encodeURIComponent(id)}` }, p?.displayName || p?.name || ""),
    p ? h("span", { class: "status" }, statusName(p.status)) : null,
    h("time", {}, formatTimestamp(c.changeTime)),
  );
}

export function statusText(s: FeedStatus): string {
  switch (s.state) {
    case "connecting":
      return "连接中…";
    case "live":
      return "实时";
    case "retrying":
      return `连接中断，${Math.round(s.delayMs / 100) / 10} 秒后重连（${describeError(s.error)}）`;
    case "stopped":
      return s.error ? `已停止：${describeError(s.error)}` : "已停止";
  }
}

export function feedView(api: Api, onChange: (c: ProjectChange) => void): { element: HTMLElement; feed: ChangeFeed } {
  const list = h("ol", { class: "feed", "data-testid": "change-feed" });
  const state = h("span", { class: "feed-state", "data-testid": "feed-state" });
  const empty = h("p", { class: "muted" }, "打开页面后的新变化会显示在这里");
  const feed = new ChangeFeed(
    (resumeToken, signal) => api.projects.watchProjects({ resumeToken }, { signal }),
    (c) => {
      empty.remove();
      list.prepend(item(c));
      while (list.children.length > maxItems) list.lastElementChild?.remove();
      onChange(c);
    },
    (s) => {
      state.textContent = statusText(s);
      state.className = `feed-state feed-${s.state}`;
    },
  );
  const element = h("aside", { class: "panel feed-panel" }, h("div", { class: "panel-head" }, h("h2", {}, "实时变化"), state), empty, list);
  return { element, feed };
}
