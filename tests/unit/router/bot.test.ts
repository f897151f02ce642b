import { describe, expect, it } from "vitest";
import { type BotInput, exportBots, importBots, parseBot } from "../../../src/core/router/bot.ts";

const minimal: BotInput = { id: "ma-h1", strategy: { id: "ma_cross" }, manifest: { name: "MA H1" } };
const withChange = (path: string[], value: unknown): unknown => {
  const copy = structuredClone(minimal) as Record<string, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) {
    at[key] ??= {};
    at = at[key] as Record<string, unknown>;
  }
  at[path[path.length - 1]] = value;
  return copy;
};

describe("bot manifests", () => {
  it("fills the manifest's and the strategy's defaults", () => {
    expect(parseBot(minimal)).toEqual({
      id: "ma-h1",
      enabled: true,
      strategy: { id: "ma_cross", parameters: { fast: 10, slow: 30, kind: "SMA", long_only: false } },
      manifest: {
        name: "MA H1",
        tags: [],
        sessions: [],
        time_windows: [],
        regimes: [],
        max_risk_per_trade_pct: 1,
        kelly_cap: 0.25,
        avoid_news: true,
        circuit_breaker: { max_daily_loss_pct: 3, max_consecutive_losses: 3, cooldown_minutes: 1440 },
      },
    });
  });

  it.each([
    [["id"], "MA H1", "$.id: an id of lower-case letters, digits, - and _"],
    [["manifest", "tags"], ["@primal", "no spaces"], "$.manifest.tags[1]: a tag like @primal or breakout"],
    [
      ["manifest", "sessions"],
      ["TOKYO"],
      '$.manifest.sessions[0]: expected one of "SYDNEY", "ASIAN", "LONDON", "NEW_YORK"',
    ],
    [
      ["manifest", "time_windows"],
      [{ start: "08:00", end: "11:00", timezone: "Europe/Londn" }],
      "$.manifest.time_windows[0].timezone: not an IANA time zone (e.g. Europe/London, America/New_York, UTC)",
    ],
    [
      ["manifest", "time_windows"],
      [{ start: "8:00", end: "11:00", timezone: "UTC" }],
      "$.manifest.time_windows[0].start: a local time HH:MM",
    ],
    [
      ["manifest", "regimes"],
      ["SIDEWAYS"],
      '$.manifest.regimes[0]: expected one of "TREND_UP", "TREND_DOWN", "RANGE", "HIGH_VOL"',
    ],
    [["manifest", "kelly_cap"], 2, "$.manifest.kelly_cap: Too big: expected number to be <=1"],
    [
      ["manifest", "max_risk_per_trade_pct"],
      0,
      "$.manifest.max_risk_per_trade_pct: Too small: expected number to be >0",
    ],
    [
      ["manifest", "circuit_breaker", "max_consecutive_losses"],
      0,
      "$.manifest.circuit_breaker.max_consecutive_losses: Too small: expected number to be >=1",
    ],
    [["manifest", "colour"], "red", "$.manifest: unknown key 'colour'"],
    [["strategy", "id"], "magic", "$.strategy.id: unknown strategy 'magic': one of ma_cross"],
    [["strategy", "parameters"], { fast: 0 }, "$.strategy.parameters.fast: ma_cross: parameter fast: Too small"],
  ])("rejects %j = %j naming the JSON path", (path, value, message) => {
    expect(() => parseBot(withChange(path as string[], value), "bots.json")).toThrow(
      expect.objectContaining({
        code: "BOT_INVALID",
        message: expect.stringContaining(message),
        where: expect.objectContaining({ file: "bots.json" }),
      }),
    );
  });

  it("keeps a user strategy's parameters as written (its schema lives in its source)", () => {
    const bot = parseBot({ ...minimal, strategy: { id: "mine", parameters: { x: 1 }, source: "export default {}" } });
    expect(bot.strategy.parameters).toEqual({ x: 1 });
  });
});

describe("bot files", () => {
  it("round-trips every bot through export and import", () => {
    const bots = [parseBot(minimal), parseBot({ ...minimal, id: "rsi", strategy: { id: "rsi_reversion" } })];
    expect(importBots(exportBots(bots), "bots.json")).toEqual(bots);
  });

  it("reads a single bot", () => {
    expect(importBots(JSON.stringify(minimal), "one.json").map((b) => b.id)).toEqual(["ma-h1"]);
  });

  it("names the bot's place in a collection", () => {
    const text = JSON.stringify({ bots: [minimal, { ...minimal, id: "b", manifest: { name: "" } }] });
    expect(() => importBots(text, "bots.json")).toThrow(
      expect.objectContaining({ where: { file: "bots.json", path: "$.bots[1].manifest.name" } }),
    );
  });

  it("rejects a duplicate id, a file of the wrong shape, and bad JSON with line and column", () => {
    expect(() => importBots(JSON.stringify({ bots: [minimal, minimal] }), "bots.json")).toThrow(
      expect.objectContaining({ code: "BOT_DUPLICATE", message: "$.bots[1].id: bot id 'ma-h1' appears twice" }),
    );
    expect(() => importBots("[1, 2]", "bots.json")).toThrow(
      expect.objectContaining({ code: "BOT_INVALID", message: '$: expected a bot or {"bots": [...]}' }),
    );
    expect(() => importBots('{\n  "bots": [,]\n}', "bots.json")).toThrow(
      expect.objectContaining({ code: "CONFIG_BAD_JSON", where: { file: "bots.json", line: 2, column: 12 } }),
    );
  });
});
