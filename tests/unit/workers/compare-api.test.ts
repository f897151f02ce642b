import { describe, expect, it } from "vitest";
import { PipscopeError } from "../../../src/core/errors.ts";
import { type CompareEvent, parseCompareEvent, parseCompareOutcomes } from "../../../src/core/protocol/compare.ts";
import { parseBots } from "../../../src/core/router/bot.ts";
import type { BotRun } from "../../../src/core/router/bot-run.ts";
import { EXAMPLE_BOTS } from "../../../src/core/router/example-bots.ts";
import { FX_RUN_CALENDAR, type MarketData } from "../../../src/core/run/index.ts";
import { makeCompareApi } from "../../../src/workers/compare-api.ts";
import { randomWalkBars } from "../../bench/engine.bench.ts";
import { EURUSD } from "../engine/fixtures.ts";

const H1 = 3_600_000;

/** Hourly random-walk bars for any range, `warmup` rows before it. */
const market: MarketData = {
  instruments: async () => [EURUSD],
  async bars(_symbol, _timeframe, from, to, warmup) {
    const n = Math.floor((to - from) / H1) + warmup;
    const bars = randomWalkBars(n, 3);
    for (let i = 0; i < n; i++) bars.time[i] = from + (i - warmup) * H1;
    return { rows: bars, startIndex: warmup, label: "test walk" };
  },
  async ticks() {
    throw new Error("no ticks here");
  },
};

const config = (extra: object = {}) =>
  JSON.stringify({
    session_name: "compare",
    mode: "backtest",
    backtest_config: { start_date: "2024-01-01", backtest_days: 60 },
    session_data_config: { symbols: ["EURUSD"], streams: ["bars_1h"], historical: { bars: 60 } },
    strategy: { id: "ma_cross", parameters: { fast: 10, slow: 30 } },
    walk_forward: { in_sample_days: 20, out_of_sample_days: 20, parameters: ["fast=5,10"], objective: "net_profit" },
    ...extra,
  });

const api = () =>
  makeCompareApi({
    calendar: () => FX_RUN_CALENDAR,
    now: () => Date.now(),
    newId: () => "cmp",
  });

describe("the backtest worker's comparison", () => {
  it("tells the page each variant's start, windows, progress and end, then answers with outcomes the page accepts", async () => {
    const events: CompareEvent[] = [];
    const answer = await api().compare(config(), market, (event) => events.push(parseCompareEvent(event)));
    const outline = events.filter((e) => e.type !== "progress").map((e) => `${e.type} ${e.variant}`);
    expect(outline).toEqual([
      "variant_start vanilla",
      "variant_end vanilla",
      "variant_start spiced",
      "variant_end spiced",
      "variant_start vanilla_full",
      "window vanilla_full",
      "window vanilla_full",
      "variant_end vanilla_full",
      "variant_start spiced_full",
      "window spiced_full",
      "window spiced_full",
      "variant_end spiced_full",
    ]);
    expect(events.find((e) => e.type === "variant_start")).toEqual({
      type: "variant_start",
      variant: "vanilla",
      backtest_id: "cmp-vanilla",
    });
    const last = events.filter((e) => e.type === "progress" && e.variant === "vanilla").at(-1);
    expect(last).toMatchObject({ progress: 100 });
    const outcomes = parseCompareOutcomes(answer);
    expect(outcomes.map((o) => [o.variant, o.status])).toEqual([
      ["vanilla", "complete"],
      ["spiced", "complete"],
      ["vanilla_full", "complete"],
      ["spiced_full", "complete"],
    ]);
    const full = outcomes[2];
    if (full.status !== "complete") throw new Error("expected vanilla_full");
    expect(full.result.walk_forward?.windows.map((w) => w.params.fast)).toHaveLength(2);
    // Trimmed for the page: no trade list travels.
    expect("trades" in full.result).toBe(false);
  });

  it("the config's variants choose what runs", async () => {
    const answer = await api().compare(config({ variants: ["vanilla_full"] }), market, () => {});
    expect(parseCompareOutcomes(answer).map((o) => o.variant)).toEqual(["vanilla_full"]);
  });

  it("a cancel stops the comparison with BACKTEST_CANCELLED, and the next one runs", async () => {
    const compare = api();
    const running = compare.compare(config({ variants: ["vanilla_full"] }), market, (event) => {
      if ((event as CompareEvent).type === "window") compare.cancel();
    });
    await expect(running).rejects.toMatchObject({ code: "BACKTEST_CANCELLED" });
    await expect(compare.compare(config({ variants: ["vanilla"] }), market, () => {})).resolves.toHaveLength(1);
  });

  it("a second comparison while one runs is COMPARE_BUSY", async () => {
    const compare = api();
    const first = compare.compare(config({ variants: ["vanilla"] }), market, () => {});
    await expect(compare.compare(config(), market, () => {})).rejects.toMatchObject({ code: "COMPARE_BUSY" });
    await first;
  });

  it("a router team of two bots trades as one portfolio in the spiced variants", async () => {
    const answer = await api().compare(
      config({ variants: ["spiced", "spiced_full"], router: { bots: EXAMPLE_BOTS } }),
      market,
      () => {},
    );
    const [spiced, full] = parseCompareOutcomes(answer);
    expect(spiced).toMatchObject({ variant: "spiced", status: "complete", result: { variant: "spiced" } });
    expect(full).toMatchObject({ variant: "spiced_full", status: "complete", result: { variant: "spiced_full" } });
  });

  it("without a router team in the config, the spiced team is the Bots page's enabled bots", async () => {
    const compare = makeCompareApi({
      calendar: () => FX_RUN_CALENDAR,
      now: () => Date.now(),
      newId: () => "cmp",
      enabledBots: async () => parseBots(EXAMPLE_BOTS, "registry", "$"),
      saveBotRuns: async (runs) => void saved.push(...runs),
    });
    const saved: BotRun[] = [];
    const [spiced] = parseCompareOutcomes(await compare.compare(config({ variants: ["spiced"] }), market, () => {}));
    // Each bot's figures are kept for the Bots page's "last run".
    expect(saved.map((run) => run.bot_id).sort()).toEqual(["london-breakout", "ma-cross-primal"]);
    expect(spiced).toMatchObject({
      status: "complete",
      result: { strategy: { id: "portfolio", params: { bots: "london-breakout,ma-cross-primal" } } },
    });
  });

  it("a bots file cannot be read in the browser: CONFIG_BOTS_FILE_UNAVAILABLE at $.router.bots_file", async () => {
    const error = await api()
      .compare(config({ router: { bots_file: "bots.json" } }), market, () => {})
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CONFIG_BOTS_FILE_UNAVAILABLE", where: { path: "$.router.bots_file" } });
  });

  it("a bad config rejects naming the Compare page and the JSON path", async () => {
    const bad = config({ walk_forward: { in_sample_days: 20, out_of_sample_days: 20, parameters: ["speed=1:3"] } });
    const error = await api()
      .compare(bad, market, () => {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipscopeError);
    expect((error as PipscopeError).describe()).toMatch(
      /^the Compare page.*\$\.walk_forward\.parameters.*parameter speed: ma_cross has no such parameter/,
    );
  });
});

describe("compare messages are checked on arrival", () => {
  it("an event of an unknown variant is COMPARE_BAD_MESSAGE naming the path", () => {
    const call = () => parseCompareEvent({ type: "variant_start", variant: "salty", backtest_id: "x" });
    expect(call).toThrow(PipscopeError);
    expect(call).toThrow(/the backtest worker sent a malformed event at \$\.variant/);
  });

  it("an outcome without its result is COMPARE_BAD_MESSAGE naming the path", () => {
    expect(() => parseCompareOutcomes([{ variant: "vanilla", status: "complete" }])).toThrow(
      /malformed comparison at \$\[0\]\.result/,
    );
  });
});
