import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { LocationSchema, MoneySchema, ProjectSchema, ProjectStatus } from "./gen/investtrack/v1/project_pb.js";
import { csvField, toCsv } from "./csv.js";

describe("CSV export", () => {
  it("quotes separators, quotes and formulas", () => {
    expect(csvField("普通")).toBe("普通");
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField("=1+1")).toBe(`"'=1+1"`);
  });

  it("writes a BOM, a Chinese header and amounts in whole yuan", () => {
    const text = toCsv([
      create(ProjectSchema, {
        name: "projects/p1",
        displayName: "武乡县食品产业园项目",
        status: ProjectStatus.UNDER_CONSTRUCTION,
        location: create(LocationSchema, { province: "山西省", city: "长治市", county: "武乡县" }),
        totalInvestment: create(MoneySchema, { currencyCode: "CNY", units: 500_000_000n }),
      }),
    ]);
    expect(text.startsWith("\ufeff项目名称,状态,")).toBe(true);
    const row = text.split("\r\n")[1]!;
    expect(row).toContain("武乡县食品产业园项目,在建,山西省,长治市,武乡县,,500000000,CNY");
    expect(row.endsWith("projects/p1")).toBe(true);
  });
});
