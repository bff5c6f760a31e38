// The investment-by-place chart's data: a level (province, city, county), its groups cut to the
// top 15 by investment with the rest summed as 其他, and the filter that narrows to one place.
import type { SummaryGroup } from "./gen/investtrack/v1/report_service_pb.js";
import type { Project } from "./gen/investtrack/v1/project_pb.js";
import { moneyValue } from "./format.js";

export interface RegionBar {
  name: string; // the place, 其他, or 未知地区
  investment: number; // yuan
  projects: number;
  drillable: boolean; // a real place one level above county
}

export type RegionLevel = "province" | "city" | "county";

export interface RegionPath {
  province?: string;
  city?: string;
}

export const otherName = "其他";
export const unknownName = "未知地区";
export const topCount = 15;

export function levelOf(path: RegionPath): RegionLevel {
  if (path.city) return "county";
  if (path.province) return "city";
  return "province";
}

function quoted(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

// The AIP-160 filter that selects the projects under `path`.
export function regionFilter(path: RegionPath): string {
  if (path.city) return `city = ${quoted(path.city)}`;
  if (path.province) return `province = ${quoted(path.province)}`;
  return "";
}

export function topWithOther(bars: RegionBar[], n = topCount): RegionBar[] {
  const sorted = [...bars].sort((a, b) => b.investment - a.investment || b.projects - a.projects);
  if (sorted.length <= n) return sorted;
  const rest = sorted.slice(n);
  return [
    ...sorted.slice(0, n),
    {
      name: otherName,
      investment: rest.reduce((s, b) => s + b.investment, 0),
      projects: rest.reduce((s, b) => s + b.projects, 0),
      drillable: false,
    },
  ];
}

export function barsFromSummary(groups: readonly SummaryGroup[], drillable: boolean): RegionBar[] {
  return groups.map((g) => ({
    name: g.key || unknownName,
    investment: g.totalInvestment ? moneyValue(g.totalInvestment) : 0,
    projects: Number(g.projectCount),
    drillable: drillable && g.key !== "",
  }));
}

// Summarize has no county dimension, so a city's counties are summed from its projects (one
// city's projects: a few hundred at most). CNY only, as Summarize counts.
export function barsFromProjects(projects: Iterable<Project>): RegionBar[] {
  const byCounty = new Map<string, RegionBar>();
  for (const p of projects) {
    const name = p.location?.county || unknownName;
    const bar = byCounty.get(name) ?? { name, investment: 0, projects: 0, drillable: false };
    bar.projects += 1;
    const money = p.totalInvestment;
    if (money && (money.currencyCode === "CNY" || money.currencyCode === "")) bar.investment += moneyValue(money);
    byCounty.set(name, bar);
  }
  return [...byCounty.values()];
}
