// The page: header with the caller's role, and three routes — #/ (figures, charts, table, live
// feed), #/projects/{id} (one project) and #/review (the review queue).
import "./style.css";
import { createApi } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { describeError } from "./errors.js";
import { whoAmI, type Who } from "./role.js";
import { parseRoute } from "./route.js";
import { storedToken, storeToken } from "./token.js";
import { charts } from "./views/charts.js";
import { feedView } from "./views/feedView.js";
import { headline } from "./views/headline.js";
import { projectPage } from "./views/projectPage.js";
import { projectTable } from "./views/projectTable.js";
import { reviewQueue } from "./views/reviewQueue.js";
import { tokenBox } from "./views/tokenBox.js";

async function start(): Promise<void> {
  const api = createApi(window.location.origin, () => storedToken());
  let who: Who = { role: "none", name: "" };
  let roleError = "";
  try {
    who = await whoAmI(api.caller);
  } catch (e) {
    roleError = describeError(e);
  }
  const role = who.role;
  document.body.dataset.role = role;

  const header = h(
    "header",
    { class: "top" },
    h("a", { class: "brand", href: "#/" }, "投资项目看板"),
    h("nav", {}, h("a", { href: "#/" }, "总览"), h("a", { href: "#/review" }, "审核队列")),
    tokenBox(who, storedToken() !== null, (token) => {
      storeToken(token);
      window.location.reload();
    }),
  );
  const main = h("main");
  const noticeText = roleError || (role === "none" ? "未授权：请在右上角输入访问令牌" : "");
  const notice = noticeText ? h("p", { class: "message error banner" }, noticeText) : null;
  replaceChildren(document.body, header, notice, main);
  if (role === "none") return;

  const figures = headline(api);
  const chartView = charts(api);
  const table = projectTable(api);
  // Changes arrive in bursts (one ingest touches dozens of projects): read the figures once the
  // burst is over rather than once per change.
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  const { element: feedElement, feed } = feedView(api, () => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      void figures.refresh();
      void chartView.refresh();
      void table.refresh();
    }, 1000);
  });
  const overview = h(
    "div",
    { class: "overview" },
    figures.element,
    h("div", { class: "overview-grid" }, h("div", { class: "overview-main" }, chartView.element, table.element), feedElement),
  );
  let overviewLoaded = false;

  function show(): void {
    const route = parseRoute(window.location.hash);
    switch (route.page) {
      case "overview":
        replaceChildren(main, overview);
        if (!overviewLoaded) {
          overviewLoaded = true;
          void figures.refresh();
          void table.refresh();
        }
        // ECharts measures its box when drawing: draw once the overview is in the document.
        void chartView.refresh();
        break;
      case "project": {
        const page = projectPage(api, route.id, role);
        replaceChildren(main, page.element);
        void page.load();
        window.scrollTo(0, 0);
        break;
      }
      case "review": {
        const queue = reviewQueue(api, role);
        replaceChildren(main, queue.element);
        void queue.load();
        break;
      }
    }
  }

  window.addEventListener("hashchange", show);
  window.addEventListener("resize", () => chartView.resize());
  show();
  void feed.run();
}

if (typeof document !== "undefined" && document.body) void start();
