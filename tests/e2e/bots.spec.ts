import type { Page } from "@playwright/test";
import type { BotRun } from "../../src/core/router/bot-run.ts";
import { expect, SCREENSHOT_DIR, test } from "./fixtures.ts";

/** A last run stored the way a portfolio run stores it (the page reads it on load). */
async function storeRun(page: Page, run: BotRun): Promise<void> {
  await page.evaluate(
    (record) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("pipscope-bots", 1);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction("runs", "readwrite");
          tx.objectStore("runs").put(record);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    run,
  );
}

const card = (page: Page, id: string) => page.locator(`[data-bot="${id}"]`);

test("offers the two examples, filters by tag, enables and disables, and shows a bot's last run and breaker", async ({
  page,
  consoleErrors,
}) => {
  await page.goto("/#/bots");
  await expect(page.locator("[data-bot]")).toHaveCount(2);
  await expect(card(page, "london-breakout")).toContainText("sessions LONDON; 07:00–11:00 Europe/London");
  await expect(card(page, "ma-cross-primal")).toContainText("regimes TREND_UP, TREND_DOWN");

  const filter = page.getByRole("group", { name: "Filter by tag" });
  await filter.getByRole("button", { name: "@primal" }).click();
  await expect(page.locator("[data-bot]")).toHaveCount(1);
  await expect(page.locator("[data-bot]")).toHaveAttribute("data-bot", "ma-cross-primal");
  await filter.getByRole("button", { name: "All" }).click();
  await expect(page.locator("[data-bot]")).toHaveCount(2);

  await page.getByRole("checkbox", { name: "Enable London breakout" }).uncheck();
  await expect(card(page, "london-breakout")).toContainText("Disabled");

  await storeRun(page, {
    bot_id: "ma-cross-primal",
    at: Date.UTC(2024, 5, 30),
    label: "EURUSD H1 2024-01-01 → 2024-06-30",
    trades: 42,
    win_rate: 0.381,
    net_profit: 1234.5,
    max_drawdown: 310.25,
    blocked_entries: 17,
    top_skip: "outside session LONDON",
    breaker: { reason: "breaker: 4 consecutive losses", consecutive_losses: 4, day_loss_pct: 0.8 },
  });
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "Enable London breakout" })).not.toBeChecked();
  const primal = card(page, "ma-cross-primal");
  await expect(primal.locator("[data-breaker-state]")).toContainText("tripped — breaker: 4 consecutive losses");
  await expect(primal.locator("[data-last-run]")).toContainText("Win rate38.1%");
  await expect(primal.locator("[data-last-run]")).toContainText("17 (mostly outside session LONDON)");
  await expect(card(page, "london-breakout").locator("[data-breaker-state]")).toContainText("not run yet");
  await page.screenshot({ path: `${SCREENSHOT_DIR}/bots.png`, fullPage: true });
  expect(consoleErrors).toEqual([]);
});

test("edits a manifest: an invalid field is named by its JSON path, a valid one is saved", async ({
  page,
  consoleErrors,
}) => {
  await page.goto("/#/bots");
  await card(page, "ma-cross-primal").getByRole("button", { name: "Edit" }).click();
  const editor = page.getByRole("region", { name: "Edit MA cross (primal)" });
  await editor.getByRole("button", { name: "Add window" }).click();
  await editor.getByLabel("Window 1 time zone").fill("Europe/Londn");
  await editor.getByRole("button", { name: "Save bot" }).click();
  await expect(editor.getByRole("alert")).toContainText(
    "$.manifest.time_windows[0].timezone: not an IANA time zone (e.g. Europe/London, America/New_York, UTC)",
  );
  await editor.getByLabel("Window 1 time zone").fill("Europe/London");
  await editor.getByLabel("Name").fill("MA cross, mornings");
  await editor.getByRole("group", { name: "Sessions" }).getByLabel("NEW_YORK").uncheck();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/bots-editor.png`, fullPage: true });
  await editor.getByRole("button", { name: "Save bot" }).click();
  await expect(editor).toHaveCount(0);
  await expect(card(page, "ma-cross-primal")).toContainText("MA cross, mornings");
  await expect(card(page, "ma-cross-primal")).toContainText("sessions LONDON; 08:00–12:00 Europe/London");
  expect(consoleErrors).toEqual([]);
});

test("imports bots files all or nothing, naming the JSON path of a bad bot; delete and re-add the examples", async ({
  page,
  consoleErrors,
}) => {
  await page.goto("/#/bots");
  await expect(page.locator("[data-bot]")).toHaveCount(2);
  const file = page.getByLabel("Import bots file");
  const bot = (id: string, sessions: string[]) => ({
    id,
    strategy: { id: "rsi_reversion" },
    manifest: { name: `RSI ${id}`, tags: ["@range"], sessions },
  });
  await file.setInputFiles({
    name: "bad.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ bots: [bot("a", ["ASIAN"]), bot("b", ["TOKYO"])] })),
  });
  const status = page.getByRole("status");
  await expect(status).toContainText("bad.json: nothing imported.");
  await expect(status).toContainText('$.bots[1].manifest.sessions[0]: expected one of "SYDNEY", "ASIAN"');
  await expect(page.locator("[data-bot]")).toHaveCount(2);

  await file.setInputFiles({
    name: "good.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ bots: [bot("a", ["ASIAN"])] })),
  });
  await expect(status).toContainText("good.json: imported 1 bot (a).");
  await expect(page.locator("[data-bot]")).toHaveCount(3);

  await card(page, "london-breakout").getByRole("button", { name: "Delete" }).click();
  await expect(page.locator("[data-bot]")).toHaveCount(2);
  await page.reload();
  await expect(page.locator("[data-bot]")).toHaveCount(2); // the first visit's examples are not forced back
  await page.getByRole("button", { name: "Add examples" }).click();
  await expect(status).toContainText("Added 1 example bot.");
  await expect(page.locator("[data-bot]")).toHaveCount(3);
  expect(consoleErrors).toEqual([]);
});
