import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monteCarloSummary } from "../../src/cli/print-monte-carlo.ts";
import { configureBacktest } from "./backtest-form.ts";
import { expect, SCREENSHOT_DIR, test } from "./fixtures.ts";
import { importFile, mt5Export } from "./mt5-files.ts";
import { engineResult } from "./result-fixture.ts";

/** Float noise as a trader would see it: a number with nine or more decimals. */
const NOISE = /\d\.\d{9,}/;

// Each test waits for the first-start sample in its fresh profile, then runs two years of M1.
test.describe.configure({ timeout: 300_000 });

test("issue 14: the default MA cross on two years of M1 ends with ruin, and the report says so in clean numbers", async ({
  page,
  consoleErrors,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const form = await configureBacktest(page, { stream: "bars_1m", start: "2024-11-01", end: "2026-10-31" });
  await expect(form.getByTestId("data-source")).toContainText("Runs on EURUSD/bars/M1/sample", { timeout: 180_000 });
  await expect(form.getByTestId("data-source").locator(".badge.synthetic")).toBeVisible();
  await form.getByRole("button", { name: "Run backtest" }).click();
  await expect(page.getByTestId("run-status")).toHaveText("complete", { timeout: 180_000 });
  await expect(page.getByTestId("run-summary")).toContainText("ended by ruin");
  await expect(page.locator(".log-line.level-ERROR", { hasText: "ruin:" })).toBeVisible();
  await page.getByRole("link", { name: "Open the report" }).click();
  const report = page.getByTestId("report");
  await expect(report).toBeVisible();
  await expect(report.getByTestId("ruin")).toContainText(/^Ended by ruin on 2025-\d\d-\d\d \d\d:\d\d UTC: the account/);
  await expect(report.getByTestId("synthetic-badge")).toHaveText("SYNTHETIC DATA");
  await expect(report.getByTestId("data-provenance")).toContainText("EURUSD/bars/M1/sample");
  await expect(report.locator('[data-metric="sharpe"] strong')).toHaveText(/^-\d+\.\d\d$/);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/trust-ruin-report.png` });
  const trades = page.getByRole("region", { name: "Trades", exact: true });
  await trades.scrollIntoViewIfNeeded();
  // The first trade (row 0 is the header): its entry price to the instrument's 5 digits.
  await expect(trades.locator(".trades-row").nth(1).locator("> div").nth(4)).toHaveText(/^1\.\d{5}$/);
  await trades.screenshot({ path: `${SCREENSHOT_DIR}/trust-trades-table.png` });
  expect(await report.innerText()).not.toMatch(NOISE);
  // The HTML export says the same, in the same clean numbers.
  const download = page.waitForEvent("download");
  await report.getByRole("button", { name: "HTML report" }).click();
  const html = await (await (await download).createReadStream()).toArray();
  const text = Buffer.concat(html).toString("utf8");
  expect(text).toContain("SYNTHETIC DATA");
  expect(text).toContain("Ended by ruin on");
  expect(text.replace(/<svg[\s\S]*?<\/svg>/g, "")).not.toMatch(NOISE);
  expect(consoleErrors).toEqual([]);
});

test("issue 14: an imported file keeps its own dataset; the form offers it and says what it does not cover", async ({
  page,
  consoleErrors,
}) => {
  await page.goto("/#/data");
  await expect(page.locator("[data-sample-state]")).toHaveAttribute("data-sample-state", "done", { timeout: 180_000 });
  // 48 hours of EURUSD H1 from a broker's export: real data beside the synthetic sample.
  const rows = Array.from({ length: 48 }, (_, i) => {
    const price = (1.15 + i * 0.0001).toFixed(5);
    return [
      `2025.06.${String(23 + Math.floor(i / 24))}`,
      `${String(i % 24).padStart(2, "0")}:00:00`,
      price,
      price,
      price,
      price,
      10,
      0,
      8,
    ].join("\t");
  });
  await importFile(page, "EURUSD_H1_broker.csv", mt5Export(rows));
  await expect(page.locator(".import-result")).toContainText("Imported 48 rows into EURUSD/bars/H1/eurusd_h1_broker", {
    timeout: 60_000,
  });
  await expect(page.locator('[data-dataset="EURUSD/bars/M1/sample"] .badge.synthetic')).toBeVisible();
  const form = await configureBacktest(page);
  // The sample covers H1 2025 best: taken by default, and the broker's file is offered.
  await expect(form.getByTestId("data-source")).toContainText("Runs on EURUSD/bars/M1/sample (resampled from M1)");
  const dataset = form.locator('select[name="dataset"]');
  await expect(dataset.locator("option")).toHaveText(["Best coverage of the dates", "eurusd_h1_broker", "sample"]);
  await dataset.selectOption("eurusd_h1_broker");
  await expect(form.getByTestId("data-source")).toContainText("Runs on EURUSD/bars/H1/eurusd_h1_broker");
  await expect(form.getByTestId("coverage-warning")).toContainText(
    "The cached data covers 2025-06-22 21:00 → 2025-06-24 21:00 of the requested 2025-01-01 → 2025-06-30",
  );
  await form.screenshot({ path: `${SCREENSHOT_DIR}/trust-dataset-choice.png` });
  expect(consoleErrors).toEqual([]);
});

test("issue 14: a --variants result file opens on the Results page as a comparison, with each variant's Monte Carlo", async ({
  page,
  consoleErrors,
}) => {
  const options = { runs: 500, seed: 1, drawdownPct: 20 };
  const variant = async (name: "vanilla" | "spiced", fast: number) => {
    const result = { ...(await engineResult(20_000, fast, 400)), backtest_id: `cmp-${name}`, variant: name };
    return {
      variant: name,
      status: "complete",
      result: { ...result, regime_breakdown: [] },
      monte_carlo: monteCarloSummary(result, options),
    };
  };
  const file = join(tmpdir(), "pipscope-e2e-variants.json");
  await writeFile(file, JSON.stringify({ variants: [await variant("vanilla", 100), await variant("spiced", 50)] }));
  await page.goto("/#/results");
  await page.locator('input[type="file"]').setInputFiles(file);
  const comparison = page.getByTestId("stored-comparison");
  await expect(comparison.getByTestId("compare-metrics").locator("thead th")).toHaveText([
    "Metric",
    "vanilla",
    "spiced",
  ]);
  await expect(comparison.getByTestId("stored-monte-carlo").locator("tbody tr")).toHaveCount(2);
  await expect(comparison.getByTestId("stored-monte-carlo")).toContainText("fixed lots: each trade's money P&L");
  // Each variant is in the run list too, with its full report.
  await expect(page.getByRole("link", { name: "pipscope-e2e-variants · spiced" })).toBeVisible();
  await comparison.screenshot({ path: `${SCREENSHOT_DIR}/trust-stored-comparison.png` });
  expect(consoleErrors).toEqual([]);
});

test("issue 17: a run shown complete is stored — a reload right then finds it complete, and 28k trades open", async ({
  page,
  consoleErrors,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const form = await configureBacktest(page, { stream: "bars_1m", start: "2024-11-01", end: "2026-10-31" });
  // A balance no margin call reaches: the whole two years, tens of thousands of trades.
  await form.locator('input[name="balance"]').fill("10000000");
  await expect(form.getByTestId("data-source")).toContainText("Runs on EURUSD/bars/M1/sample", { timeout: 180_000 });
  await form.getByRole("button", { name: "Run backtest" }).click();
  await expect(page.getByTestId("run-status")).toHaveText("complete", { timeout: 180_000 });
  const trades = (await page.getByTestId("run-summary").textContent())?.match(/^([\d,]+) trades/)?.[1];
  expect(Number(trades?.replaceAll(",", ""))).toBeGreaterThan(20_000);
  // The moment it says complete, the tab goes away: the run must already be in the history.
  await page.reload();
  await page.goto("/#/results");
  const entry = page.locator(".run-list li").first();
  await expect(entry.locator(".badge")).toHaveText("complete");
  await entry.getByRole("link").click();
  const report = page.getByTestId("report");
  await expect(report.locator('[data-metric="trades"] strong')).toHaveText(trades ?? "");
  await expect(report.getByTestId("monte-carlo").getByTestId("mc-probability")).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/history-large-run.png` });
  expect(consoleErrors).toEqual([]);
});
