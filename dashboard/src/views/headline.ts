// The headline figures: projects, their total investment, projects first reported this month and
// status changes this month (in the projects' status histories, by the day each was reported),
// from two Summarize calls. Months are Beijing's, as every date on the page.
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Api } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { describeError } from "../errors.js";
import { beijingMonthDays, beijingMonthStart, formatCount, formatMoney } from "../format.js";
import { SummaryDimension, type SummarizeRequestSchema, type SummarizeResponse } from "../gen/investtrack/v1/report_service_pb.js";

export interface Figure {
  label: string;
  value: string;
  testid: string;
}

type SummarizeInit = MessageInitShape<typeof SummarizeRequestSchema>;

// Summarize needs a dimension even for the totals alone; STATUS has the fewest groups.
export function headlineRequests(now: Date): { all: SummarizeInit; created: SummarizeInit } {
  return {
    all: { groupBy: SummaryDimension.STATUS, statusChangeWindow: beijingMonthDays(now) },
    created: { groupBy: SummaryDimension.STATUS, filter: `create_time >= "${beijingMonthStart(now)}"` },
  };
}

export function headlineFigures(all: SummarizeResponse, created: SummarizeResponse): Figure[] {
  const changes = all.total?.statusChangeCount ?? 0n;
  const changed = all.total?.projectsWithStatusChange ?? 0n;
  return [
    { label: "项目总数", value: formatCount(all.total?.projectCount ?? 0n), testid: "figure-projects" },
    { label: "总投资", value: formatMoney(all.total?.totalInvestment), testid: "figure-investment" },
    { label: "本月新增项目", value: formatCount(created.total?.projectCount ?? 0n), testid: "figure-new" },
    {
      label: changes > 0n ? `本月状态变化（${formatCount(changed)}个项目）` : "本月状态变化",
      value: formatCount(changes),
      testid: "figure-status-changes",
    },
  ];
}

function card(figure: Figure): HTMLElement {
  return h(
    "div",
    { class: "card", "data-testid": figure.testid },
    h("div", { class: "card-value" }, figure.value),
    h("div", { class: "card-label" }, figure.label),
  );
}

export function headline(api: Api): { element: HTMLElement; refresh(): Promise<void> } {
  const element = h("section", { class: "cards", "aria-label": "概况" });
  async function refresh(): Promise<void> {
    const requests = headlineRequests(new Date());
    try {
      const [all, created] = await Promise.all([api.reports.summarize(requests.all), api.reports.summarize(requests.created)]);
      replaceChildren(element, headlineFigures(all, created).map(card));
    } catch (e) {
      replaceChildren(element, h("p", { class: "message error" }, `概况加载失败：${describeError(e)}`));
    }
  }
  return { element, refresh };
}
