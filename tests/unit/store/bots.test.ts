import "fake-indexeddb/auto";
import { openDB } from "idb";
import { describe, expect, it } from "vitest";
import type { BotRun } from "../../../src/core/router/bot-run.ts";
import {
  addExampleBots,
  deleteBot,
  enabledBots,
  exportBotsFile,
  importBotsFile,
  loadBotRuns,
  loadBots,
  saveBot,
  saveBotRuns,
} from "../../../src/store/bots.ts";

const bot = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  strategy: { id: "rsi_reversion" },
  manifest: { name: id },
  ...extra,
});
const ids = async () => (await loadBots()).bots.map((b) => b.id).sort();
const run = (bot_id: string): BotRun => ({
  bot_id,
  at: 1,
  label: "EURUSD H1",
  trades: 3,
  win_rate: 1 / 3,
  net_profit: 12.5,
  max_drawdown: 4,
  blocked_entries: 2,
  top_skip: "outside session LONDON",
  breaker: { reason: "", consecutive_losses: 1, day_loss_pct: 0.2 },
});

// One database for the file (as in a browser profile): the tests build on each other.
describe("the bot registry in IndexedDB (pipscope-bots)", () => {
  it("adds the examples on the first visit only; the button adds the missing ones", async () => {
    expect(await addExampleBots(true)).toBe(2);
    expect(await addExampleBots(true)).toBe(0);
    await deleteBot("london-breakout");
    expect(await addExampleBots(true)).toBe(0); // a deleted example stays deleted on the next visit
    expect(await addExampleBots()).toBe(1);
    expect(await ids()).toEqual(["london-breakout", "ma-cross-primal"]);
  });

  it("stores a valid bot with its defaults, refuses an invalid one naming the path", async () => {
    const saved = await saveBot(bot("rsi", { enabled: false }));
    expect(saved.strategy.parameters.period).toBe(14);
    await expect(saveBot(bot("bad", { manifest: { name: "bad", regimes: ["SIDEWAYS"] } }))).rejects.toMatchObject({
      code: "BOT_INVALID",
      where: { file: "bot", path: "$.manifest.regimes[0]" },
    });
    expect(await ids()).toEqual(["london-breakout", "ma-cross-primal", "rsi"]);
    expect((await enabledBots()).map((b) => b.id).sort()).toEqual(["london-breakout", "ma-cross-primal"]);
  });

  it("imports a file all or nothing, and exports what it reads back", async () => {
    const bad = JSON.stringify({ bots: [bot("new-a"), bot("new-b", { manifest: { name: "" } })] });
    await expect(importBotsFile(bad, "team.json")).rejects.toMatchObject({
      code: "BOT_INVALID",
      where: { file: "team.json", path: "$.bots[1].manifest.name" },
    });
    expect(await ids()).not.toContain("new-a");
    expect(await importBotsFile(JSON.stringify({ bots: [bot("new-a")] }), "team.json")).toEqual(["new-a"]);
    const exported = await exportBotsFile();
    await deleteBot("new-a");
    expect(await importBotsFile(exported, "bots.json")).toHaveLength(4);
    expect(await ids()).toEqual(["london-breakout", "ma-cross-primal", "new-a", "rsi"]);
  });

  it("leaves out and counts a stored record that no longer passes the schema", async () => {
    const db = await openDB("pipscope-bots", 1);
    await db.put("bots", { id: "old", strategy: { id: "gone" }, manifest: { name: "old" } });
    db.close();
    const { bots, invalid } = await loadBots();
    expect(invalid).toBe(1);
    expect(bots.map((b) => b.id)).not.toContain("old");
  });

  it("keeps each bot's last run, validated both ways, and forgets it with the bot", async () => {
    await saveBotRuns([run("rsi"), run("new-a")]);
    expect((await loadBotRuns()).get("rsi")).toEqual(run("rsi"));
    await expect(saveBotRuns([run("x"), { ...run("rsi"), win_rate: 2 }])).rejects.toMatchObject({
      code: "BOT_RUN_INVALID",
      message: "$[1].win_rate: Too big: expected number to be <=1",
    });
    expect((await loadBotRuns()).has("x")).toBe(false);
    await deleteBot("new-a");
    expect([...(await loadBotRuns()).keys()]).toEqual(["rsi"]);
  });
});
