import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { createInterface } from "node:readline";
import { expect, SCREENSHOT_DIR, test } from "./fixtures.ts";

/** A real relay process (`npm run relay`'s entry), serving synthetic ticks fast. */
interface Relay {
  port: number;
  /** The mt5-socket upstream's port, when that is the source. */
  upstreamPort?: number;
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
      const listen: string | undefined = entry.upstream.listen;
      resolve({
        port: entry.port,
        upstreamPort: listen ? Number(listen.split(":").at(-1)) : undefined,
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
    // Timed in the page, from the click to the frame that shows the first EURUSD bid: the test
    // runner's own click and polling would add their delays on a busy machine.
    await page.evaluate(() => {
      const times = window as unknown as { clickedAt?: number; shownAt?: number };
      const button = [...document.querySelectorAll("button")].find((b) => b.textContent === "Connect");
      button?.addEventListener("click", () => {
        times.clickedAt = performance.now();
      });
      const watch = () => {
        const bid = document.querySelector("tr[data-symbol='EURUSD'] td[data-field='bid']")?.textContent ?? "";
        if (/^1\.\d{5}/.test(bid)) times.shownAt = performance.now();
        else requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    });
    await page.getByRole("button", { name: "Connect" }).click();
    const table = page.getByTestId("ticks-table");
    await expect(table.locator("tr[data-symbol='EURUSD'] td[data-field='bid']")).toHaveText(/^1\.\d{5}/, {
      timeout: 2000,
    });
    const shownAfter = await page.evaluate(() => {
      const times = window as unknown as { clickedAt: number; shownAt: number };
      return times.shownAt - times.clickedAt;
    });
    expect(shownAfter).toBeLessThan(2000);
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

test("the Dashboard shows the account and ticks the EA sends, again after a reload", async ({
  page,
  consoleErrors,
}) => {
  const relay = await startRelay(["--source", "mt5-socket:0", "--port", "0"]);
  const expert = connect(relay.upstreamPort as number, "127.0.0.1");
  try {
    await new Promise((resolve) => expert.once("connect", resolve));
    const account = {
      type: "account",
      balance: 10000,
      equity: 10093.65,
      margin: 1606.1,
      free_margin: 8487.55,
      currency: "USD",
      positions: [
        {
          ticket: 101,
          symbol: "EURUSD",
          side: "buy",
          volume: 0.1,
          price_open: 1.0852,
          sl: 1.08,
          profit: -0.8,
          swap: -0.35,
        },
        { ticket: 102, symbol: "USDJPY", side: "sell", volume: 1, price_open: 157.25, tp: 156.5, profit: 94.8 },
      ],
    };
    expert.write(`${JSON.stringify(account)}\n`);
    const feed = setInterval(() => {
      const bid = 1.085 + Math.round(Math.random() * 20) / 1e5;
      const tick = {
        type: "tick",
        symbol: "EURUSD",
        bid,
        ask: bid + 0.00012,
        time_msc: Date.now(),
        flags: 6,
        digits: 5,
      };
      expert.write(`${JSON.stringify(tick)}\n`);
    }, 200);
    try {
      await page.goto("/#/live");
      await page.getByLabel("Relay URL").fill(`ws://127.0.0.1:${relay.port}`);
      await page.getByRole("button", { name: "Connect" }).click();
      await expect(page.locator(".live-account [data-field='equity']")).toHaveText("10,093.65");
      await page.getByRole("link", { name: "Dashboard" }).click();
      const panel = page.getByRole("region", { name: "Account" });
      await expect(panel.locator("[data-field='balance']")).toHaveText("10,000.00");
      await expect(panel.getByTestId("positions").locator("tbody tr")).toHaveCount(2);
      await expect(panel.getByTestId("positions")).toContainText("94.80");
      await expect(page.getByTestId("ticks-table").locator("tr[data-symbol='EURUSD']")).toBeVisible();
      await page.screenshot({ path: `${SCREENSHOT_DIR}/live-dashboard.png`, fullPage: true });
      await page.reload();
      await expect(page.getByRole("region", { name: "Account" }).locator("[data-field='equity']")).toHaveText(
        "10,093.65",
      );
    } finally {
      clearInterval(feed);
    }
  } finally {
    expert.destroy();
    await relay.stop();
  }
  expect(consoleErrors).toEqual([]);
});

test("recording: live ticks go into the cache across a reload, appear on the Data page, and backtest", async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(180_000);
  // One symbol, so the relay's seq counts exactly the ticks a recording should hold.
  const relay = await startRelay(["--speed", "20", "--symbols", "XAUUSD", "--port", "0"]);
  const savedUpTo = () =>
    page.evaluate(
      () => JSON.parse(localStorage.getItem("pipscope:live:saved-up-to") ?? "null") as { relayId: string; seq: number },
    );
  try {
    // A first start creates the sample in the cache, which holds recordings back until it is done.
    await page.goto("/#/data");
    await expect(page.locator("[data-sample-state]")).toHaveAttribute("data-sample-state", "done", { timeout: 90_000 });
    await page.getByRole("link", { name: "Live" }).click();
    await page.getByLabel("Relay URL").fill(`ws://127.0.0.1:${relay.port}`);
    await page.getByRole("button", { name: "Connect" }).click();
    await expect(page.locator("tr[data-symbol='XAUUSD'] td[data-field='bid']")).toHaveText(/^\d{4}\.\d{2}/);
    const record = page.getByRole("switch", { name: "Record ticks into the local cache" });
    await record.check();
    const start = await savedUpTo();
    expect(start.seq).toBeGreaterThan(0);
    // The first batch is saved after 5 s; reload a second later, with ticks still waiting.
    await expect.poll(async () => (await savedUpTo()).seq, { timeout: 15_000 }).toBeGreaterThan(start.seq);
    await expect(page.getByTestId("record-status")).toContainText("ticks saved");
    await page.waitForTimeout(1000);
    await page.reload();
    await expect(record).toBeChecked();
    await expect(page.locator(".live-state")).toHaveAttribute("data-state", "live");
    await page.waitForTimeout(4000);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/live-recording.png` });
    await record.uncheck();
    // Stopping saves what waits; the status counts ticks as waiting until the cache has them.
    await expect(page.getByTestId("record-status")).toHaveText(
      /^[\d,]+ ticks saved since the page opened\. See them on the Data page\.$/,
    );
    const end = await savedUpTo();
    expect(end.relayId).toBe(start.relayId);
    // Every tick from the one after `start` to `end` is in the cache, once: none lost to the reload.
    const recorded = end.seq - start.seq;
    expect(recorded).toBeGreaterThan(50);

    await page.getByRole("link", { name: "See them on the Data page" }).click();
    // The synthetic relay's ticks are kept apart from real ones, labelled synthetic.
    const row = page.locator('[data-dataset="XAUUSD/ticks/tick/recording-synthetic"]');
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(row.locator(".badge.synthetic")).toBeVisible();
    await expect(row.locator("td").nth(5)).toHaveText(recorded.toLocaleString("en-US"));
    await page.screenshot({ path: `${SCREENSHOT_DIR}/live-recorded-data.png` });

    await page.getByRole("link", { name: "Backtest" }).click();
    const form = page.getByRole("form", { name: "Backtest settings" });
    const today = new Date().toISOString().slice(0, 10);
    await form.locator('select[name="strategy"]').selectOption("tick_momentum");
    await form.locator('select[name="symbol"]').selectOption("XAUUSD");
    await form.locator('select[name="stream"]').selectOption("ticks");
    await form.locator('input[name="start"]').fill(today);
    await form.locator('input[name="end"]').fill(today);
    await form.getByRole("button", { name: "Run backtest" }).click();
    await expect(page.getByTestId("run-status")).toHaveText("complete", { timeout: 60_000 });
    await expect(page.locator(".log-line", { hasText: "data loaded:" })).toContainText(
      `data loaded: ${recorded} ticks of XAUUSD`,
    );
    await page.screenshot({ path: `${SCREENSHOT_DIR}/live-recorded-backtest.png` });
  } finally {
    await relay.stop();
  }
  expect(consoleErrors).toEqual([]);
});
