import { describe, expect, it } from "vitest";
import { loadSessionConfig, VARIANTS, type VariantName } from "../../../src/core/config/index.ts";
import { instrumentFor } from "../../../src/core/data/instruments.ts";
import type { BarColumns } from "../../../src/core/data/types.ts";
import { type BacktestInput, runBacktest } from "../../../src/core/engine/backtest.ts";
import { DEFAULT_ACCOUNT, DEFAULT_COSTS, DEFAULT_OPTIONS } from "../../../src/core/engine/spec.ts";
import type { PipscopeError } from "../../../src/core/errors.ts";
import { twinKernels } from "../../../src/core/kernels/index.ts";
import { parseBots } from "../../../src/core/router/bot.ts";
import { EXAMPLE_BOTS } from "../../../src/core/router/example-bots.ts";
import { REGIME_CODE } from "../../../src/core/router/regime.ts";
import { FX_RUN_CALENDAR, planRun } from "../../../src/core/run/index.ts";
import { variantRunners } from "../../../src/core/run/variant-runners.ts";
import { comparisonRows, formatComparison } from "../../../src/core/run/variant-table.ts";
import { regimeBreakdown, runVariants, type VariantRequest } from "../../../src/core/run/variants.ts";
import type { RunVariant } from "../../../src/core/run/walk-forward.ts";
import { planWalkForward } from "../../../src/core/run/walk-forward-plan.ts";
import { createStrategy } from "../../../src/core/strategy/index.ts";
import { randomWalkBars } from "../../bench/engine.bench.ts";
import { EURUSD, recordingHost } from "./fixtures.ts";

const H1 = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const WARMUP = 60;

function walk(): BarColumns {
  const n = 60 * 24 + WARMUP;
  const rows = randomWalkBars(n, 11);
  for (let i = 0; i < n; i++) rows.time[i] = T0 + (i - WARMUP) * H1;
  return rows;
}

const configText = (extra: object = {}) =>
  JSON.stringify({
    session_name: "variants",
    mode: "backtest",
    backtest_config: { start_date: "2024-01-01", backtest_days: 60 },
    session_data_config: { symbols: ["EURUSD"], streams: ["bars_1h"], historical: { bars: WARMUP } },
    strategy: { id: "ma_cross", parameters: { fast: 10, slow: 30 } },
    walk_forward: {
      in_sample_days: 20,
      out_of_sample_days: 10,
      parameters: ["fast=4,8,12", "slow=24,48"],
      objective: "net_profit",
    },
    ...extra,
  });

const plan = () => {
  const config = loadSessionConfig(configText());
  return planWalkForward(config, planRun(config, instrumentFor), "v.json");
};

function request(runners: VariantRequest["runners"], variants: readonly VariantName[] = VARIANTS): VariantRequest {
  const input: BacktestInput = {
    backtestId: "cmp",
    variant: "vanilla",
    strategy: { id: "ma_cross", ...createStrategy("ma_cross", { fast: 10, slow: 30 }) },
    instrument: EURUSD,
    timeframe: "H1",
    bars: walk(),
    startIndex: WARMUP,
    account: { ...DEFAULT_ACCOUNT },
    costs: { ...DEFAULT_COSTS, swaps: false },
    sizing: { mode: "fixed", lots: 1 },
    options: { ...DEFAULT_OPTIONS },
  };
  return {
    variants,
    input,
    walkForward: plan(),
    runners,
    kernels: twinKernels(),
    now: () => 0,
    hostFor: () => recordingHost(),
  };
}

describe("runVariants", () => {
  it("runs vanilla and vanilla_full on the same data, each result carrying its variant; spiced waits for the router", async () => {
    const ids: string[] = [];
    const outcomes = await runVariants({
      ...request({ vanilla: runBacktest }),
      hostFor: (_variant, id) => {
        ids.push(id);
        return recordingHost();
      },
    });
    expect(outcomes.map((o) => [o.variant, o.status])).toEqual([
      ["vanilla", "complete"],
      ["spiced", "unavailable"],
      ["vanilla_full", "complete"],
      ["spiced_full", "unavailable"],
    ]);
    expect(ids).toEqual(["cmp-vanilla", "cmp-vanilla_full"]);
    const [vanilla, , full] = outcomes;
    if (vanilla.status !== "complete" || full.status !== "complete") throw new Error("expected results");
    expect(vanilla.result.variant).toBe("vanilla");
    expect(vanilla.result.backtest_id).toBe("cmp-vanilla");
    expect(vanilla.result.walk_forward).toBeUndefined();
    expect(full.result.variant).toBe("vanilla_full");
    expect(full.result.walk_forward?.windows.length).toBe(4);
    // vanilla tests all 60 days; vanilla_full only the out-of-sample days 20–60.
    expect(vanilla.result.start).toBe(T0);
    expect(full.result.start).toBe(T0 + 20 * 86_400_000);
    // The regime breakdown accounts for every trade.
    for (const o of [vanilla, full])
      expect(o.result.regime_breakdown.reduce((n, row) => n + row.trades, 0)).toBe(o.result.metrics.trades);
  });

  it("the spiced seam: a router runner runs spiced, and spiced_full optimises and tests through it", async () => {
    let calls = 0;
    const router: RunVariant = (input, host) => {
      calls++;
      return runBacktest(input, host);
    };
    const outcomes = await runVariants(request({ vanilla: runBacktest, spiced: router }, ["spiced", "spiced_full"]));
    expect(outcomes.map((o) => o.status)).toEqual(["complete", "complete"]);
    // spiced: 1 run; spiced_full: 4 windows × 6 combinations in sample, then the stitched run.
    expect(calls).toBe(1 + 4 * 6 + 1);
  });

  it("with a router team, spiced runs the team and spiced_full walk-forwards the bot that trades the config's strategy", async () => {
    const bots = parseBots(EXAMPLE_BOTS, "bots", "$");
    const base = request(variantRunners(bots, {}, "ma_cross"), ["spiced", "spiced_full"]);
    // The bots keep to sessions: the run needs its session labels.
    const time = (base.input.bars as BarColumns).time;
    const outcomes = await runVariants({ ...base, input: { ...base.input, sessions: FX_RUN_CALENDAR.sessions(time) } });
    expect(outcomes.map((o) => o.status)).toEqual(["complete", "complete"]);
    const [spiced, full] = outcomes;
    if (spiced.status !== "complete" || full.status !== "complete") throw new Error("expected results");
    expect(spiced.result.strategy.id).toBe("portfolio");
    expect(full.result.strategy.id).toBe("portfolio");
    // The MA-cross bot traded the windows' choices, from the combinations of the plan.
    expect(full.result.walk_forward?.windows.map((w) => [4, 8, 12].includes(w.params.fast as number))).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  it("with a team of which no bot trades the config's strategy, spiced_full is unavailable saying so", async () => {
    const runners = variantRunners(parseBots(EXAMPLE_BOTS, "bots", "$"), {}, "rsi_reversion");
    expect(runners.spicedFullUnavailable).toBe(
      "walk-forward optimises rsi_reversion, which no bot of the router team trades",
    );
    expect(variantRunners([]).spicedFullUnavailable).toBeUndefined();
    const [outcome] = await runVariants(request(runners, ["spiced_full"]));
    expect(outcome).toMatchObject({ status: "unavailable", error: { message: runners.spicedFullUnavailable } });
  });

  it("a *_full variant without walk-forward settings is unavailable, saying what to add", async () => {
    const [outcome] = await runVariants({
      ...request({ vanilla: runBacktest }, ["vanilla_full"]),
      walkForward: undefined,
    });
    expect(outcome).toMatchObject({ variant: "vanilla_full", status: "unavailable" });
    if (outcome.status === "complete") throw new Error("expected no result");
    expect(outcome.error.message).toMatch(/add a walk_forward section/);
  });

  it("a variant that fails is reported with its error and the others still run", async () => {
    const failing: RunVariant = async () => {
      throw new Error("router exploded");
    };
    const outcomes = await runVariants(request({ vanilla: runBacktest, spiced: failing }, ["spiced", "vanilla"]));
    expect(outcomes[0]).toMatchObject({
      status: "failed",
      error: { code: "VARIANT_FAILED", message: "router exploded" },
    });
    expect(outcomes[1].status).toBe("complete");
  });
});

describe("the comparison", () => {
  it("formats the variants side by side with a note for each that did not run", async () => {
    const outcomes = await runVariants(request({ vanilla: runBacktest }, ["vanilla", "spiced", "vanilla_full"]));
    const text = formatComparison(outcomes);
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^\s+vanilla\s+spiced\s+vanilla_full$/);
    expect(lines).toContainEqual(
      expect.stringMatching(/^Tested\s+2024-01-01 → 2024-02-29\s+–\s+2024-01-21 → 2024-02-29$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^WF windows\s+–\s+–\s+4$/));
    expect(lines.at(-1)).toMatch(/^spiced: unavailable — spiced runs through the router's Commander/);
    const trades = comparisonRows(outcomes).find((r) => r.label === "Trades");
    if (outcomes[0].status !== "complete") throw new Error("expected vanilla");
    expect(trades?.cells[0]).toBe(String(outcomes[0].result.metrics.trades));
  });

  it("groups trades by the regime at their entry row", () => {
    const regimes = Uint8Array.from([
      REGIME_CODE.UNKNOWN,
      REGIME_CODE.TREND_UP,
      REGIME_CODE.RANGE,
      REGIME_CODE.TREND_UP,
    ]);
    const trade = (entryIndex: number, pnl: number) =>
      ({ entryIndex, pnl, pips: pnl / 10, entryTime: T0, session: "LONDON" }) as never;
    const rows = regimeBreakdown([trade(1, 10), trade(3, -4), trade(2, 6), trade(0, 1)], regimes);
    expect(rows.map((r) => [r.key, r.trades, r.wins, r.net_pnl])).toEqual([
      ["RANGE", 1, 1, 6],
      ["TREND_UP", 2, 1, 6],
      ["UNKNOWN", 1, 1, 1],
    ]);
  });
});

describe("planWalkForward", () => {
  const error = (text: string) => {
    try {
      const config = loadSessionConfig(text);
      planWalkForward(config, planRun(config, instrumentFor), "v.json");
    } catch (e) {
      return e as PipscopeError;
    }
    throw new Error("expected an error");
  };

  it("turns walk_forward into windows and the sweep's combinations", () => {
    const { settings, sweep } = plan();
    expect(settings).toEqual({ mode: "rolling", inSampleDays: 20, outOfSampleDays: 10 });
    expect(sweep.combinations.combinations.map((c) => [c.fast, c.slow])).toEqual([
      [4, 24],
      [4, 48],
      [8, 24],
      [8, 48],
      [12, 24],
      [12, 48],
    ]);
    expect(sweep.objective.label).toBe("net_profit");
  });

  it("no walk_forward section is WALK_FORWARD_MISSING with an example", () => {
    const text = JSON.stringify({ ...JSON.parse(configText()), walk_forward: undefined });
    const e = error(text);
    expect(e.code).toBe("WALK_FORWARD_MISSING");
    expect(e.where).toEqual({ file: "v.json", path: "$.walk_forward" });
  });

  it("an unknown parameter is SWEEP_BAD_PARAM at $.walk_forward.parameters", () => {
    const e = error(
      configText({ walk_forward: { in_sample_days: 20, out_of_sample_days: 10, parameters: ["speed=1:3"] } }),
    );
    expect(e.code).toBe("SWEEP_BAD_PARAM");
    expect(e.message).toMatch(/ma_cross has no such parameter/);
    expect(e.where).toEqual({ file: "v.json", path: "$.walk_forward.parameters" });
  });

  it("a bad objective is SWEEP_BAD_EXPRESSION at $.walk_forward.objective", () => {
    const e = error(
      configText({
        walk_forward: { in_sample_days: 20, out_of_sample_days: 10, parameters: ["fast=4,8"], objective: "sharpe +" },
      }),
    );
    expect(e.code).toBe("SWEEP_BAD_EXPRESSION");
    expect(e.where?.path).toBe("$.walk_forward.objective");
  });

  it("the config rejects a variant listed twice and a walk_forward without windows", () => {
    expect(() => loadSessionConfig(configText({ variants: ["vanilla", "vanilla"] }), "v.json")).toThrow(
      /^\$\.variants: a variant is listed twice$/,
    );
    expect(() =>
      loadSessionConfig(configText({ walk_forward: { in_sample_days: 20, parameters: ["fast=4,8"] } }), "v.json"),
    ).toThrow(/^\$\.walk_forward\.out_of_sample_days: expected number/);
  });
});
