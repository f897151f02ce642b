import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { configureBacktest } from "./backtest-form.ts";
import { chromiumLaunchOptions } from "./chromium.ts";
import { expect, SCREENSHOT_DIR, test, waitForServiceWorker } from "./fixtures.ts";
import { audusdBars, importFile, mt5Export } from "./mt5-files.ts";

test("after one online visit the network can go: data, a backtest, the history and the report all work offline", async ({
  page,
  context,
  consoleErrors,
}) => {
  test.setTimeout(240_000);
  await page.goto("/#/data");
  await waitForServiceWorker(page);
  await expect(page.locator("[data-sample-state]")).toHaveAttribute("data-sample-state", "done", { timeout: 150_000 });
  await importFile(page, "AUDUSD_M1_202506.csv", mt5Export(audusdBars(240)));
  await expect(page.locator('[data-dataset="AUDUSD/bars/M1/audusd_m1_202506"]')).toContainText("240");

  await context.setOffline(true);
  await page.reload();
  // The sample and the imported file are both there.
  await expect(page.locator('[data-dataset="EURUSD/bars/M1/sample"]')).toBeVisible();
  await expect(page.locator('[data-dataset="AUDUSD/bars/M1/audusd_m1_202506"]')).toContainText("240");
  const form = await configureBacktest(page, { symbol: "GBPUSD", start: "2025-02-01", end: "2025-05-31" });
  await form.getByRole("button", { name: "Run backtest" }).click();
  await expect(page.getByTestId("run-status")).toHaveText("complete", { timeout: 60_000 });

  // The history survives a reload with the network still off, and the report opens.
  await page.reload();
  await page.getByRole("link", { name: "Results" }).click();
  await expect(page.locator(".badge.status-complete").first()).toBeVisible();
  await page.locator(".run-list a").first().click();
  await expect(page.getByTestId("report")).toContainText("GBPUSD");
  await expect(page.getByRole("region", { name: "Price and trades" }).locator("canvas").first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/offline-report.png` });
  expect(consoleErrors).toEqual([]);
});

test("the app meets Chromium's installability criteria, and offers an Install button when the browser does", async ({
  baseURL,
}) => {
  // Installability is never granted to incognito contexts (test contexts are): use a real profile.
  const profile = await mkdtemp(join(tmpdir(), "pipscope-install-"));
  const context = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions(), baseURL });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    await page.goto("/");
    await waitForServiceWorker(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    expect(installabilityErrors).toEqual([]);

    // The browser itself offers the install (beforeinstallprompt): the button appears.
    const install = page.getByRole("button", { name: "Install Pipscope" });
    await expect(install).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/install-button.png` });
    await install.click();
    await expect(install).toHaveCount(0);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});
