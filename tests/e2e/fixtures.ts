import { test as base, expect, type Page } from "@playwright/test";

/** Where e2e screenshots go (under test-results/, not committed); look at them before resolving. */
export const SCREENSHOT_DIR = `${process.env.PIPSCOPE_TEST_RESULTS ?? "test-results"}/screenshots`;

/**
 * `page` that records console errors and uncaught exceptions; each test ends by asserting
 * there were none, so a page that renders but logs an error still fails.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(String(error)));
    await use(errors);
    expect(errors, "console errors").toEqual([]);
  },
});

export { expect };

/** Waits until the service worker controls the page, so the app shell is cached. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  }
}
