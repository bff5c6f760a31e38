// Two charts: projects by status, and investment by place (top 15 and 其他), where clicking a
// bar drills from province to city to county and the path above the chart leads back.
import * as echarts from "echarts/core";
import { BarChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import type { Api } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { describeError } from "../errors.js";
import { formatYuan, statusFromKey, statusName } from "../format.js";
import { SummaryDimension } from "../gen/investtrack/v1/report_service_pb.js";
import {
  barsFromProjects,
  barsFromSummary,
  levelOf,
  regionFilter,
  topWithOther,
  type RegionBar,
  type RegionPath,
} from "../regions.js";

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

const font = '"Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", sans-serif';

function horizontalBars(chart: echarts.ECharts, names: string[], values: number[], label: (v: number) => string, color: string): void {
  chart.setOption(
    {
      textStyle: { fontFamily: font },
      grid: { left: 8, right: 70, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "item", valueFormatter: (v: unknown) => label(Number(v)) },
      xAxis: { type: "value", show: false },
      yAxis: { type: "category", data: names, inverse: true, axisTick: { show: false }, axisLabel: { width: 110, overflow: "truncate" } },
      series: [
        {
          type: "bar",
          data: values,
          itemStyle: { color },
          label: { show: true, position: "right", formatter: (p: { value: unknown }) => label(Number(p.value)) },
          barMaxWidth: 18,
        },
      ],
    },
    true,
  );
}

export function charts(api: Api): { element: HTMLElement; refresh(): Promise<void>; resize(): void } {
  const statusBox = h("div", { class: "chart", "data-testid": "status-chart" });
  const regionBox = h("div", { class: "chart chart-tall", "data-testid": "region-chart" });
  const crumbs = h("nav", { class: "crumbs", "aria-label": "地区层级" });
  const message = h("p", { class: "message" });
  // The same drill-down as clicking a bar, as buttons: a canvas is out of reach of the keyboard
  // and of screen readers.
  const drillButtons = h("div", { class: "drill", "data-testid": "region-drill" });
  let path: RegionPath = {};
  let bars: RegionBar[] = [];
  let statusChart: echarts.ECharts | undefined;
  let regionChart: echarts.ECharts | undefined;

  function ensureCharts(): void {
    statusChart ??= echarts.init(statusBox);
    if (!regionChart) {
      regionChart = echarts.init(regionBox);
      regionChart.on("click", (params) => {
        const bar = bars[params.dataIndex];
        if (bar) drill(bar);
      });
    }
  }

  function renderCrumbs(): void {
    const items: (HTMLElement | string)[] = [h("button", { type: "button", class: "link", onclick: () => go({}) }, "全国")];
    if (path.province) {
      items.push(" › ", h("button", { type: "button", class: "link", onclick: () => go({ province: path.province }) }, path.province));
    }
    if (path.city) items.push(" › ", h("span", {}, path.city));
    replaceChildren(crumbs, items);
  }

  function drill(bar: RegionBar): void {
    if (!bar.drillable) return;
    path = levelOf(path) === "province" ? { province: bar.name } : { ...path, city: bar.name };
    void loadRegions();
  }

  function go(p: RegionPath): void {
    path = p;
    void loadRegions();
  }

  async function loadRegions(): Promise<void> {
    ensureCharts();
    renderCrumbs();
    const filter = regionFilter(path);
    try {
      switch (levelOf(path)) {
        case "province":
          bars = barsFromSummary((await api.reports.summarize({ groupBy: SummaryDimension.PROVINCE })).groups, true);
          break;
        case "city":
          bars = barsFromSummary((await api.reports.summarize({ filter, groupBy: SummaryDimension.CITY })).groups, true);
          break;
        case "county": {
          const projects = [];
          for await (const p of api.reports.exportProjects({ filter })) projects.push(p);
          bars = barsFromProjects(projects);
          break;
        }
      }
      bars = topWithOther(bars);
      const height = Math.max(160, bars.length * 26 + 20);
      regionBox.style.height = `${height}px`;
      regionChart?.resize();
      horizontalBars(regionChart!, bars.map((b) => b.name), bars.map((b) => b.investment), (v) => formatYuan(v), "#c0392b");
      const drillable = bars.filter((b) => b.drillable);
      message.textContent = drillable.length ? "点击地区查看下一级：" : "";
      replaceChildren(
        drillButtons,
        drillable.map((b) => h("button", { type: "button", class: "link", onclick: () => drill(b) }, b.name)),
      );
    } catch (e) {
      message.textContent = describeError(e);
    }
  }

  async function loadStatus(): Promise<void> {
    ensureCharts();
    try {
      const groups = (await api.reports.summarize({ groupBy: SummaryDimension.STATUS })).groups;
      const names = groups.map((g) => {
        const s = statusFromKey(g.key);
        return s === undefined ? g.key || "未知" : statusName(s);
      });
      statusBox.style.height = `${Math.max(120, groups.length * 28 + 20)}px`;
      statusChart?.resize();
      horizontalBars(statusChart!, names, groups.map((g) => Number(g.projectCount)), (v) => `${v}个`, "#2c6fbb");
    } catch (e) {
      message.textContent = describeError(e);
    }
  }

  const element = h(
    "section",
    { class: "charts" },
    h("div", { class: "panel" }, h("h2", {}, "各状态项目数"), statusBox),
    h("div", { class: "panel" }, h("h2", {}, "各地投资额"), crumbs, regionBox, message, drillButtons),
  );
  return {
    element,
    async refresh() {
      await Promise.all([loadStatus(), loadRegions()]);
    },
    resize() {
      statusChart?.resize();
      regionChart?.resize();
    },
  };
}
