import { expect, SCREENSHOT_DIR, test } from "./fixtures.ts";

test("a sweep on the sample streams into the best-N table and the heatmap; a cell runs in full with its live log", async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(240_000);
  await page.goto("/#/backtest");
  const form = page.getByRole("form", { name: "Backtest settings" });
  await form.locator('select[name="strategy"]').selectOption("ma_cross");
  await form.locator('select[name="symbol"]').selectOption("EURUSD");
  await form.locator('select[name="stream"]').selectOption("bars_1h");
  await form.locator('input[name="start"]').fill("2025-01-01");
  await form.locator('input[name="end"]').fill("2025-06-30");
  await form.locator('input[name="speed"]').fill("0");
  await form.locator('input[name="speed"]').blur();

  const panel = page.getByRole("region", { name: "Parameter sweep" });
  await panel.locator('input[name="sweep-fast"]').fill("5:25:5");
  await panel.locator('input[name="sweep-slow"]').fill("30:80:10");
  await panel.locator('select[name="sweep-objective"]').selectOption("sharpe");
  await panel.locator('input[name="sweep-workers"]').fill("2");
  await panel.locator('input[name="sweep-workers"]').blur();
  await panel.getByRole("button", { name: "Run sweep" }).click();
  // On a fresh profile the sweep first waits for the synthetic sample.
  await expect(panel.getByTestId("sweep-status")).toHaveText(/complete|failed|cancelled/, { timeout: 200_000 });
  expect(await panel.getByRole("alert").allTextContents()).toEqual([]);
  await expect(panel.getByTestId("sweep-status")).toHaveText("complete");

  // 5 fast × 6 slow, all with fast < slow: 30 combinations, vectorised after the parity probe.
  const summary = panel.getByTestId("sweep-summary");
  await expect(summary).toContainText("30 combinations in");
  await expect(summary).toContainText("on 2 workers · vectorised");
  await expect(summary).toContainText("data shared");
  await expect(summary).toContainText(/parity with the engine: \d+ trades and every sweep metric equal/);
  await expect(panel.getByTestId("sweep-progress")).toContainText("30 / 30");
  await expect(panel.getByTestId("sweep-best").locator("tbody tr")).toHaveCount(10);
  const cells = panel.getByTestId("heatmap-cell");
  await expect(cells).toHaveCount(30);
  await expect(cells.filter({ hasText: /\d/ })).toHaveCount(30);
  await panel.getByRole("region", { name: "Heatmap" }).screenshot({ path: `${SCREENSHOT_DIR}/sweep-heatmap.png` });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/sweep-panel.png`, fullPage: true });

  // The best combination, run alone in the backtest worker, gives the sweep's net profit.
  const best = panel.getByTestId("sweep-best").locator("tbody tr").first();
  const [fast, slow] = [await best.locator("td").nth(1).textContent(), await best.locator("td").nth(2).textContent()];
  const netProfit = Number(await best.locator("td").nth(4).textContent());
  await panel.getByRole("button", { name: `fast ${fast}, slow ${slow}: sharpe`, exact: false }).click();
  await expect(page.getByTestId("run-status")).toHaveText("complete", { timeout: 60_000 });
  await expect(page.locator(".log-line").first()).toBeVisible();
  const run = await page.getByTestId("run-summary").textContent();
  const net = Number(/net (-?[\d,.]+)/.exec(run ?? "")?.[1].replaceAll(",", ""));
  expect(net).toBeCloseTo(netProfit, 2);
  expect(consoleErrors).toEqual([]);
});

test("cancelling a sweep stops its workers and keeps the rows finished so far", async ({ page, consoleErrors }) => {
  test.setTimeout(240_000);
  await page.goto("/#/backtest");
  const form = page.getByRole("form", { name: "Backtest settings" });
  await form.locator('select[name="strategy"]').selectOption("ma_cross");
  await form.locator('select[name="stream"]').selectOption("bars_5m");
  await form.locator('input[name="start"]').fill("2025-01-01");
  await form.locator('input[name="end"]').fill("2025-03-31");
  await form.locator('input[name="end"]').blur();
  const panel = page.getByRole("region", { name: "Parameter sweep" });
  await panel.locator('input[name="sweep-fast"]').fill("2:60:1");
  await panel.locator('input[name="sweep-slow"]').fill("61:160:1");
  await panel.locator('input[name="sweep-workers"]').fill("2");
  await panel.locator('input[name="sweep-workers"]').blur();
  const sweepWorkers = () => page.workers().filter((w) => w.url().includes("sweep.worker"));
  await panel.getByRole("button", { name: "Run sweep" }).click();
  await expect(panel.getByTestId("sweep-status")).toHaveText("running", { timeout: 200_000 });
  await expect(panel.getByTestId("sweep-progress")).toContainText(/^[1-9]\d* \/ 5900/, { timeout: 60_000 });
  expect(sweepWorkers()).toHaveLength(2);
  const closed = sweepWorkers().map((w) => new Promise<void>((resolve) => w.once("close", () => resolve())));
  await panel.getByRole("button", { name: "Cancel sweep" }).click();
  await expect(panel.getByTestId("sweep-status")).toHaveText("cancelled");
  await Promise.all(closed);
  expect(sweepWorkers()).toHaveLength(0);
  await expect(panel.getByTestId("sweep-summary")).toContainText(/cancelled after \d+ of 5900/);
  await expect(panel.getByTestId("sweep-best").locator("tbody tr").first()).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
