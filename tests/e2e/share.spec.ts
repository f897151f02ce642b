import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeShare } from "../../src/core/protocol/share.ts";
import { configureBacktest } from "./backtest-form.ts";
import { expect, SCREENSHOT_DIR, test, waitForServiceWorker } from "./fixtures.ts";
import { engineResult } from "./result-fixture.ts";

test("a result JSON from the CLI opens as the same report; Share makes a link an empty browser opens, also offline", async ({
  page,
  browser,
  consoleErrors,
}) => {
  const result = await engineResult();
  const file = join(tmpdir(), "pipscope-e2e-result.json");
  await writeFile(file, JSON.stringify(result));
  await page.goto("/#/results");
  await page.locator('input[type="file"]').setInputFiles(file);
  await expect(page.getByTestId("report")).toBeVisible();
  await expect(page.locator('[data-metric="trades"] strong')).toHaveText(String(result.metrics.trades));
  const netProfit = await page.locator('[data-metric="net_profit"] strong').textContent();

  await page.getByRole("button", { name: "Share" }).click();
  const link = await page.getByTestId("share-link").inputValue();
  expect(link).toMatch(/#\/r\/[A-Za-z0-9_-]+$/);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/results-shared-from.png`, fullPage: true });

  // A friend: a new, empty browser context (no OPFS, no IndexedDB), with the network off after load.
  const friend = await browser.newContext();
  const friendPage = await friend.newPage();
  const errors: string[] = [];
  friendPage.on("pageerror", (e) => errors.push(String(e)));
  await friendPage.goto(link);
  await expect(friendPage.getByRole("heading", { level: 1 })).toHaveText("Shared report");
  await expect(friendPage.locator('[data-metric="trades"] strong')).toHaveText(String(result.metrics.trades));
  await expect(friendPage.locator('[data-metric="net_profit"] strong')).toHaveText(netProfit ?? "");
  await expect(friendPage.getByTestId("equity-chart").locator("canvas").first()).toBeVisible();
  await friendPage.screenshot({ path: `${SCREENSHOT_DIR}/shared-report.png`, fullPage: true });
  // On a train: once the app is cached, the link opens with the network off.
  await waitForServiceWorker(friendPage);
  await friend.setOffline(true);
  await friendPage.reload();
  await expect(friendPage.locator('[data-metric="net_profit"] strong')).toHaveText(netProfit ?? "");
  await friend.setOffline(false);
  await friendPage.getByRole("button", { name: "Save to my runs" }).click();
  await friendPage.getByRole("link", { name: "Results" }).click();
  await expect(friendPage.getByTestId("report")).toBeVisible();
  expect(errors).toEqual([]);
  await friend.close();
  expect(consoleErrors).toEqual([]);
});

test("hostile links get an error page or escaped text, never script, and the page recovers", async ({
  page,
  consoleErrors,
}) => {
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const valid = encodeShare(
    await engineResult(5_000, 20, 50),
    '<img src=x onerror="alert(1)"><script>alert(2)</script>',
  );
  await page.goto(`/#/r/${valid}`);
  await expect(page.getByTestId("report-name")).toHaveText('<img src=x onerror="alert(1)"><script>alert(2)</script>');
  const hostile = [
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "AAAA",
    "AZZZZZZZZZ",
    "not*base64",
    `A${"B".repeat(70_000)}`,
    "javascript:alert(1)",
  ];
  for (const payload of hostile) {
    await page.goto(`/#/r/${payload}`);
    await expect(page.getByTestId("share-error")).toBeVisible();
  }
  await page.screenshot({ path: `${SCREENSHOT_DIR}/share-error.png` });
  // The page recovers: ordinary navigation works.
  await page.getByRole("link", { name: "Go to the Dashboard" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dashboard");
  expect(dialogs).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test("a link made in the app re-runs on a friend's data: the same sample gives the same result", async ({
  page,
  browser,
  consoleErrors,
}) => {
  test.setTimeout(240_000);
  const form = await configureBacktest(page, { symbol: "USDJPY", start: "2025-03-01", end: "2025-05-31" });
  await form.getByRole("button", { name: "Run backtest" }).click();
  await expect(page.getByTestId("run-status")).toHaveText("complete", { timeout: 90_000 });
  const summary = (await page.getByTestId("run-summary").textContent())?.replace("Open the report", "");
  await page.getByRole("link", { name: "Open the report" }).click();
  await page.getByRole("button", { name: "Share" }).click();
  const link = await page.getByTestId("share-link").inputValue();

  // The friend's browser creates the same deterministic sample on first start.
  const friend = await browser.newContext();
  const friendPage = await friend.newPage();
  const errors: string[] = [];
  friendPage.on("pageerror", (e) => errors.push(String(e)));
  await friendPage.goto(link);
  await expect(friendPage.locator("[data-data-check]")).toHaveAttribute("data-data-check", "same", {
    timeout: 120_000,
  });
  await friendPage.getByTestId("rerun").scrollIntoViewIfNeeded();
  await friendPage.screenshot({ path: `${SCREENSHOT_DIR}/shared-rerun.png` });
  await friendPage.getByRole("button", { name: "Re-run on my data" }).click();
  await expect(friendPage.getByRole("heading", { level: 1 })).toHaveText("Backtest");
  await expect(friendPage.getByTestId("run-status")).toHaveText("complete", { timeout: 60_000 });
  expect((await friendPage.getByTestId("run-summary").textContent())?.replace("Open the report", "")).toBe(summary);
  expect(errors).toEqual([]);
  await friend.close();
  expect(consoleErrors).toEqual([]);
});
