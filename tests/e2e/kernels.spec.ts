import type { Browser } from "@playwright/test";
import { expect, SCREENSHOT_DIR, test, waitForServiceWorker } from "./fixtures.ts";

test("the app loads its wasm kernels: the Dashboard's check passes", async ({ page, consoleErrors }) => {
  const wasmResponses: { url: string; status: number; type: string | undefined }[] = [];
  page.on("response", (response) => {
    if (/\/assets\/kernels-[\w-]+\.wasm$/.test(response.url())) {
      wasmResponses.push({ url: response.url(), status: response.status(), type: response.headers()["content-type"] });
    }
  });
  await page.goto("/");
  const item = page.locator('li[data-check="kernels"]');
  await expect(item).toHaveAttribute("data-ok", "true");
  await expect(item).toContainText("WebAssembly kernels");
  await expect(item).toContainText(/ok: SIMD module loaded in [\d.]+ ms, same numbers as TypeScript/);
  // Fetched as a hashed asset of the build (not inlined), served as WebAssembly.
  expect(wasmResponses.length).toBeGreaterThan(0);
  expect(wasmResponses[0]).toMatchObject({ status: 200, type: "application/wasm" });
  await item.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/kernels-dashboard.png` });
  expect(consoleErrors).toEqual([]);
});

test("with the network off the kernels load from the service worker's precache", async ({
  page,
  context,
  consoleErrors,
}) => {
  await page.goto("/");
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.reload();
  const item = page.locator('li[data-check="kernels"]');
  await expect(item).toHaveAttribute("data-ok", "true");
  await expect(item).toContainText("same numbers as TypeScript");
  expect(consoleErrors).toEqual([]);
});

/** Evaluates `expression` in the first shared worker whose script URL contains `name`, over CDP. */
async function evaluateInSharedWorker(browser: Browser, name: string, expression: string): Promise<unknown> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send("Target.getTargets");
    const target = targetInfos.find((t) => t.type === "shared_worker" && t.url.includes(name));
    if (!target) throw new Error(`no shared worker ${name} among ${targetInfos.map((t) => t.url).join(", ")}`);
    // Playwright has no handle on shared workers: talk to it through the browser's session.
    const { sessionId } = await cdp.send("Target.attachToTarget", { targetId: target.targetId, flatten: false });
    const reply = new Promise<string>((resolve) => {
      cdp.on("Target.receivedMessageFromTarget", (event) => {
        if (event.sessionId === sessionId && JSON.parse(event.message).id === 1) resolve(event.message);
      });
    });
    const params = { expression, returnByValue: true };
    await cdp.send("Target.sendMessageToTarget", {
      sessionId,
      message: JSON.stringify({ id: 1, method: "Runtime.evaluate", params }),
    });
    return JSON.parse(await reply).result.result.value;
  } finally {
    await cdp.detach();
  }
}

test("a Bollinger backtest runs in the shared worker, which fetched the kernels", async ({
  page,
  browser,
  consoleErrors,
}) => {
  test.setTimeout(120_000);
  await page.goto("/#/backtest");
  const form = page.getByRole("form", { name: "Backtest settings" });
  await form.locator('select[name="strategy"]').selectOption("bollinger_breakout");
  await form.locator('select[name="symbol"]').selectOption("EURUSD");
  await form.locator('select[name="stream"]').selectOption("bars_1h");
  await form.locator('input[name="start"]').fill("2025-01-01");
  await form.locator('input[name="end"]').fill("2025-02-28");
  await form.locator('input[name="speed"]').fill("0");
  await form.locator('input[name="speed"]').blur();
  await form.getByRole("button", { name: "Run backtest" }).click();
  await expect(page.getByTestId("run-status")).toHaveText("complete", { timeout: 90_000 });
  await expect(page.getByTestId("run-summary")).toContainText("trades, net");
  const fetched = await evaluateInSharedWorker(
    browser,
    "backtest.worker",
    "performance.getEntriesByType('resource').map((entry) => entry.name)",
  );
  expect(fetched).toEqual([expect.stringMatching(/\/assets\/kernels-[\w-]+\.wasm$/)]);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/kernels-bollinger-run.png` });
  expect(consoleErrors).toEqual([]);
});
