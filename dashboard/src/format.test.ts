import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { CivilDateSchema, MoneySchema, ProjectStatus } from "./gen/investtrack/v1/project_pb.js";
import {
  beijingMonthDays,
  beijingMonthStart,
  formatCivilDate,
  formatMoney,
  formatTimestamp,
  formatYuan,
  statusFilterName,
  statusFromKey,
  industryName,
  statusName,
} from "./format.js";

const cny = (units: bigint, nanos = 0) => create(MoneySchema, { currencyCode: "CNY", units, nanos });

describe("money", () => {
  it("uses 亿元 from one hundred million, 万元 from ten thousand", () => {
    expect(formatMoney(cny(1_250_000_000n))).toBe("12.5亿元");
    expect(formatMoney(cny(100_000_000n))).toBe("1亿元");
    expect(formatMoney(cny(30_000_000n))).toBe("3000万元");
    expect(formatMoney(cny(12_345n))).toBe("1.23万元");
    expect(formatMoney(cny(850n))).toBe("850元");
    expect(formatMoney(cny(0n, 500_000_000))).toBe("0.5元");
  });
  it("keeps two decimals of 亿 and drops trailing zeros", () => {
    expect(formatMoney(cny(123_456_789_012n))).toBe("1234.57亿元");
    expect(formatYuan(2.1e8)).toBe("2.1亿元");
  });
  it("names other currencies in Chinese", () => {
    expect(formatMoney(create(MoneySchema, { currencyCode: "USD", units: 120_000_000n }))).toBe("1.2亿美元");
    expect(formatMoney(create(MoneySchema, { currencyCode: "HKD", units: 50_000n }))).toBe("5万港元");
  });
  it("shows a dash for no amount", () => {
    expect(formatMoney(undefined)).toBe("—");
  });
});

describe("dates", () => {
  it("formats instants in Beijing time", () => {
    // 2026-12-31 16:30 UTC is already 1 January in Beijing.
    expect(formatTimestamp(timestampFromDate(new Date("2026-12-31T16:30:00Z")))).toBe("2027年1月1日 00:30");
  });
  it("formats civil dates at their precision", () => {
    expect(formatCivilDate(create(CivilDateSchema, { year: 2023, month: 10, day: 24 }))).toBe("2023年10月24日");
    expect(formatCivilDate(create(CivilDateSchema, { year: 2023, month: 10 }))).toBe("2023年10月");
    expect(formatCivilDate(create(CivilDateSchema, { year: 2023 }))).toBe("2023年");
    expect(formatCivilDate(undefined)).toBe("—");
  });
  it("starts the month in Beijing, not in UTC", () => {
    expect(beijingMonthStart(new Date("2026-11-30T17:00:00Z"))).toBe("2026-12-01T00:00:00+08:00");
    expect(beijingMonthStart(new Date("2026-11-30T15:00:00Z"))).toBe("2026-11-01T00:00:00+08:00");
  });
  it("gives the Beijing month as whole days, the end being the next month's first", () => {
    expect(beijingMonthDays(new Date("2026-11-30T17:00:00Z"))).toEqual({
      startDate: { year: 2026, month: 12, day: 1 },
      endDate: { year: 2027, month: 1, day: 1 },
    });
    expect(beijingMonthDays(new Date("2026-11-30T15:00:00Z"))).toEqual({
      startDate: { year: 2026, month: 11, day: 1 },
      endDate: { year: 2026, month: 12, day: 1 },
    });
  });
});

describe("statuses", () => {
  it("has Chinese names and survives values added later", () => {
    expect(statusName(ProjectStatus.UNDER_CONSTRUCTION)).toBe("在建");
    expect(statusName(ProjectStatus.OPERATING)).toBe("投产");
    expect(statusName(42)).toBe("状态42");
  });
  it("reads Summarize's keys and writes filter names", () => {
    expect(statusFromKey("PROJECT_STATUS_SIGNED")).toBe(ProjectStatus.SIGNED);
    expect(statusFromKey("PROJECT_STATUS_FROM_THE_FUTURE")).toBeUndefined();
    expect(statusFilterName(ProjectStatus.UNDER_CONSTRUCTION)).toBe("UNDER_CONSTRUCTION");
  });
});

describe("industries", () => {
  it("names the parser's keys in Chinese and keeps unknown ones", () => {
    expect(industryName("food_processing")).toBe("食品加工");
    expect(industryName("photovoltaics")).toBe("光伏");
    expect(industryName("quantum")).toBe("quantum");
  });
});
