import { PAGES } from "../../src/ui/pages.ts";
import { expect, SCREENSHOT_DIR, test, waitForServiceWorker } from "./fixtures.ts";

test("every page navigates from the sidebar and renders its title", async ({ page, consoleErrors }) => {
  await page.goto("/");
  for (const entry of PAGES) {
    await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: entry.label }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(entry.label);
    expect(new URL(page.url()).hash).toBe(`#${entry.path}`);
    const name = entry.label.toLowerCase();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/page-${name}.png` });
  }
  expect(consoleErrors).toEqual([]);
});

test("an unknown route says there is no such page", async ({ page, consoleErrors }) => {
  await page.goto("/#/nowhere");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("No such page");
  expect(consoleErrors).toEqual([]);
});

test("the theme toggles and survives a reload", async ({ page, consoleErrors }) => {
  await page.goto("/");
  const html = page.locator("html");
  const before = await html.getAttribute("data-theme");
  const after = before === "dark" ? "light" : "dark";
  await page.getByRole("button", { name: `Switch to ${after} theme` }).click();
  await expect(html).toHaveAttribute("data-theme", after);
  await page.reload();
  await expect(html).toHaveAttribute("data-theme", after);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/theme-${after}.png` });
  expect(consoleErrors).toEqual([]);
});

test("the keyboard reaches every page: Tab through the nav and g-shortcuts", async ({ page, consoleErrors }) => {
  await page.goto("/");
  await page.keyboard.press("Tab"); // skip link
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Dashboard" })).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Data");
  await page.keyboard.press("g");
  await page.keyboard.press("b");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Backtest");
  await page.keyboard.press("b"); // without the g chord nothing happens
  await page.keyboard.press("g");
  await page.keyboard.press("d");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dashboard");
  expect(consoleErrors).toEqual([]);
});

test("the page is cross-origin isolated and the data worker round-trips, errors included", async ({
  page,
  consoleErrors,
}) => {
  await page.goto("/");
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  for (const id of ["worker", "worker-errors", "isolated", "storage"]) {
    await expect(page.locator(`[data-check="${id}"]`)).toHaveAttribute("data-ok", "true");
  }
  await expect(page.locator('[data-check="worker"]')).toContainText("version 0.1.0");
  await expect(page.locator('[data-check="worker-errors"]')).toContainText("received SELF_CHECK");
  expect(consoleErrors).toEqual([]);
});

test("the service worker installs and the app reloads with the network off", async ({
  page,
  context,
  consoleErrors,
}) => {
  await page.goto("/");
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dashboard");
  await expect(page.locator('[data-check="offline"]')).toHaveAttribute("data-ok", "true");
  await expect(page.locator('[data-check="worker"]')).toHaveAttribute("data-ok", "true");
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.getByRole("link", { name: "Results" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Results");
  await page.screenshot({ path: `${SCREENSHOT_DIR}/offline-results.png` });
  expect(consoleErrors).toEqual([]);
});

test("the manifest is installable: icons, standalone display, start_url", async ({ request }) => {
  const manifest = await (await request.get("/manifest.webmanifest")).json();
  expect(manifest).toMatchObject({ short_name: "Pipscope", display: "standalone", start_url: "/#/" });
  const sizes = manifest.icons.map((icon: { sizes: string; purpose: string }) => `${icon.sizes} ${icon.purpose}`);
  expect(sizes).toEqual(expect.arrayContaining(["192x192 any", "512x512 any", "512x512 maskable"]));
  for (const icon of manifest.icons) expect((await request.get(icon.src)).ok()).toBe(true);
});
