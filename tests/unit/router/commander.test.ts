import { describe, expect, it } from "vitest";
import { syntheticBars } from "../../../src/core/data/synthetic.ts";
import type { BarColumns } from "../../../src/core/data/types.ts";
import type { BacktestInput } from "../../../src/core/engine/backtest.ts";
import { DEFAULT_ACCOUNT, DEFAULT_COSTS, DEFAULT_OPTIONS } from "../../../src/core/engine/spec.ts";
import { type BotInput, parseBot } from "../../../src/core/router/bot.ts";
import { runPortfolio, soloTeam, spicedRunner, type TeamMember } from "../../../src/core/router/commander.ts";
import { EXAMPLE_BOTS } from "../../../src/core/router/example-bots.ts";
import { killZoneColumn } from "../../../src/core/router/kill-zones.ts";
import type { Strategy, StrategyContext } from "../../../src/core/strategy/api.ts";
import { fxRollovers, KillZones, sessionColumns } from "../../../src/core/time/index.ts";
import { bars, EURUSD, H1, recordingHost, script } from "../engine/fixtures.ts";

const flat = (price: number): [number, number, number, number] => [price, price, price, price];

function input(data: BarColumns | undefined, overrides: Partial<BacktestInput> = {}): BacktestInput {
  return {
    backtestId: "p",
    variant: "spiced",
    strategy: { id: "unused", params: {}, instance: {} },
    instrument: EURUSD,
    timeframe: "H1",
    bars: data,
    startIndex: 0,
    account: { ...DEFAULT_ACCOUNT },
    costs: { ...DEFAULT_COSTS, swaps: false },
    sizing: { mode: "fixed", lots: 1 },
    options: { ...DEFAULT_OPTIONS },
    ...overrides,
  };
}

function member(id: string, instance: Strategy, manifest: Partial<BotInput["manifest"]> = {}): TeamMember {
  const bot = parseBot({ id, strategy: { id: "script", source: "" }, manifest: { name: id, ...manifest } });
  return { bot, instance, params: {} };
}

const routerLog = (host: ReturnType<typeof recordingHost>) =>
  host.events.flatMap((e) => (e.type === "log_entry" && e.data.module === "router" ? [e.data.message] : []));
/** The router's decisions: its log without the two lines that open a run (the team, the kill zones). */
const routerLines = (host: ReturnType<typeof recordingHost>) =>
  routerLog(host).filter((line) => !line.startsWith("team: ") && !line.startsWith("news kill zones: "));
const PRIOR_RISK = "risk 1.00% (Kelly 8.33% × 0.25 = 2.08%, capped at 1.00% per trade)";

describe("the commander: several bots on one account", () => {
  it("two bots: the higher score bids first, the top N enter, the governor sizes each on its stop", async () => {
    // H1 from Tuesday 10:00 UTC, no spread or costs.
    const data = bars([
      flat(1.1),
      flat(1.1),
      [1.1, 1.1005, 1.0985, 1.0995], // alpha's long from 1.1000 stops at 1.0990: −10 pips × 1 lot = −100
      [1.1, 1.103, 1.1, 1.103], // beta's long fills at the open, 1.1000
      flat(1.103),
      flat(1.103), // beta's exit fills at this open: +30 pips × 0.49 lots = +147
    ]);
    const buy = (slPips: number) => (ctx: StrategyContext) => ctx.buy({ slPips });
    const alpha = member("alpha", script({ 1: buy(10) }));
    const beta = member("beta", script({ 1: buy(20), 2: buy(20), 4: (ctx) => ctx.closePositions() }));
    const host = recordingHost();
    const result = await runPortfolio(input(data), [alpha, beta], host, { maxBidders: 1 });

    // Bar 1: no record yet, so both score the prior's Kelly (8.33 %) and alpha, first in the team,
    // bids first: quarter Kelly 2.08 % capped at 1 % of 10,000 = 100 on a 10-pip stop (100 a
    // lot) → 1.00 lot. Beta is outbid (one bidder a bar). Bar 2: alpha's loss lowers its score
    // (win rate 10/21, Kelly 3.97 %) under beta's, so beta bids first: 1 % of 9,900 = 99 on a
    // 20-pip stop (200 a lot) → 0.495, rounded down to 0.49 lot.
    expect(routerLog(host)[0]).toBe("team: alpha, beta; at most 1 bidder(s) a bar, 5% of equity at risk in all");
    expect(routerLines(host)).toEqual([
      `alpha: ${PRIOR_RISK} → 1.00 lots`,
      "beta: entry refused — outbid: 1 higher-scored bot(s) entered on this bar (top 1)",
      `beta: ${PRIOR_RISK} → 0.49 lots`,
    ]);
    const price = (p: number) => Number(p.toFixed(5));
    expect(
      result.trades.map((t) => [
        t.lots,
        price(t.entryPrice),
        price(t.exitPrice),
        t.exitReason,
        Number(t.pnl.toFixed(2)),
      ]),
    ).toEqual([
      [1, 1.1, 1.099, "stop_loss", -100],
      [0.49, 1.1, 1.103, "signal", 147],
    ]);
    expect(result.metrics.net_profit).toBeCloseTo(47, 9);
    expect(result.strategy).toEqual({ id: "portfolio", params: { bots: "alpha,beta" } });
    expect(
      result.bots.map((b) => [
        b.bot_id,
        b.trades,
        b.win_rate,
        Number(b.net_profit.toFixed(2)),
        Number(b.max_drawdown.toFixed(2)),
        b.blocked_entries,
      ]),
    ).toEqual([
      ["alpha", 1, 0, -100, 100, 0],
      ["beta", 1, 1, 147, 0, 1],
    ]);
    expect(result.bots[1].top_skip).toBe("outbid: 1 higher-scored bot(s) entered on this bar (top 1)");
    expect(result.bots[0].breaker).toMatchObject({ reason: "", consecutive_losses: 1 });
    expect(result.bots[0].breaker.day_loss_pct).toBeCloseTo(1, 9);
  });

  it("each bot sees and closes only its own positions", async () => {
    const data = bars([flat(1.1), flat(1.1), flat(1.1), flat(1.1005), flat(1.1005)]);
    const seen: number[] = [];
    const alpha = member("alpha", script({ 0: (ctx) => ctx.buy({ slPips: 10 }), 2: (ctx) => ctx.closePositions() }));
    const beta = member(
      "beta",
      script({
        0: (ctx) => ctx.sell({ slPips: 10 }),
        2: (ctx) => seen.push(ctx.position.side, ctx.position.open.length),
      }),
    );
    const result = await runPortfolio(input(data), [alpha, beta], recordingHost());
    expect(seen).toEqual([-1, 1]);
    // Alpha's exit fills at bar 3's open; beta's short stays open until the end of the test.
    expect(result.trades.map((t) => [t.side, t.exitReason])).toEqual([
      ["long", "signal"],
      ["short", "end_of_test"],
    ]);
  });

  it("the log says why an entry was refused: breaker, news kill zone, session", async () => {
    const data = bars([
      flat(1.1), // 10:00 buy: 1.00 lot
      [1.1, 1.1, 1.0985, 1.099], // 11:00 fills 1.1000, stopped at 1.0990: −100; buy again
      [1.099, 1.099, 1.0975, 1.098], // 12:00 fills 1.0990, stopped at 1.0980: −98; 2 losses in a row
      flat(1.098), // 13:00 the cool-down (60 min) is over
      flat(1.098), // 14:00 orders would fill at 15:00, inside NFP's zone
      flat(1.098), // 15:00
      flat(1.098), // 16:00 London has closed
    ]);
    const sessions = {
      ids: ["SYDNEY", "ASIAN", "LONDON", "NEW_YORK"],
      mask: Uint8Array.from([4, 4, 4, 4, 4, 4, 8]),
      primary: new Uint8Array(7),
      labels: ["CLOSED"],
    };
    const nfp = {
      time: Date.UTC(2024, 0, 2, 15, 30),
      allDay: false,
      currency: "USD",
      impact: "High" as const,
      title: "Non-Farm Payrolls",
      forecast: "",
      previous: "",
    };
    const zones = new KillZones([nfp], ["EUR", "USD"], { minutesBefore: 30, minutesAfter: 30, impacts: ["High"] });
    const buy = (ctx: StrategyContext) => ctx.buy({ slPips: 10 });
    const picky = member("picky", script({ 0: buy, 1: buy, 2: buy, 4: buy, 6: buy }), {
      sessions: ["LONDON"],
      circuit_breaker: { max_daily_loss_pct: 5, max_consecutive_losses: 2, cooldown_minutes: 60 },
    });
    const host = recordingHost();
    const result = await runPortfolio(
      input(data, { sessions, killZones: killZoneColumn(data.time, zones, false) }),
      [picky],
      host,
    );
    // The second stake: Kelly 3.97 % × 0.25 = 0.99 % of 9,900 = 98.2 on 100 a lot → 0.98 lot.
    expect(routerLines(host)).toEqual([
      `picky: ${PRIOR_RISK} → 1.00 lots`,
      "picky: risk 0.99% (Kelly 3.97% × 0.25) → 0.98 lots",
      "picky: breaker: 2 consecutive losses; no entries until 2024-01-02 13:00 UTC",
      "picky: entry refused — breaker: 2 consecutive losses",
      "picky: entry refused — kill zone: USD Non-Farm Payrolls 15:30 UTC",
      "picky: entry refused — outside session LONDON",
    ]);
    expect(result.trades.map((t) => Number(t.pnl.toFixed(2)))).toEqual([-100, -98]);
    // A single bot keeps its strategy's name on the result.
    expect(result.strategy.id).toBe("script");
  });

  it("the portfolio exposure cap shrinks a later bid to what is left", async () => {
    const data = bars([flat(1.1), flat(1.1), flat(1.1)]);
    const buy = script({ 0: (ctx) => ctx.buy({ slPips: 10 }) });
    const host = recordingHost();
    const team = [member("alpha", buy), member("beta", script({ 0: (ctx) => ctx.buy({ slPips: 10 }) }))];
    const result = await runPortfolio(input(data), team, host, { governor: { maxPortfolioRisk: 0.015 } });
    // Alpha's pending entry holds 100 at risk (1 % of 10,000); the cap of 1.5 % leaves beta 0.5 %: 50 → 0.50 lot.
    expect(routerLines(host)).toEqual([
      `alpha: ${PRIOR_RISK} → 1.00 lots`,
      "beta: risk 0.50% (what the portfolio cap of 1.50% leaves) → 0.50 lots",
    ]);
    expect(result.trades.map((t) => t.lots)).toEqual([1, 0.5]);
  });

  it("flattens the bots that sit out news before a kill zone, and lets the others trade through it", async () => {
    // CPI at 12:30, zone 12:00–13:00: orders decided on the 11:00 bar would fill inside it.
    const data = bars([flat(1.1), flat(1.1), flat(1.1), flat(1.1)]);
    const cpi = {
      time: Date.UTC(2024, 0, 2, 12, 30),
      allDay: false,
      currency: "USD",
      impact: "High" as const,
      title: "CPI m/m",
      forecast: "",
      previous: "",
    };
    const zones = new KillZones([cpi], ["EUR", "USD"], { minutesBefore: 30, minutesAfter: 30, impacts: ["High"] });
    const buy = (ctx: StrategyContext) => ctx.buy({ slPips: 10 });
    const careful = member("careful", script({ 0: buy, 1: buy }));
    const bold = member("bold", script({ 0: buy, 1: buy }), { avoid_news: false });
    const host = recordingHost();
    const result = await runPortfolio(
      input(data, { killZones: killZoneColumn(data.time, zones, true) }),
      [careful, bold],
      host,
    );
    expect(routerLog(host)[1]).toBe(
      "news kill zones: 1 in range (High impact, 30 min before to 30 min after), flattening before each",
    );
    expect(routerLines(host)).toEqual([
      `careful: ${PRIOR_RISK} → 1.00 lots`,
      `bold: ${PRIOR_RISK} → 1.00 lots`,
      "careful: entry refused — kill zone: USD CPI m/m 12:30 UTC",
      `bold: ${PRIOR_RISK} → 1.00 lots`,
      "careful: flattening before kill zone: USD CPI m/m 12:30 UTC",
    ]);
    // Careful's long closes at the 12:00 open; bold's two longs stay until the end of the test.
    expect(result.trades.map((t) => [t.positionId, t.exitTime, t.exitReason])).toEqual([
      [1, data.time[2], "signal"],
      [2, data.time[3], "end_of_test"],
      [3, data.time[3], "end_of_test"],
    ]);
  });

  it("cancels a bot's pending entries when its breaker trips", async () => {
    const data = bars([
      flat(1.1), // buy (fills next open) and a sell stop at 1.0950
      [1.1, 1.1, 1.0985, 1.099], // long stopped at 1.0990: the breaker (1 loss) trips
      [1.099, 1.099, 1.094, 1.094], // the sell stop would have filled here
    ]);
    const careful = member(
      "careful",
      script({
        0: (ctx) => {
          ctx.buy({ slPips: 10 });
          ctx.order({ side: -1, type: "stop", price: 1.095, slPips: 10 });
        },
      }),
      { circuit_breaker: { max_daily_loss_pct: 50, max_consecutive_losses: 1, cooldown_minutes: 600 } },
    );
    const host = recordingHost();
    const result = await runPortfolio(input(data), [careful], host);
    expect(routerLines(host).slice(2)).toEqual([
      "careful: breaker: 1 consecutive loss; no entries until 2024-01-02 21:00 UTC",
      "careful: 1 pending entry cancelled by the breaker",
    ]);
    expect(result.trades.map((t) => t.exitReason)).toEqual(["stop_loss"]);
  });

  it("runs bots on ticks too: each bot's onTick, sized on the ask", async () => {
    const n = 4;
    const ticks = {
      length: n,
      time: Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 2, 10) + i * 1000),
      bid: Float64Array.from([1.1, 1.1, 1.1002, 1.1002]),
      ask: Float64Array.from([1.1001, 1.1001, 1.1003, 1.1003]),
      last: new Float64Array(n).fill(Number.NaN),
      volume: new Float64Array(n),
      flags: new Int32Array(n).fill(6),
    };
    const ticker = member("ticker", { onTick: (ctx) => void (ctx.index === 0 && ctx.buy({ slPips: 20 })) });
    const host = recordingHost();
    const result = await runPortfolio(input(undefined, { timeframe: "ticks", bars: undefined, ticks }), [ticker], host);
    // 1 % of 10,000 on a 20-pip stop (200 a lot) → 0.50 lot, filled at the next tick's ask.
    expect(routerLines(host)).toEqual([`ticker: ${PRIOR_RISK} → 0.50 lots`]);
    expect(result.trades.map((t) => [t.lots, t.entryPrice, t.exitReason])).toEqual([[0.5, 1.1001, "end_of_test"]]);
  });

  it("a bot whose record shows no edge trades on probation at 0.01 lot, so the record can recover", async () => {
    // Even rows flat at 1.1000; on odd rows the long filled at the open is stopped at 1.0990.
    const data = bars(Array.from({ length: 8 }, (_, i) => (i % 2 ? [1.1, 1.1, 1.098, 1.099] : flat(1.1))));
    const buy = (ctx: StrategyContext) => ctx.buy({ slPips: 10 });
    const loser = member("loser", script({ 0: buy, 2: buy, 4: buy, 6: buy }), {
      circuit_breaker: { max_daily_loss_pct: 50, max_consecutive_losses: 10, cooldown_minutes: 0 },
    });
    const host = recordingHost();
    const result = await runPortfolio(input(data), [loser], host);
    // Two losses: win rate (0 + 20 × 0.5) / (2 + 20) = 45.45 %, payoff the prior's 1.2: Kelly
    // 0.4545 − 0.5455 / 1.2 = 0 — no edge. Three: 10 / 23 = 43.48 %, Kelly −3.62 %.
    expect(routerLines(host)).toEqual([
      `loser: ${PRIOR_RISK} → 1.00 lots`,
      "loser: risk 0.99% (Kelly 3.97% × 0.25) → 0.98 lots",
      "loser: no edge (Kelly 0.00%, win rate 45.45%, payoff 1.20) → 0.01 lots (on probation)",
      "loser: no edge (Kelly -3.62%, win rate 43.48%, payoff 1.20) → 0.01 lots (on probation)",
    ]);
    expect(result.trades.map((t) => [t.lots, Number(t.pnl.toFixed(2))])).toEqual([
      [1, -100],
      [0.98, -98],
      [0.01, -1],
      [0.01, -1],
    ]);
  });

  it("refuses a netting account and a team without bots", async () => {
    const data = bars([flat(1.1)]);
    const solo = member("solo", script({}));
    const netting = input(data, { account: { ...DEFAULT_ACCOUNT, mode: "netting" } });
    const host = recordingHost();
    await expect(runPortfolio(netting, [solo], host)).rejects.toMatchObject({ code: "ROUTER_NETTING" });
    // The event stream says so, as for a run that fails.
    expect(host.events.map((e) => e.type)).toEqual(["backtest_error"]);
    const picky = member("picky", script({}), { sessions: ["LONDON"] });
    await expect(runPortfolio(input(data), [picky], recordingHost())).rejects.toMatchObject({
      code: "ROUTER_NO_SESSIONS",
      message: "bot 'picky' prefers sessions but the run has no session labels",
    });
    await expect(runPortfolio(input(data), [], recordingHost())).rejects.toMatchObject({
      code: "ROUTER_NO_BOTS",
      message: "a portfolio needs at least one enabled bot",
    });
  });

  it("spicedRunner runs a lone strategy as a one-bot team, and registered bots by their strategy ids", async () => {
    const data = bars([flat(1.1), flat(1.1), flat(1.1)]);
    const lone = {
      ...input(data),
      strategy: { id: "mine", params: {}, instance: script({ 0: (ctx) => ctx.buy({ slPips: 10 }) }) },
    };
    const host = recordingHost();
    const result = await spicedRunner()(lone, host);
    expect(result.bots.map((b) => [b.bot_id, b.trades])).toEqual([["mine", 1]]);
    expect(routerLines(host)).toEqual([`mine: ${PRIOR_RISK} → 1.00 lots`]);
    const team = [
      parseBot({ id: "ma", strategy: { id: "ma_cross", parameters: { fast: 2, slow: 3 } }, manifest: { name: "MA" } }),
      parseBot({ id: "off", enabled: false, strategy: { id: "ma_cross" }, manifest: { name: "Off" } }),
    ];
    const teamRun = await spicedRunner(team)(input(data), recordingHost());
    expect(teamRun.bots.map((b) => b.bot_id)).toEqual(["ma"]);
    // A lone built-in trades only in its style's regimes: the MA cross in trends.
    const maCross = { ...input(data), strategy: { id: "ma_cross", params: {}, instance: script({}) } };
    expect(soloTeam(maCross)[0].bot.manifest.regimes).toEqual(["TREND_UP", "TREND_DOWN"]);
    expect(soloTeam(lone)[0].bot.manifest.regimes).toEqual([]);
  });
});

/** H1 bars from M1 bars (hours with no minute left out), as the store's resampling would give. */
function hourly(m1: BarColumns): BarColumns {
  const rows: Array<[number, number, number, number]> = [];
  const times: number[] = [];
  for (let i = 0; i < m1.length; i++) {
    const hour = Math.floor(m1.time[i] / H1) * H1;
    const last = rows[rows.length - 1];
    if (times[times.length - 1] !== hour) {
      times.push(hour);
      rows.push([m1.open[i], m1.high[i], m1.low[i], m1.close[i]]);
    } else {
      last[1] = Math.max(last[1], m1.high[i]);
      last[2] = Math.min(last[2], m1.low[i]);
      last[3] = m1.close[i];
    }
  }
  const out = bars(rows, 10);
  out.time.set(times);
  return out;
}

describe("the example team on the synthetic sample", () => {
  it("runs London breakout and the @primal MA cross on one account, each within its manifest", async () => {
    const from = Date.UTC(2024, 0, 1);
    const to = Date.UTC(2024, 6, 1);
    const data = hourly(syntheticBars("EURUSD", from, to));
    const host = recordingHost();
    const result = await spicedRunner(EXAMPLE_BOTS.map((bot) => parseBot(bot)))(
      input(data, { startIndex: 100, sessions: sessionColumns(data.time), rollovers: fxRollovers(from, to) }),
      host,
    );
    expect(result.bots.map((b) => b.bot_id)).toEqual(["london-breakout", "ma-cross-primal"]);
    for (const bot of result.bots) expect(bot.trades).toBeGreaterThan(0);
    expect(result.trades.length).toBe(result.bots[0].trades + result.bots[1].trades);
    const lines = routerLines(host);
    for (const reason of ["regime RANGE", "outside sessions LONDON, NEW_YORK"])
      expect(lines.some((line) => line.startsWith(`ma-cross-primal: entry refused — ${reason}`))).toBe(true);
    // Every entry risks at most its bot's cap: 0.5 % (breakout) and 1 % (MA cross) of equity.
    const risks = lines.flatMap((line) => {
      const match = /^(\S+): risk ([\d.]+)%/.exec(line);
      return match ? [[match[1], Number(match[2])] as const] : [];
    });
    const entries = lines.filter((line) => / → [\d.]+ lots/.test(line));
    expect(entries.length).toBeGreaterThanOrEqual(result.trades.length);
    for (const [bot, risk] of risks) expect(risk).toBeLessThanOrEqual(bot === "london-breakout" ? 0.5 : 1);
  });
});
