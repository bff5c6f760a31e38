// The CSV of an export: UTF-8 with a byte-order mark, which is what makes Excel on a Chinese
// Windows read the names as UTF-8 instead of GBK.
import type { Project } from "./gen/investtrack/v1/project_pb.js";
import { formatCivilDate, formatTimestamp, industryName, moneyValue, statusName } from "./format.js";

export const csvHeader = [
  "项目名称",
  "状态",
  "省份",
  "城市",
  "区县",
  "园区",
  "总投资（元）",
  "币种",
  "行业",
  "企业",
  "级别",
  "最早日期",
  "更新时间",
  "资源名",
];

export function csvField(value: string): string {
  // Quote when a field holds the separator, a quote or a line break; a leading = + - @ is also
  // quoted with a ' so a spreadsheet does not run it as a formula.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(project: Project): string[] {
  const money = project.totalInvestment;
  const firstDate = project.keyDates[0]?.date;
  return [
    project.displayName,
    statusName(project.status),
    project.location?.province ?? "",
    project.location?.city ?? "",
    project.location?.county ?? "",
    project.location?.zone ?? "",
    // Whole yuan as plain digits: a spreadsheet sums them; 亿元 text it could not.
    money ? String(Math.round(moneyValue(money))) : "",
    money?.currencyCode ?? "",
    industryName(project.industry),
    project.organizations.join("、"),
    project.level,
    firstDate ? formatCivilDate(firstDate) : "",
    formatTimestamp(project.updateTime),
    project.name,
  ];
}

export function toCsv(projects: Iterable<Project>): string {
  const lines = [csvHeader.map(csvField).join(",")];
  for (const p of projects) lines.push(csvRow(p).map(csvField).join(","));
  return "\ufeff" + lines.join("\r\n") + "\r\n";
}
