// End-to-end tests of the dashboard: a real investtrackd (started by the ctest driver, with
// reader, editor and admin tokens), this package's server, and Debian's Chromium driven by
// playwright-core. Prints one "ok"/"not ok" line per check and exits 1 when any failed.
//
// Environment (all required; the ctest driver dashboard_e2e_tests sets them):
//   INVESTTRACK_E2E_SERVER        investtrackd host:port
//   INVESTTRACK_E2E_READER_TOKEN, INVESTTRACK_E2E_EDITOR_TOKEN, INVESTTRACK_E2E_ADMIN_TOKEN
//   INVESTTRACK_E2E_CLI           the investtrack CLI, which makes the ingests "from elsewhere"
//   INVESTTRACK_E2E_BULLETIN      loaded before the page opens (by the driver too, which then puts
//                                 a doubtful match of two of its projects in the review queue)
//   INVESTTRACK_E2E_LIVE_BULLETIN loaded while the page watches
//   INVESTTRACK_E2E_CHROMIUM      the browser (Debian: /usr/bin/chromium)
//   INVESTTRACK_E2E_SCREENSHOTS   directory for the screenshots of every page
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ProjectEvent_Kind, ProjectService } from "../src/gen/investtrack/v1/project_service_pb.js";
import { ProjectStatus, type CivilDate } from "../src/gen/investtrack/v1/project_pb.js";
import { ReportService, SummaryDimension } from "../src/gen/investtrack/v1/report_service_pb.js";
import { beijingMonthDays, formatCount, type CivilDayInit } from "../src/format.js";

const run = promisify(execFile);

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set: run through ctest (dashboard_e2e_tests)`);
    process.exit(2);
  }
  return value;
}

const env = {
  server: required("INVESTTRACK_E2E_SERVER"),
  reader: required("INVESTTRACK_E2E_READER_TOKEN"),
  editor: required("INVESTTRACK_E2E_EDITOR_TOKEN"),
  admin: required("INVESTTRACK_E2E_ADMIN_TOKEN"),
  cli: required("INVESTTRACK_E2E_CLI"),
  bulletin: required("INVESTTRACK_E2E_BULLETIN"),
  liveBulletin: required("INVESTTRACK_E2E_LIVE_BULLETIN"),
  chromium: required("INVESTTRACK_E2E_CHROMIUM"),
  screenshots: required("INVESTTRACK_E2E_SCREENSHOTS"),
};

const desktop = { width: 1280, height: 900 };
const phone = { width: 390, height: 844 };
const foodPark = "武乡县食品产业园项目";

// The register as another program sees it, to change a project behind the page's back.
const upstreamTransport = createGrpcTransport({ baseUrl: `http://${env.server}` });
const upstream = createClient(ProjectService, upstreamTransport);
const upstreamReports = createClient(ReportService, upstreamTransport);
const asEditor = { headers: { authorization: `Bearer ${env.editor}` } };

async function ingest(file: string): Promise<void> {
  await run(env.cli, ["--server", env.server, "ingest", file], {
    env: { ...process.env, INVESTTRACK_TOKEN: env.admin },
  });
}

// Starts dist/node/server/main.js on a free port with the admin token as its own, and returns
// its URL from the line it prints once listening.
async function startDashboard(): Promise<{ url: string; child: ChildProcess }> {
  const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../server/main.js");
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      INVESTTRACK_SERVER: env.server,
      INVESTTRACK_TOKEN: env.admin,
      INVESTTRACK_DASHBOARD_LISTEN: "127.0.0.1:0",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`dashboard did not start: ${out}`)), 15_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`dashboard exited with ${code}: ${out}`)));
  });
  return { url, child };
}

let failures = 0;
async function check(name: string, body: () => Promise<void>): Promise<void> {
  const started = Date.now();
  try {
    await body();
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failures += 1;
    console.log(`not ok - ${name} (${Date.now() - started} ms)\n  ${String((e as Error).stack ?? e).replace(/\n/g, "\n  ")}`);
  }
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(env.screenshots, `${name}.png`), fullPage: true });
}

async function newPage(browser: Browser, viewport: { width: number; height: number }, token?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    isMobile: viewport.width < 600,
    hasTouch: viewport.width < 600,
  });
  // The token box's storage, set before the page's own script first reads it (only then: init
  // scripts run again on every load, and a page that forgot its token must stay without it).
  if (token) {
    await context.addInitScript((t) => {
      if (window.sessionStorage.getItem("e2e.token-set")) return;
      window.sessionStorage.setItem("e2e.token-set", "1");
      window.sessionStorage.setItem("investtrack.token", t);
    }, token);
  }
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page };
}

async function openProject(page: Page, base: string, displayName: string): Promise<void> {
  await page.goto(`${base}/#/`);
  await page.getByTestId("filter").fill(`display_name = "${displayName}"`);
  await page.getByTestId("filter").press("Enter");
  await page.getByTestId("project-row").filter({ hasText: displayName }).first().waitFor();
  await page.getByTestId("project-row").getByRole("link", { name: displayName }).first().click();
  await page.getByTestId("project-title").filter({ hasText: displayName }).waitFor();
}

const isoDay = (d: CivilDate | CivilDayInit) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

// A project's status changes in [start, end) counted from its timeline (ListProjectEvents), the
// way Summarize defines them: an entry whose status differs from the one before, on its date,
// else the UTC day it was recorded. An independent path to the figure Summarize computes in SQL.
async function statusChangesFromEvents(name: string, start: string, end: string): Promise<number> {
  const { events } = await upstream.listProjectEvents({ parent: name, pageSize: 1000 }, asEditor);
  let prior: ProjectStatus | undefined;
  let changes = 0;
  for (const e of events) {
    if (e.kind !== ProjectEvent_Kind.STATUS_CHANGE || e.status === ProjectStatus.UNKNOWN) continue;
    const day = e.date && e.date.year > 0 ? isoDay(e.date) : new Date(Number(e.eventTime?.seconds ?? 0n) * 1000).toISOString().slice(0, 10);
    if (prior !== undefined && e.status !== prior && day >= start && day < end) changes += 1;
    prior = e.status;
  }
  return changes;
}

async function main(): Promise<void> {
  mkdirSync(env.screenshots, { recursive: true });
  await ingest(env.bulletin);
  const total = (await upstream.listProjects({ pageSize: 1000 }, asEditor)).projects.length;
  const dashboard = await startDashboard();
  const browser = await chromium.launch({ executablePath: env.chromium, args: ["--no-sandbox"] });
  try {
    const { page } = await newPage(browser, desktop);

    await check("the table shows a row per project", async () => {
      await page.goto(`${dashboard.url}/#/`);
      await page.getByTestId("project-row").first().waitFor();
      const rows = await page.getByTestId("project-row").count();
      expect(rows === Math.min(total, 20), `expected ${Math.min(total, 20)} rows, saw ${rows}`);
      await page.getByTestId("figure-projects").filter({ hasText: String(total) }).waitFor();
      await page.getByTestId("feed-state").filter({ hasText: "实时" }).waitFor();
      // Charts draw on a canvas once their data is in.
      await page.locator('[data-testid="region-chart"] canvas').waitFor();
      await page.waitForTimeout(600);
      await shot(page, "overview-1280");
    });

    await check("Enter in the filter box applies an AIP-160 filter", async () => {
      const filter = page.getByTestId("filter");
      await filter.fill('city = "太原市"');
      await filter.press("Enter");
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="project-row"]').length < n,
        Math.min(total, 20),
      );
      const places = await page.getByTestId("project-row").locator("td.place").allTextContents();
      expect(places.length > 0, "no row matched the filter");
      expect(places.every((p) => p.includes("太原市")), `rows not matching the filter: ${places.join(", ")}`);
      await filter.fill("no_such_field = 1");
      await filter.press("Enter");
      await page.locator(".table-panel .message.error").filter({ hasText: "请求有误" }).waitFor();
      expect((await page.getByTestId("project-row").count()) === 0, "rows stayed after a refused filter");
      await filter.fill("");
      await filter.press("Enter");
      await page.getByTestId("project-row").nth(Math.min(total, 20) - 1).waitFor();
    });

    await check("the investment chart drills down from province to city to county", async () => {
      await page.getByTestId("region-drill").getByRole("button", { name: "山西省" }).click();
      await page.locator(".crumbs").filter({ hasText: "山西省" }).waitFor();
      // The sample's projects are in three cities of 山西省, each one level further down.
      await page.getByTestId("region-drill").getByRole("button", { name: "长治市" }).click();
      await page.locator(".crumbs").filter({ hasText: "长治市" }).waitFor();
      // Counties are the last level: nothing further to drill into.
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="region-drill"] button').length === 0);
      await page.waitForTimeout(600);
      await shot(page, "overview-drilled-1280");
      await page.locator(".crumbs").getByRole("button", { name: "全国" }).click();
      await page.locator(".crumbs").filter({ hasNotText: "山西省" }).waitFor();
    });

    await check("the CSV download holds every project", async () => {
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
      const text = readFileSync((await download.path())!, "utf8");
      // Checked before trim(), which counts the byte-order mark as white space.
      expect(text.startsWith("\ufeff项目名称,状态"), `header: ${text.slice(0, 40)}`);
      const lines = text.trim().split("\r\n");
      expect(lines.length === total + 1, `expected ${total} projects in the CSV, got ${lines.length - 1}`);
    });

    await check("a project page shows its evidence with the extracted words marked", async () => {
      await openProject(page, dashboard.url, foodPark);
      const items = page.getByTestId("evidence-item");
      await items.first().waitFor();
      expect((await items.count()) > 0, "no evidence sentence");
      const marked = await page.getByTestId("evidence").locator("mark").allTextContents();
      expect(marked.some((m) => m.includes(foodPark)), `the name is not marked; marks: ${marked.join(" | ")}`);
      await page.getByTestId("status-history").waitFor();
      expect(await page.getByTestId("edit-form").isVisible(), "an admin sees no edit form");
      await shot(page, "project-1280");
    });

    await check("a change ingested elsewhere appears in the live feed within 3 s", async () => {
      await page.goto(`${dashboard.url}/#/`);
      await page.getByTestId("filter").fill("");
      await page.getByTestId("filter").press("Enter");
      await page.getByTestId("feed-state").filter({ hasText: "实时" }).waitFor();
      const before = await page.getByTestId("change-feed-item").count();
      const started = Date.now();
      await ingest(env.liveBulletin);
      const committed = Date.now();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="change-feed-item"]').length > n, before, {
        timeout: 3000,
      });
      const seen = Date.now();
      console.log(`  # ingest took ${committed - started} ms; first change shown ${seen - committed} ms after it returned`);
      await page.waitForTimeout(1500); // the figures and table refresh after the burst
      await shot(page, "overview-after-ingest-1280");
    });

    await check("a correction with a stale etag is refused, a fresh one saved", async () => {
      await openProject(page, dashboard.url, foodPark);
      const shown = await upstream.listProjects({ filter: `display_name = "${foodPark}"` }, asEditor);
      const project = shown.projects[0]!;
      // Someone else corrects the project after the page read it.
      await upstream.updateProject(
        { project: { name: project.name, status: ProjectStatus.COMPLETED }, updateMask: { paths: ["status"] }, reason: "e2e: a concurrent edit" },
        asEditor,
      );
      await page.getByTestId("edit-status").selectOption({ label: "投产" });
      await page.getByTestId("edit-reason").fill("e2e");
      await page.getByTestId("edit-form").getByRole("button", { name: "保存修改" }).click();
      await page.getByTestId("edit-message").filter({ hasText: "已被他人修改" }).waitFor();
      await shot(page, "project-stale-edit-1280");
      const after = await upstream.getProject({ name: project.name }, asEditor);
      expect(after.status === ProjectStatus.COMPLETED, `the stale edit changed the status to ${after.status}`);
      await page.reload();
      await page.getByTestId("edit-status").selectOption({ label: "投产" });
      await page.getByTestId("edit-form").getByRole("button", { name: "保存修改" }).click();
      await page.getByTestId("edit-message").filter({ hasText: "已保存" }).waitFor();
      const saved = await upstream.getProject({ name: project.name }, asEditor);
      expect(saved.status === ProjectStatus.OPERATING, `the fresh edit did not land: ${saved.status}`);
      // The page drawn again shows the correction in the status history, as an editor's.
      await page.getByTestId("status-history").filter({ hasText: "人工更正" }).waitFor();
      await shot(page, "project-after-edit-1280");
    });

    await check("the headline counts this month's status changes, the corrections included", async () => {
      const month = beijingMonthDays(new Date());
      const [start, end] = [isoDay(month.startDate), isoDay(month.endDate)];
      const [food] = (await upstream.listProjects({ filter: `display_name = "${foodPark}"` }, asEditor)).projects;
      // The corrections above are dated by the database's day, which may be outside Beijing's
      // month for a few hours at a month's turn: count them as the timeline dates them.
      const fromEvents = await statusChangesFromEvents(food!.name, start, end);
      const summarize = (filter: string) =>
        upstreamReports.summarize({ filter, groupBy: SummaryDimension.STATUS, statusChangeWindow: month }, asEditor);
      const foodOnly = await summarize(`display_name = "${foodPark}"`);
      expect(
        Number(foodOnly.total?.statusChangeCount) === fromEvents,
        `Summarize counts ${foodOnly.total?.statusChangeCount} changes of ${foodPark} this month, its timeline ${fromEvents}`,
      );
      const edited = (await upstream.listProjectEvents({ parent: food!.name, pageSize: 1000 }, asEditor)).events.filter(
        (e) => e.kind === ProjectEvent_Kind.STATUS_CHANGE && e.matchRule === "manual",
      );
      // The concurrent correction and the page's, less one that set the status the park had.
      expect(edited.length >= 1, "no correction of the status in the timeline");
      if (edited.every((e) => e.date && isoDay(e.date) >= start && isoDay(e.date) < end)) {
        expect(fromEvents >= edited.length, `${edited.length} corrections this month are ${fromEvents} changes`);
      }
      const all = await summarize("");
      await page.goto(`${dashboard.url}/#/`);
      const figure = page.getByTestId("figure-status-changes");
      await figure.filter({ hasText: "本月状态变化" }).waitFor();
      await figure.locator(".card-value").filter({ hasText: new RegExp(`^${formatCount(all.total?.statusChangeCount ?? 0n)}$`) }).waitFor();
      const shown = await figure.locator(".card-value").textContent();
      console.log(`  # ${shown} status changes this month (${start} to ${end}), ${fromEvents} of them ${foodPark}'s`);
    });

    await check("an admin merges from the review queue and splits on the project page", async () => {
      // The driver put one doubtful match in the queue: 半导体产业园 might be 华远国际陆港跨境电商产业园.
      await page.goto(`${dashboard.url}/#/review`);
      const row = page.getByTestId("review-row").filter({ hasText: "半导体产业园" });
      await row.waitFor();
      await shot(page, "review-1280");
      await row.getByTestId("merge").click();
      await page.locator(".message").filter({ hasText: "已合并" }).waitFor();
      const survivorName = "华远国际陆港跨境电商产业园";
      const merged = await upstream.listProjects({ filter: 'display_name = "半导体产业园"', showDeleted: true }, asEditor);
      expect(merged.projects[0]?.deleteTime !== undefined, "the merged project is not marked merged");
      await openProject(page, dashboard.url, survivorName);
      await page.getByTestId("split").click();
      await page.getByTestId("project-title").waitFor();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="split"]').length === 0);
      const restored = await upstream.listProjects({ filter: 'display_name = "半导体产业园"' }, asEditor);
      expect(restored.projects.length === 1, "the split did not restore the merged project");
    });

    await check("a reader token sees no edit controls", async () => {
      const { context, page: readerPage } = await newPage(browser, desktop, env.reader);
      await readerPage.goto(`${dashboard.url}/#/`);
      await readerPage.getByTestId("role").filter({ hasText: "只读" }).waitFor();
      const tokenName = await readerPage.getByTestId("role").getAttribute("title");
      expect(tokenName === "e2e reader", `the role badge names the token ${tokenName}`);
      await readerPage.getByTestId("project-row").first().waitFor();
      await openProject(readerPage, dashboard.url, foodPark);
      await readerPage.getByTestId("evidence-item").first().waitFor();
      expect((await readerPage.getByTestId("edit-form").count()) === 0, "a reader sees the edit form");
      await shot(readerPage, "project-reader-1280");
      await readerPage.goto(`${dashboard.url}/#/review`);
      await readerPage.locator(".message").filter({ hasText: /条待审核|没有待审核/ }).first().waitFor();
      expect((await readerPage.getByTestId("merge").count()) === 0, "a reader sees merge buttons");
      await shot(readerPage, "review-reader-1280");
      await context.close();
    });

    await check("an unknown token is asked for a valid one, and can leave", async () => {
      const { context, page: strangerPage } = await newPage(browser, desktop, "not-a-token-of-this-server");
      await strangerPage.goto(`${dashboard.url}/#/`);
      await strangerPage.locator(".banner").filter({ hasText: "未授权" }).waitFor();
      expect((await strangerPage.getByTestId("project-row").count()) === 0, "rows shown to an unknown token");
      // 退出 forgets the typed token; the dashboard's own token applies again.
      await strangerPage.getByRole("button", { name: "退出" }).click();
      await strangerPage.getByTestId("role").filter({ hasText: "管理员" }).waitFor();
      await strangerPage.getByTestId("project-row").first().waitFor();
      await context.close();
    });

    await check("the pages fit a phone's width", async () => {
      const { context, page: phonePage } = await newPage(browser, phone);
      await phonePage.goto(`${dashboard.url}/#/`);
      await phonePage.getByTestId("project-row").first().waitFor();
      await phonePage.locator('[data-testid="region-chart"] canvas').waitFor();
      await phonePage.waitForTimeout(600);
      const overflow = await phonePage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow <= 0, `the overview is ${overflow}px wider than the phone`);
      await shot(phonePage, "overview-390");
      await openProject(phonePage, dashboard.url, foodPark);
      await phonePage.getByTestId("evidence-item").first().waitFor();
      const projectOverflow = await phonePage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(projectOverflow <= 0, `the project page is ${projectOverflow}px wider than the phone`);
      await shot(phonePage, "project-390");
      await context.close();
    });
  } finally {
    await browser.close();
    dashboard.child.kill("SIGTERM");
  }
  console.log(failures === 0 ? "all dashboard checks passed" : `${failures} dashboard check(s) failed`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
