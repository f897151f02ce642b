import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { expect, SCREENSHOT_DIR, test } from "./fixtures.ts";

/** A real relay process (`npm run relay`'s entry), serving synthetic ticks fast. */
interface Relay {
  port: number;
  stop(): Promise<void>;
}

function startRelay(args: string[]): Promise<Relay> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "relay/main.ts", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`relay exited with ${code}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      const entry = JSON.parse(line);
      if (entry.event !== "listening") return;
      resolve({
        port: entry.port,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
  });
}

test("the Live page shows relay ticks within 2 s, and reconnects when the relay restarts", async ({
  page,
  consoleErrors,
}) => {
  const args = ["--speed", "20", "--symbols", "EURUSD,USDJPY,XAUUSD"];
  let relay = await startRelay([...args, "--port", "0"]);
  const url = `ws://127.0.0.1:${relay.port}`;
  try {
    await page.goto("/#/live");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Live");
    await page.getByLabel("Relay URL").fill(url);
    const started = Date.now();
    await page.getByRole("button", { name: "Connect" }).click();
    const table = page.getByTestId("ticks-table");
    await expect(table.locator("tr[data-symbol='EURUSD'] td[data-field='bid']")).toHaveText(/^1\.\d{5}/, {
      timeout: 2000,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(page.locator(".live-state")).toHaveAttribute("data-state", "live");
    await expect(table.locator("tbody tr")).toHaveCount(3);
    await expect(table.locator("tr[data-symbol='USDJPY'] td[data-field='bid']")).toHaveText(/^\d{3}\.\d{3}/);
    const spread = Number(await table.locator("tr[data-symbol='EURUSD'] td[data-field='spread']").textContent());
    expect(spread).toBeGreaterThan(0);
    expect(spread).toBeLessThan(10);
    await expect(page.getByTestId("live-chart").locator("canvas").first()).toBeVisible();
    await expect(page.getByRole("checkbox", { name: "XAUUSD" })).toBeVisible();
    await page.waitForTimeout(1500); // let the chart fill
    await page.screenshot({ path: `${SCREENSHOT_DIR}/live-ticks.png` });
    await page.getByTestId("live-chart").screenshot({ path: `${SCREENSHOT_DIR}/live-chart.png` });

    // Only XAUUSD: the relay stops sending the others.
    await page.getByRole("checkbox", { name: "All" }).uncheck();
    await page.getByRole("checkbox", { name: "EURUSD" }).uncheck();
    await page.getByRole("checkbox", { name: "USDJPY" }).uncheck();
    const euroCount = async () => Number(await table.locator("tr[data-symbol='EURUSD'] td").last().textContent());
    const gold = async () => Number(await table.locator("tr[data-symbol='XAUUSD'] td").last().textContent());
    const euroBefore = await euroCount();
    const goldBefore = await gold();
    await expect.poll(gold).toBeGreaterThan(goldBefore);
    expect(await euroCount()).toBeLessThanOrEqual(euroBefore + 2); // at most those already on the wire

    await relay.stop();
    await expect(page.locator(".live-state")).toHaveAttribute("data-state", "waiting");
    await expect(page.getByTestId("live-detail")).toContainText("trying again");
    await page.screenshot({ path: `${SCREENSHOT_DIR}/live-reconnecting.png` });
    relay = await startRelay([...args, "--port", String(new URL(url).port)]);
    await expect(page.locator(".live-state")).toHaveAttribute("data-state", "live", { timeout: 15_000 });
    await expect(page.getByText("The relay restarted")).toBeVisible();
    const goldAfterRestart = await gold();
    await expect.poll(gold).toBeGreaterThan(goldAfterRestart);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/live-reconnected.png` });
  } finally {
    await relay.stop();
  }
  // Chromium logs each refused reconnection attempt while the relay is down; those are expected.
  const refused = new RegExp(`WebSocket connection to '${url}/' failed`);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((message) => !refused.test(message)));
});
