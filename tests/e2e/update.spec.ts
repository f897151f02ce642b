import { type ChildProcess, spawn } from "node:child_process";
import { appendFile, cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, SCREENSHOT_DIR, test, waitForServiceWorker } from "./fixtures.ts";

// A deployment of its own: a copy of the build served on another port, so this test can
// "deploy a new version" (change sw.js) without touching the build the other tests use.
const PORT = 4183;
const ORIGIN = `http://127.0.0.1:${PORT}`;
let dir: string;
let server: ChildProcess;

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pipscope-deploy-"));
  await cp(process.env.PIPSCOPE_DIST ?? "dist", dir, { recursive: true });
  const vite = join("node_modules", "vite", "bin", "vite.js");
  server = spawn(process.execPath, [vite, "preview", "--outDir", dir, "--port", String(PORT), "--strictPort"], {
    stdio: "ignore",
  });
  await expect(async () => expect((await fetch(`${ORIGIN}/`)).ok).toBe(true)).toPass({ timeout: 20_000 });
});

test.afterAll(async () => {
  server.kill();
  await rm(dir, { recursive: true, force: true });
});

test("a new deployment shows 'update available', and Reload switches to it keeping settings and data", async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(150_000);
  await page.goto(`${ORIGIN}/#/data`);
  await waitForServiceWorker(page);
  const sample = page.locator("[data-sample-state]");
  await expect(sample).toHaveAttribute("data-sample-state", "done", { timeout: 90_000 });
  const rows = await page.locator('[data-dataset="EURUSD/bars/M1/sample"]').textContent();
  await page.getByRole("button", { name: /Switch to/ }).click();
  const theme = await page.locator("html").getAttribute("data-theme");
  await expect(page.getByRole("alert")).toHaveCount(0);

  await appendFile(join(dir, "sw.js"), "\n// next version\n");
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  const banner = page.getByRole("alert");
  await expect(banner).toContainText("A new version of Pipscope is ready.");
  await page.screenshot({ path: `${SCREENSHOT_DIR}/update-available.png` });

  const workers = () =>
    page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      return { waiting: Boolean(registration?.waiting), controlled: Boolean(navigator.serviceWorker.controller) };
    });
  expect(await workers()).toEqual({ waiting: true, controlled: true });
  await Promise.all([page.waitForEvent("load"), banner.getByRole("button", { name: "Reload" }).click()]);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Data");
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(page.locator("html")).toHaveAttribute("data-theme", theme ?? "");
  // The cache survived the update, as it was: not recreated.
  await expect(page.locator('[data-dataset="EURUSD/bars/M1/sample"]')).toHaveText(rows ?? "");
  await expect(sample).not.toHaveAttribute("data-sample-state", "running");
  expect(await workers()).toEqual({ waiting: false, controlled: true }); // the new version took over
  expect(consoleErrors).toEqual([]);
});
