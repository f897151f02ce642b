import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { drawdownProbability, monteCarlo } from "../../src/core/router/monte-carlo.ts";
import { expect, SCREENSHOT_DIR, test } from "./fixtures.ts";
import { engineResult } from "./result-fixture.ts";

test("the Results report shows a seeded Monte Carlo of the run's trades and its drawdown odds", async ({
  page,
  consoleErrors,
}) => {
  const result = await engineResult();
  const file = join(tmpdir(), "pipscope-e2e-monte-carlo.json");
  await writeFile(file, JSON.stringify(result));
  await page.goto("/#/results");
  await page.locator('input[type="file"]').setInputFiles(file);
  const card = page.getByTestId("monte-carlo");
  await expect(card).toBeVisible();
  await expect(card).toContainText(`1,000 paths of ${result.trades.length} trades, seed 1`);
  await expect(card.getByTestId("mc-percentiles").locator("tbody tr")).toHaveCount(5);

  // The page draws the same paths as the core function with the same seed.
  const pnls = result.trades.map((t) => t.pnl);
  const expected = (runs: number, pct: number) =>
    `${(drawdownProbability(monteCarlo(pnls, result.account.initial_balance, { runs }), pct) * 100).toFixed(1)}%`;
  await expect(card.getByTestId("mc-probability").locator("strong")).toHaveText(expected(1000, 20));
  await card.getByTestId("mc-threshold").fill("0.2");
  await card.getByTestId("mc-threshold").press("Enter");
  await card.getByTestId("mc-runs").fill("300");
  await card.getByTestId("mc-runs").press("Enter");
  await expect(card).toContainText(`300 paths of ${result.trades.length} trades`);
  await expect(card.getByTestId("mc-probability")).toContainText("drawdown of 0.2% or more");
  await expect(card.getByTestId("mc-probability").locator("strong")).toHaveText(expected(300, 0.2));
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: `${SCREENSHOT_DIR}/monte-carlo.png` });
  expect(consoleErrors).toEqual([]);
});
