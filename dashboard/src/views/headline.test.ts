import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { MoneySchema } from "../gen/investtrack/v1/project_pb.js";
import { SummarizeResponseSchema, SummaryDimension, SummaryGroupSchema } from "../gen/investtrack/v1/report_service_pb.js";
import { headlineFigures, headlineRequests } from "./headline.js";

describe("the headline figures", () => {
  it("ask for the status changes of the Beijing month and the projects created in it", () => {
    // 2026-12-31 16:30 UTC is already January in Beijing.
    const requests = headlineRequests(new Date("2026-12-31T16:30:00Z"));
    expect(requests.all).toEqual({
      groupBy: SummaryDimension.STATUS,
      statusChangeWindow: { startDate: { year: 2027, month: 1, day: 1 }, endDate: { year: 2027, month: 2, day: 1 } },
    });
    expect(requests.created).toEqual({ groupBy: SummaryDimension.STATUS, filter: 'create_time >= "2027-01-01T00:00:00+08:00"' });
  });

  it("show the month's status changes and how many projects they touched", () => {
    const all = create(SummarizeResponseSchema, {
      total: create(SummaryGroupSchema, {
        projectCount: 1234n,
        totalInvestment: create(MoneySchema, { currencyCode: "CNY", units: 250_000_000_000n }),
        statusChangeCount: 7n,
        projectsWithStatusChange: 5n,
      }),
    });
    const created = create(SummarizeResponseSchema, { total: create(SummaryGroupSchema, { projectCount: 12n }) });
    expect(headlineFigures(all, created).map((f) => [f.testid, f.value, f.label])).toEqual([
      ["figure-projects", "1,234", "项目总数"],
      ["figure-investment", "2500亿元", "总投资"],
      ["figure-new", "12", "本月新增项目"],
      ["figure-status-changes", "7", "本月状态变化（5个项目）"],
    ]);
  });

  it("show no changes as zero", () => {
    const none = create(SummarizeResponseSchema, {});
    expect(headlineFigures(none, none).at(-1)).toEqual({ label: "本月状态变化", value: "0", testid: "figure-status-changes" });
  });
});
