import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { LocationSchema, MoneySchema, ProjectSchema } from "./gen/investtrack/v1/project_pb.js";
import { SummaryGroupSchema } from "./gen/investtrack/v1/report_service_pb.js";
import { barsFromProjects, barsFromSummary, levelOf, regionFilter, topWithOther, type RegionBar } from "./regions.js";

const bar = (name: string, investment: number): RegionBar => ({ name, investment, projects: 1, drillable: true });

describe("investment by place", () => {
  it("keeps the top 15 and sums the rest as 其他", () => {
    const bars = Array.from({ length: 20 }, (_, i) => bar(`地${i}`, i + 1));
    const top = topWithOther(bars);
    expect(top).toHaveLength(16);
    expect(top[0]!.name).toBe("地19");
    expect(top[15]).toEqual({ name: "其他", investment: 1 + 2 + 3 + 4 + 5, projects: 5, drillable: false });
    expect(topWithOther(bars.slice(0, 3))).toHaveLength(3);
  });

  it("drills from province to city to county with quoted filters", () => {
    expect(levelOf({})).toBe("province");
    expect(levelOf({ province: "山西省" })).toBe("city");
    expect(levelOf({ province: "山西省", city: "长治市" })).toBe("county");
    expect(regionFilter({})).toBe("");
    expect(regionFilter({ province: "山西省" })).toBe('province = "山西省"');
    expect(regionFilter({ province: "山西省", city: 'a"b' })).toBe('city = "a\\"b"');
  });

  it("names a group without a place and never drills into it", () => {
    const bars = barsFromSummary(
      [
        create(SummaryGroupSchema, { key: "", projectCount: 2n }),
        create(SummaryGroupSchema, { key: "山西省", projectCount: 3n, totalInvestment: create(MoneySchema, { currencyCode: "CNY", units: 300_000_000n }) }),
      ],
      true,
    );
    expect(bars).toEqual([
      { name: "未知地区", investment: 0, projects: 2, drillable: false },
      { name: "山西省", investment: 300_000_000, projects: 3, drillable: true },
    ]);
  });

  it("sums a city's counties from its projects, in CNY only", () => {
    const p = (county: string, units: bigint, currencyCode = "CNY") =>
      create(ProjectSchema, { location: create(LocationSchema, { county }), totalInvestment: create(MoneySchema, { currencyCode, units }) });
    const bars = barsFromProjects([p("武乡县", 100n), p("武乡县", 50n), p("", 7n), p("沁县", 9n, "USD")]);
    expect(bars).toEqual([
      { name: "武乡县", investment: 150, projects: 2, drillable: false },
      { name: "未知地区", investment: 7, projects: 1, drillable: false },
      { name: "沁县", investment: 0, projects: 1, drillable: false },
    ]);
  });
});
