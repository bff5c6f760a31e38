// The headline figures: projects, their total investment, projects first reported this month and
// projects updated this month (a status change, a new figure or an edit), all from Summarize.
import type { Api } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { describeError } from "../errors.js";
import { beijingMonthStart, formatCount, formatMoney } from "../format.js";
import { SummaryDimension } from "../gen/investtrack/v1/report_service_pb.js";

function card(label: string, value: string, testid: string): HTMLElement {
  return h("div", { class: "card", "data-testid": testid }, h("div", { class: "card-value" }, value), h("div", { class: "card-label" }, label));
}

export function headline(api: Api): { element: HTMLElement; refresh(): Promise<void> } {
  const element = h("section", { class: "cards", "aria-label": "概况" });
  async function refresh(): Promise<void> {
    const monthStart = beijingMonthStart(new Date());
    // Summarize needs a dimension even for the totals alone; STATUS has the fewest groups.
    const total = (filter: string) => api.reports.summarize({ filter, groupBy: SummaryDimension.STATUS });
    try {
      const [all, created, updated] = await Promise.all([
        total(""),
        total(`create_time >= "${monthStart}"`),
        total(`update_time >= "${monthStart}"`),
      ]);
      replaceChildren(
        element,
        card("项目总数", formatCount(all.total?.projectCount ?? 0n), "figure-projects"),
        card("总投资", formatMoney(all.total?.totalInvestment), "figure-investment"),
        card("本月新增项目", formatCount(created.total?.projectCount ?? 0n), "figure-new"),
        card("本月状态或数据有变化", formatCount(updated.total?.projectCount ?? 0n), "figure-updated"),
      );
    } catch (e) {
      replaceChildren(element, h("p", { class: "message error" }, `概况加载失败：${describeError(e)}`));
    }
  }
  return { element, refresh };
}
