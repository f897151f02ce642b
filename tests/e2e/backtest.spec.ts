import type { Page } from "@playwright/test";
import { configureBacktest } from "./backtest-form.ts";
import { expect, SCREENSHOT_DIR, test } from "./fixtures.ts";

// Every test here waits for the first-start sample in its fresh browser profile: slow on a busy machine.
test.describe.configure({ timeout: 240_000 });

/** The run is under way; on a fresh profile it first waits for the sample to be created. */
async function expectRunning(page: Page) {
  await expect(page.getByTestId("run-status")).toHaveText("running", { timeout: 150_000 });
}

/** The panel holds the run from its first event: searching finds the first log line. */
async function expectFirstLine(page: Page) {
  await page.getByRole("searchbox", { name: "Search the log" }).fill("data loaded:");
  await expect(page.getByTestId("log-count")).toHaveText("1");
  await expect(page.locator(".log-line").first()).toContainText("data loaded:");
}

test("a backtest on the sample runs from the UI: progress and logs while it runs, then the report", async ({
  page,
  consoleErrors,
}) => {
  const form = await configureBacktest(page, { speed: 2_000_000 });
  await form.getByRole("button", { name: "Run backtest" }).click();
  await expectRunning(page);
  // While it runs: the simulated date moves and log lines arrive.
  await expect(page.getByTestId("sim-date")).not.toHaveText("–");
  await expect(page.locator(".log-line").first()).toBeVisible();
  const firstDate = await page.getByTestId("sim-date").textContent();
  await expect(page.getByTestId("sim-date")).not.toHaveText(firstDate ?? "");
  await page.screenshot({ path: `${SCREENSHOT_DIR}/backtest-running.png` });
  await expect(page.getByTestId("run-status")).toHaveText("complete", { timeout: 90_000 });
  await expect(page.getByTestId("run-summary")).toContainText("trades, net");
  await expect(page.locator(".log-line", { hasText: "finished:" })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/backtest-complete.png` });
  await page.getByRole("link", { name: "Open the report" }).click();
  await expect(page.getByTestId("report")).toBeVisible();
  await expect(page.locator('[data-metric="trades"] strong')).not.toHaveText("–");
  await expect(page.getByTestId("equity-chart").locator("canvas").first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/results-report.png` });
  // The candles come from this browser's cache, with the trades and the regime band on them.
  const price = page.getByRole("region", { name: "Price and trades" });
  await expect(price.getByTestId("price-chart").locator("canvas").first()).toBeVisible();
  await expect(price).toContainText("trend up");
  await price.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/results-price-chart.png` });
  expect(consoleErrors).toEqual([]);
});

test("a second tab opened mid-run follows it, and a reload mid-run replays it from the start", async ({
  page,
  context,
  consoleErrors,
}) => {
  const form = await configureBacktest(page, { speed: 300_000, end: "2025-03-31" });
  await form.getByRole("button", { name: "Run backtest" }).click();
  await expectRunning(page);
  await expect(page.locator(".log-line").first()).toBeVisible();

  const second = await context.newPage();
  await second.goto("/#/backtest");
  await expect(second.getByTestId("run-status")).toHaveText("running");
  // It has the run from its first line, not just from when it opened.
  await expectFirstLine(second);

  // The run lives in the shared worker, which the second tab keeps alive: the reloaded tab
  // replays the run from its start and then follows it live to the end.
  await page.reload();
  await expect(page.getByTestId("run-status")).toHaveText("running");
  await expectFirstLine(page);
  await expect(page.getByTestId("run-status")).toHaveText("complete", { timeout: 90_000 });
  await expect(second.getByTestId("run-status")).toHaveText("complete", { timeout: 10_000 });
  // Both saw every line: the same count, and the last line is the summary.
  await page.getByRole("searchbox", { name: "Search the log" }).fill("");
  await second.getByRole("searchbox", { name: "Search the log" }).fill("");
  const total = await page.getByTestId("log-count").textContent();
  await expect(second.getByTestId("log-count")).toHaveText(total ?? "");
  await second.screenshot({ path: `${SCREENSHOT_DIR}/backtest-second-tab.png` });
  expect(consoleErrors).toEqual([]);
});

test("a reload of the only tab mid-run replays what ran and says the run was interrupted", async ({
  page,
  consoleErrors,
}) => {
  const form = await configureBacktest(page, { speed: 200_000 });
  await form.getByRole("button", { name: "Run backtest" }).click();
  await expectRunning(page);
  await expect(page.locator(".log-line").first()).toBeVisible();
  await page.reload();
  await expectFirstLine(page);
  await expect(page.getByTestId("run-status")).toHaveText("error");
  await expect(page.getByTestId("run-error")).toContainText("interrupted");
  await page.getByRole("link", { name: "Results" }).click();
  await expect(page.locator(".badge.status-running")).toHaveCount(0);
  await expect(page.locator(".badge.status-error").first()).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test("a strategy that throws ends the run with its error, line and column, and the page stays usable", async ({
  page,
  consoleErrors,
}) => {
  const form = await configureBacktest(page, { strategy: "custom" });
  await form
    .locator('textarea[name="code"]')
    .fill(
      "export default {\n  onBar(ctx) {\n    if (ctx.index > 120) throw new Error('boom at bar ' + ctx.index);\n  },\n};",
    );
  await form.locator('textarea[name="code"]').blur();
  await form.getByRole("button", { name: "Run backtest" }).click();
  await expect(page.getByTestId("run-status")).toHaveText("error", { timeout: 150_000 });
  await expect(page.getByTestId("run-error")).toContainText("strategy error: Error: boom at bar");
  await expect(page.getByTestId("run-error")).toContainText("strategy.ts:3:");
  await page.getByRole("region", { name: "Run status" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/backtest-error.png` });
  // Still responsive: navigate away and back.
  await page.getByRole("link", { name: "Results" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Results");
  expect(consoleErrors).toEqual([]);
});

test("a syntax error in pasted code is shown before anything runs", async ({ page, consoleErrors }) => {
  const form = await configureBacktest(page, { strategy: "custom" });
  await form.locator('textarea[name="code"]').fill("export default {\n  onBar(ctx) { const = 1; }\n};");
  await form.locator('textarea[name="code"]').blur();
  await form.getByRole("button", { name: "Run backtest" }).click();
  await expect(form.getByRole("alert")).toContainText("strategy.ts:2:");
  expect(consoleErrors).toEqual([]);
});

test("the log panel holds a 100k-line run: virtualised, and searched and filtered over every line", async ({
  page,
  consoleErrors,
}) => {
  const form = await configureBacktest(page, { strategy: "custom", end: "2025-04-20" });
  await form.locator('select[name="stream"]').selectOption("bars_1m");
  await form
    .locator('textarea[name="code"]')
    .fill("export default {\n  onBar(ctx) {\n    ctx.log.info('bar ' + ctx.index);\n  },\n};");
  await form.locator('textarea[name="code"]').blur();
  await form.getByRole("button", { name: "Run backtest" }).click();
  await expect(page.getByTestId("run-status")).toHaveText("complete", { timeout: 200_000 });
  const count = page.getByTestId("log-count");
  expect(Number((await count.textContent())?.replace(/\D/g, ""))).toBeGreaterThan(100_000);
  // Only the rows in view are in the DOM.
  expect(await page.locator(".log-line").count()).toBeLessThan(200);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/backtest-100k-lines.png` });
  // Search and level filters answer over all of them.
  await page.getByRole("searchbox", { name: "Search the log" }).fill("bar 77777");
  await expect(count).toHaveText("1");
  await page.getByRole("searchbox", { name: "Search the log" }).fill("");
  await page.locator("label.level-INFO input").uncheck();
  await expect(page.locator(".log-line", { hasText: "bar 1" })).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
