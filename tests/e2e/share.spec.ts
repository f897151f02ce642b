import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeShare, encodeShare } from "../../src/core/protocol/share.ts";
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
  await expect(friendPage.getByText("This link carries no settings to re-run")).toBeVisible();
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

const PWN_NAME = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';

/** `count` hostile payloads: half random bytes (some with a valid version byte), half mutations of `valid`. */
function fuzzLinks(valid: string, count: number): string[] {
  let state = 7;
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const links: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      const bytes = Uint8Array.from({ length: 1 + Math.floor(random() * 300) }, () => Math.floor(random() * 256));
      if (i % 4 === 0) bytes[0] = 1;
      links.push(Buffer.from(bytes).toString("base64url"));
    } else {
      const chars = [...valid];
      for (let m = 0; m < 1 + Math.floor(random() * 4); m++)
        chars[Math.floor(random() * chars.length)] = alphabet[Math.floor(random() * alphabet.length)];
      const cut = random() < 0.2 ? Math.floor(random() * chars.length) : chars.length;
      links.push(chars.slice(0, cut).join(""));
    }
  }
  return links;
}

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

  // 1,000 fuzzed links, random bytes and mutations of a valid one carrying a script-bearing name:
  // each must end as an error page or an escaped report, in place, with no script run.
  const fuzzed = fuzzLinks(encodeShare(await engineResult(5_000, 20, 50), PWN_NAME), 1_000);
  const outcomes = await page.evaluate(async (payloads) => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const seen = { error: 0, report: 0, neither: [] as string[] };
    for (const payload of payloads) {
      location.hash = `#/r/${payload}`;
      await frame();
      if (document.querySelector('[data-testid="share-error"]')) seen.error++;
      else if (document.querySelector('[data-testid="report-name"]')) seen.report++;
      else seen.neither.push(payload);
    }
    return { ...seen, pwned: (window as unknown as { pwned?: unknown }).pwned, origin: location.origin };
  }, fuzzed);
  expect(outcomes.neither).toEqual([]);
  expect(outcomes.error + outcomes.report).toBe(1_000);
  expect(outcomes.error).toBeGreaterThan(500);
  expect(outcomes.pwned).toBeUndefined();
  expect(outcomes.origin).toBe(new URL(page.url()).origin);
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
  // First the same report claiming other data: a warning, and the re-run is still offered.
  const shared = decodeShare(link.split("#/r/")[1]);
  const otherData = { ...shared.result, data: { ...shared.result.data, hash: "0badda7a" } };
  await friendPage.goto(`/#/r/${encodeShare(otherData, shared.name, shared.config)}`);
  await expect(friendPage.locator("[data-data-check]")).toHaveAttribute("data-data-check", "different", {
    timeout: 120_000,
  });
  await expect(friendPage.getByTestId("rerun")).toContainText("Warning: your data differs");
  await expect(friendPage.getByRole("button", { name: "Re-run on my data" })).toBeEnabled();

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
