// Chinese formatting of the register's figures: money in 亿元/万元, dates as 2023年10月24日,
// times in Beijing time, statuses by their Chinese names.
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { ProjectStatus, type CivilDate, type Money } from "./gen/investtrack/v1/project_pb.js";

const currencyUnit: Record<string, string> = {
  CNY: "元",
  USD: "美元",
  EUR: "欧元",
  HKD: "港元",
  JPY: "日元",
  GBP: "英镑",
};

// Up to `digits` decimals, trailing zeros dropped: 12.50 -> 12.5, 3.00 -> 3.
function trimmed(value: number, digits: number): string {
  return value.toFixed(digits).replace(/\.?0+$/, "");
}

// The amount in whole currency units as a number. Exact enough for display: units up to 2^53
// (9 千万亿) keep every digit, far beyond any project's figure.
export function moneyValue(money: Pick<Money, "units" | "nanos">): number {
  return Number(money.units) + money.nanos / 1e9;
}

// 12.5亿元, 3000万元, 850元; another currency keeps its own unit (1.2亿美元).
export function formatMoney(money: Money | undefined): string {
  if (!money) return "—";
  return formatYuan(moneyValue(money), money.currencyCode || "CNY");
}

export function formatYuan(value: number, currencyCode = "CNY"): string {
  const unit = currencyUnit[currencyCode] ?? ` ${currencyCode}`;
  const abs = Math.abs(value);
  if (abs >= 1e8) return `${trimmed(value / 1e8, 2)}亿${unit}`;
  if (abs >= 1e4) return `${trimmed(value / 1e4, 2)}万${unit}`;
  return `${trimmed(value, 2)}${unit}`;
}

// Beijing time (UTC+8 all year: China has no daylight saving), computed without Intl so the
// output is the same in every browser and in the tests.
function beijingParts(seconds: number): { y: number; m: number; d: number; hh: number; mm: number } {
  const t = new Date((seconds + 8 * 3600) * 1000);
  return {
    y: t.getUTCFullYear(),
    m: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    hh: t.getUTCHours(),
    mm: t.getUTCMinutes(),
  };
}

const pad2 = (n: number) => String(n).padStart(2, "0");

// 2026年12月7日 19:05
export function formatTimestamp(ts: Timestamp | undefined): string {
  if (!ts) return "—";
  const p = beijingParts(Number(ts.seconds));
  return `${p.y}年${p.m}月${p.d}日 ${pad2(p.hh)}:${pad2(p.mm)}`;
}

// 2026年12月7日
export function formatTimestampDate(ts: Timestamp | undefined): string {
  if (!ts) return "—";
  const p = beijingParts(Number(ts.seconds));
  return `${p.y}年${p.m}月${p.d}日`;
}

// A civil date at its own precision: 2023年, 2023年10月, 2023年10月24日.
export function formatCivilDate(date: CivilDate | undefined): string {
  if (!date || date.year === 0) return "—";
  if (date.month === 0) return `${date.year}年`;
  if (date.day === 0) return `${date.year}年${date.month}月`;
  return `${date.year}年${date.month}月${date.day}日`;
}

// The first instant of the current month in Beijing, as RFC 3339 for an AIP-160 filter
// (create_time >= "2026-12-01T00:00:00+08:00").
export function beijingMonthStart(now: Date): string {
  const p = beijingParts(Math.floor(now.getTime() / 1000));
  return `${p.y}-${pad2(p.m)}-01T00:00:00+08:00`;
}

// The current month in Beijing as whole days, for Summarize's status_change_window: its first
// day and the next month's first, which the window leaves out.
export function beijingMonthDays(now: Date): { startDate: CivilDayInit; endDate: CivilDayInit } {
  const p = beijingParts(Math.floor(now.getTime() / 1000));
  return {
    startDate: { year: p.y, month: p.m, day: 1 },
    endDate: p.m === 12 ? { year: p.y + 1, month: 1, day: 1 } : { year: p.y, month: p.m + 1, day: 1 },
  };
}

export interface CivilDayInit {
  year: number;
  month: number;
  day: number;
}

const statusNames: Record<number, string> = {
  [ProjectStatus.UNSPECIFIED]: "未设定",
  [ProjectStatus.UNKNOWN]: "阶段不明",
  [ProjectStatus.ANNOUNCED]: "谋划",
  [ProjectStatus.SIGNED]: "签约",
  [ProjectStatus.PREPARING]: "前期",
  [ProjectStatus.UNDER_CONSTRUCTION]: "在建",
  [ProjectStatus.COMPLETED]: "建成",
  [ProjectStatus.OPERATING]: "投产",
  [ProjectStatus.SUSPENDED]: "停工",
  [ProjectStatus.CANCELLED]: "取消",
};

// The API says responses may gain statuses; a newer one is shown by number, not hidden.
export function statusName(status: ProjectStatus | number): string {
  return statusNames[status] ?? `状态${status}`;
}

// Summarize by status keys its groups by the enum's full name (PROJECT_STATUS_UNDER_CONSTRUCTION).
export function statusFromKey(key: string): ProjectStatus | undefined {
  const short = key.replace(/^PROJECT_STATUS_/, "") as keyof typeof ProjectStatus;
  const value = ProjectStatus[short];
  return typeof value === "number" ? value : undefined;
}

// The value a filter uses for a status (status = UNDER_CONSTRUCTION).
export function statusFilterName(status: ProjectStatus): string {
  return ProjectStatus[status] ?? String(status);
}

// Every status an editor may set, in lifecycle order.
export const editableStatuses: readonly ProjectStatus[] = [
  ProjectStatus.UNKNOWN,
  ProjectStatus.ANNOUNCED,
  ProjectStatus.SIGNED,
  ProjectStatus.PREPARING,
  ProjectStatus.UNDER_CONSTRUCTION,
  ProjectStatus.COMPLETED,
  ProjectStatus.OPERATING,
  ProjectStatus.SUSPENDED,
  ProjectStatus.CANCELLED,
];

// 123 -> 123, 12345 -> 12,345: counts, not money.
export function formatCount(n: number | bigint): string {
  return Number(n).toLocaleString("zh-CN");
}

// The parser's industry keys (parser/src/entities.cc) in Chinese; a key added later is shown as
// it is rather than hidden.
const industryNames: Record<string, string> = {
  agriculture: "农业",
  airport: "机场",
  building_materials: "建材",
  chemicals: "化工",
  coal: "煤炭",
  cross_border_ecommerce: "跨境电商",
  data_center: "数据中心",
  energy_storage: "储能",
  food_processing: "食品加工",
  healthcare: "医疗卫生",
  hydrogen: "氢能",
  logistics: "物流",
  manufacturing: "制造业",
  new_energy_vehicle: "新能源汽车",
  photovoltaics: "光伏",
  power_grid: "电网",
  real_estate: "房地产",
  semiconductor: "半导体",
  steel: "钢铁",
  thermal_power: "火电",
  tourism: "旅游",
  transport: "交通",
  water: "水务",
  wind_power: "风电",
};

export function industryName(key: string): string {
  return industryNames[key] ?? key;
}
