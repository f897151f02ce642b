import { expect, SCREENSHOT_DIR, test } from "./fixtures.ts";

test("the four variants of a two-bot portfolio run side by side from the UI on the sample: live progress, then metrics, equity and breakdowns", async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(240_000);
  // The router team: the Bots page offers its two example bots on a first visit.
  await page.goto("/#/bots");
  await expect(page.getByText("MA cross (primal)").first()).toBeVisible({ timeout: 30_000 });
  // The run comes from the Backtest page's settings: an MA cross on the synthetic EURUSD H1.
  await page.goto("/#/backtest");
  const backtest = page.getByRole("form", { name: "Backtest settings" });
  await backtest.locator('select[name="strategy"]').selectOption("ma_cross");
  await backtest.locator('select[name="symbol"]').selectOption("EURUSD");
  await backtest.locator('select[name="stream"]').selectOption("bars_1h");
  await backtest.locator('input[name="start"]').fill("2025-01-01");
  await backtest.locator('input[name="end"]').fill("2025-06-30");
  await backtest.locator('input[name="end"]').blur();

  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Compare" }).click();
  const form = page.getByRole("form", { name: "Comparison settings" });
  await expect(page.getByTestId("compare-run")).toHaveText("ma_cross · EURUSD · 1h · 2025-01-01 → 2025-06-30");
  await expect(page.getByTestId("compare-team")).toHaveText("Router team (spiced): London breakout, MA cross (primal)");
  await form.locator('select[name="mode"]').selectOption("rolling");
  await form.locator('input[name="in_sample_days"]').fill("60");
  await form.locator('input[name="out_of_sample_days"]').fill("30");
  await form.locator('select[name="objective"]').selectOption("net_profit");
  await form.locator('textarea[name="parameters"]').fill("fast=5,10,15\nslow=30,60");
  await form.locator('textarea[name="parameters"]').blur();
  // Every status each variant shows, as it changes (a poll could miss a short phase).
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[data-testid^="status-"]')) {
        const state = `${el.getAttribute("data-testid")?.slice("status-".length)} ${el.textContent}`;
        if (!seen.includes(state)) seen.push(state);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await form.getByRole("button", { name: "Compare variants" }).click();

  // Live: vanilla runs first (after the sample is created on a fresh profile).
  await page.waitForFunction(() => (window as unknown as { seen: string[] }).seen.includes("vanilla running"), null, {
    timeout: 90_000,
  });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/compare-running.png` });
  await expect(page.getByTestId("compare-metrics")).toBeVisible({ timeout: 150_000 });

  // Each variant showed its progress live: walk-forward optimised windows, then ran the stitched test.
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  for (const state of ["spiced running", "vanilla_full optimising", "vanilla_full running", "spiced_full optimising"])
    expect(seen).toContain(state);
  await expect(page.getByTestId("status-vanilla")).toHaveText("complete");
  await expect(page.getByTestId("status-vanilla_full")).toHaveText("complete");
  await expect(page.getByTestId("status-spiced")).toHaveText("complete");
  await expect(page.getByTestId("status-spiced_full")).toHaveText("complete");
  const metrics = page.getByTestId("compare-metrics");
  await expect(metrics.locator("thead th")).toHaveText(["Metric", "vanilla", "spiced", "vanilla_full", "spiced_full"]);
  const windows = metrics.locator("tr", { has: page.getByRole("rowheader", { name: "WF windows" }) });
  await expect(windows.locator("td")).toHaveText(["–", "–", "5", "5"]);
  const tested = metrics.locator("tr", { has: page.getByRole("rowheader", { name: "Tested" }) });
  await expect(tested.locator("td").nth(0)).toHaveText("2025-01-01 → 2025-06-30");
  await expect(tested.locator("td").nth(2)).toHaveText("2025-03-02 → 2025-06-30");
  await expect(page.getByTestId("compare-equity").locator("canvas").first()).toBeVisible();
  await expect(page.getByTestId("compare-equity").locator(".compare-legend li")).toHaveText([
    "vanilla",
    "spiced",
    "vanilla_full",
    "spiced_full",
  ]);
  // Each walk-forward variant lists its windows and choices.
  const wf = page.getByTestId("walk-forward-vanilla_full");
  await expect(wf.locator("tbody tr")).toHaveCount(5);
  await expect(wf.locator("tbody tr").first().locator("td").nth(0)).toHaveText("2025-01-01 → 2025-03-02");
  await expect(wf.locator("tbody tr").first().locator("td").nth(2)).toHaveText(/^fast=(5|10|15) slow=(30|60) /);
  await expect(page.getByTestId("efficiency-spiced_full")).toContainText("efficiency");
  await expect(page.getByTestId("compare-sessions").locator("tbody tr").first()).toBeVisible();
  await expect(page.getByTestId("compare-regimes").locator("tbody th").first()).toHaveText(
    /^(HIGH_VOL|RANGE|TREND_DOWN|TREND_UP|UNKNOWN)$/,
  );
  await page.screenshot({ path: `${SCREENSHOT_DIR}/compare-complete.png` });
  // The page scrolls inside the shell: a tall window shows all of the results at once.
  await page.setViewportSize({ width: 1280, height: 2600 });
  await page.locator(".compare-results").screenshot({ path: `${SCREENSHOT_DIR}/compare-results.png` });
  expect(consoleErrors).toEqual([]);
});

test("a bad walk-forward parameter is shown with its JSON path, and nothing runs", async ({ page, consoleErrors }) => {
  await page.goto("/#/compare");
  const form = page.getByRole("form", { name: "Comparison settings" });
  await form.locator('textarea[name="parameters"]').fill("speed=1:3");
  await form.locator('textarea[name="parameters"]').blur();
  await form.getByRole("button", { name: "Compare variants" }).click();
  await expect(page.getByTestId("compare-error")).toContainText("$.walk_forward.parameters", { timeout: 30_000 });
  await expect(page.getByTestId("compare-error")).toContainText("has no such parameter");
  await expect(page.getByTestId("status-vanilla")).toHaveText("waiting");
  expect(consoleErrors).toEqual([]);
});

test("a comparison can be cancelled while walk-forward optimises", async ({ page, consoleErrors }) => {
  test.setTimeout(180_000);
  await page.goto("/#/compare");
  const form = page.getByRole("form", { name: "Comparison settings" });
  // A large grid: spiced_full runs each combination through the router, long enough to cancel.
  await form.locator('textarea[name="parameters"]').fill("fast=2:60:1\nslow=61:200:10");
  await form.locator('textarea[name="parameters"]').blur();
  await form.getByRole("button", { name: "Compare variants" }).click();
  await expect(page.getByTestId("status-spiced_full")).toHaveText("optimising", { timeout: 150_000 });
  await form.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("compare-error")).toContainText("cancelled");
  await expect(page.getByTestId("status-spiced_full")).toHaveText("cancelled");
  await expect(page.getByTestId("status-vanilla")).toHaveText("complete");
  await expect(form.getByRole("button", { name: "Compare variants" })).toBeEnabled();
  expect(consoleErrors).toEqual([]);
});
