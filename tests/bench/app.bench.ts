/**
 * The built app in Chromium, where the user stands (issue 15 §3, §5): one fresh browser profile
 * that first visits the app (the sample made in OPFS), imports the million-bar MT5 export through
 * the Data page, then
 * - reads the million rows in a fresh instance of the app's data worker (≤ 300 ms), and
 * - clicks Run on the sample's two years of EURUSD M1 (MA cross 10/30, a balance no margin call
 *   reaches) and opens the report, each time in a freshly loaded page (≤ 1.5 s click → report);
 *   the backtest worker's loop speed is read from the stored results (the browser's host, cold).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "@playwright/test";
import { withBuiltApp } from "./built-app.ts";
import { type Benchmark, median } from "./harness.ts";
import { millionBarCache } from "./million-bars.ts";
import { spread } from "./processes.ts";

const RUNS = 5;

interface AppFigures {
  sampleReadyS: number;
  sampleProgressShown: boolean;
  loadMs: number[];
  rows: number;
  clickToComplete: number[];
  openToVisible: number[];
  loopBarsPerS: number[];
}

/**
 * Runs in the page: a fresh instance of the app's data worker, started and asked a trivial
 * question first, then timed on one read of the dataset through comlink's wire messages.
 * Plain JS (a string), so the TypeScript transform adds no helpers the page does not have.
 */
const READ_IN_FRESH_WORKER = `async function (url, dataset) {
  const worker = new Worker(url, { type: "module" });
  let next = 0;
  function call(name, args) {
    return new Promise(function (resolve, reject) {
      const id = "bench-" + next++;
      worker.addEventListener("message", function onMessage(event) {
        if (!event.data || event.data.id !== id) return;
        worker.removeEventListener("message", onMessage);
        if (event.data.type === "RAW") resolve(event.data.value);
        else reject(new Error(JSON.stringify(event.data)));
      });
      worker.postMessage({ id, type: "APPLY", path: [name], argumentList: args.map(function (value) { return { type: "RAW", value }; }) });
    });
  }
  await call("instruments", []);
  const started = performance.now();
  const loaded = await call("bars", ["EURUSD", "M1", 0, Date.UTC(2100, 0, 1), 0, dataset]);
  const ms = performance.now() - started;
  worker.terminate();
  return { ms: ms, rows: loaded.rows.length };
}`;

/** The stored result of the newest run in this profile: its loop time and bars. */
const NEWEST_TIMINGS = `async function () {
  const db = await new Promise(function (ok, fail) { const r = indexedDB.open("pipscope-runs"); r.onsuccess = function () { ok(r.result); }; r.onerror = fail; });
  const get = function (store, index) { return new Promise(function (ok) { const s = db.transaction(store).objectStore(store); const r = index ? s.index(index).getAll() : s.getAll(); r.onsuccess = function () { ok(r.result); }; }); };
  const runs = await get("runs", "by_created");
  const newest = runs[runs.length - 1].backtest_id;
  const result = (await get("results")).find(function (r) { return r.backtest_id === newest; });
  const text = result.packed.text;
  return { loop: Number(/"loop_ms":([0-9.]+)/.exec(text)[1]), bars: Number(/"bars_processed":([0-9]+)/.exec(text)[1]) };
}`;

async function runAndOpenReport(page: Page): Promise<{ complete: number; visible: number }> {
  await page.goto("/#/backtest");
  await page.reload();
  const form = page.getByRole("form", { name: "Backtest settings" });
  await form.locator('select[name="strategy"]').selectOption("ma_cross");
  await form.locator('select[name="symbol"]').selectOption("EURUSD");
  await form.locator('select[name="stream"]').selectOption("bars_1m");
  await form.locator('input[name="start"]').fill("2024-11-01");
  await form.locator('input[name="end"]').fill("2026-10-31");
  await form.locator('input[name="balance"]').fill("10000000");
  await form.locator('input[name="speed"]').fill("0");
  await form.locator('input[name="speed"]').blur();
  await form.getByTestId("data-source").getByText("Runs on EURUSD/bars/M1/sample").waitFor();
  const link = page.getByRole("link", { name: "Open the report" });
  const before = (await link.count()) ? await link.getAttribute("href") : null;
  const started = Date.now();
  await form.getByRole("button", { name: "Run backtest" }).click();
  // The summary's link to the new run appears once the run is complete and stored.
  await page.waitForFunction(
    (old) =>
      [...document.querySelectorAll("a")].some(
        (a) => a.textContent === "Open the report" && a.getAttribute("href") !== old,
      ),
    before,
    { timeout: 120_000, polling: 10 },
  );
  const complete = Date.now() - started;
  await link.click();
  const report = page.getByTestId("report");
  await report.locator('[data-metric="trades"] strong').filter({ hasNotText: "–" }).waitFor({ timeout: 60_000 });
  await report.getByTestId("equity-chart").locator("canvas").first().waitFor();
  return { complete, visible: Date.now() - started - complete };
}

let figures: Promise<AppFigures> | undefined;
function appFigures(): Promise<AppFigures> {
  figures ??= withBuiltApp(async ({ browser, url, dist }) => {
    const cache = await millionBarCache();
    const context: BrowserContext = await browser.newContext({ baseURL: url, viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    // First visit: the sample is made in this profile's OPFS, with its progress on the Data page.
    const started = Date.now();
    await page.goto("/#/data");
    const card = page.locator("[data-sample-state]");
    let sampleProgressShown = false;
    while ((await card.getAttribute("data-sample-state")) !== "done") {
      if ((await card.getAttribute("data-sample-state")) === "running")
        sampleProgressShown ||= await card.getByRole("progressbar").isVisible();
      if (Date.now() - started > 300_000) throw new Error("the sample was not ready in 5 minutes");
      await page.waitForTimeout(50);
    }
    const sampleReadyS = (Date.now() - started) / 1000;
    // The million bars, imported as a user would.
    await page.getByLabel("File to import", { exact: true }).setInputFiles(cache.csv);
    await page.getByLabel("Timezone of the file's times").fill("UTC");
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page
      .locator(".import-result")
      .getByText(/Imported [\d,]+ rows/)
      .waitFor({ timeout: 300_000 });
    const worker = readdirSync(join(dist, "assets")).find((f) => /^data\.worker-.*\.js$/.test(f));
    if (!worker) throw new Error(`no data worker in ${dist}/assets`);
    const loadMs: number[] = [];
    let rows = 0;
    for (let i = 0; i < 1 + RUNS; i++) {
      const read = (await page.evaluate(`(${READ_IN_FRESH_WORKER})("/assets/${worker}", "${cache.dataset}")`)) as {
        ms: number;
        rows: number;
      };
      if (i > 0) loadMs.push(read.ms);
      rows = read.rows;
    }
    const clickToComplete: number[] = [];
    const openToVisible: number[] = [];
    const loopBarsPerS: number[] = [];
    for (let i = 0; i < 1 + RUNS; i++) {
      const { complete, visible } = await runAndOpenReport(page);
      const { loop, bars } = (await page.evaluate(`(${NEWEST_TIMINGS})()`)) as { loop: number; bars: number };
      if (i === 0) continue; // the first run in the profile: the browser's code caches are empty
      clickToComplete.push(complete);
      openToVisible.push(visible);
      loopBarsPerS.push((bars / loop) * 1000);
    }
    await context.close();
    return { sampleReadyS, sampleProgressShown, loadMs, rows, clickToComplete, openToVisible, loopBarsPerS };
  });
  return figures;
}

const benchmarks: Benchmark[] = [
  {
    name: "app.first_visit.sample_ready_s",
    budget: { on: "value", op: "<=", limit: 15 },
    async run() {
      const f = await appFigures();
      return {
        value: f.sampleReadyS,
        unit: `s from the first page load (progress shown while it was made: ${f.sampleProgressShown ? "yes" : "NO"})`,
      };
    },
  },
  {
    name: "app.load_1m.chromium_fresh_worker_ms",
    budget: { on: "value", op: "<=", limit: 300 },
    async run() {
      const f = await appFigures();
      return { value: median(f.loadMs), unit: `ms for ${f.rows} M1 rows, first read (${spread(f.loadMs)})` };
    },
  },
  {
    name: "app.click_to_report.eurusd_m1_2y_ms",
    budget: { on: "value", op: "<=", limit: 1500 },
    async run() {
      const f = await appFigures();
      const totals = f.clickToComplete.map((c, i) => c + f.openToVisible[i]);
      return {
        value: median(totals),
        unit: `ms (${spread(totals)}; click → complete and stored ${median(f.clickToComplete)}, open → report ${median(f.openToVisible)})`,
      };
    },
  },
  {
    name: "app.backtest_worker.loop_bars_per_s",
    budget: { on: "value", op: ">=", limit: 10e6 },
    async run() {
      const f = await appFigures();
      return {
        value: median(f.loopBarsPerS),
        unit: `bars/s, a fresh worker's first run (${spread(
          f.loopBarsPerS.map((s) => s / 1e6),
          1,
        )} M)`,
      };
    },
  },
];

export default benchmarks;
