import { describe, expect, it } from "vitest";
import { loadSessionConfig } from "../../../src/core/config/index.ts";
import { instrumentFor } from "../../../src/core/data/instruments.ts";
import { shareRunData, startSweep } from "../../../src/core/engine/sweep/index.ts";
import type { PipscopeError } from "../../../src/core/errors.ts";
import { FX_RUN_CALENDAR, type MarketData, openRun, sweepData } from "../../../src/core/run/index.ts";
import { recordingHost } from "../engine/fixtures.ts";
import { configText, inProcessHost, walkMarket } from "../engine/sweep/fixtures.ts";

const MA = { id: "ma_cross", parameters: { fast: 5, slow: 20 } };

/** The walk market with the user's edited specs, as the Data page or the CLI's cache offers them. */
function marketWith(contractSize: number): MarketData {
  const walk = walkMarket();
  return { ...walk, instruments: async () => [{ ...instrumentFor("EURUSD"), contractSize }] };
}

async function open(config: object | string, market: MarketData = walkMarket()) {
  const text = typeof config === "string" ? config : JSON.stringify(config);
  return openRun(loadSessionConfig(text, "t.json"), "t.json", { market, calendar: FX_RUN_CALENDAR, now: () => 0 });
}

async function failure(work: Promise<unknown>): Promise<PipscopeError> {
  try {
    await work;
  } catch (error) {
    return error as PipscopeError;
  }
  throw new Error("expected a failure");
}

describe("one run path", () => {
  it("issue 14: a config whose variant is spiced runs through the router, and says so", async () => {
    const config = { ...JSON.parse(configText(MA, { days: 20 })), variant: "spiced" };
    const run = await open(config);
    const host = recordingHost();
    const result = await run.run(await run.prepare("s"), host);
    expect(result.variant).toBe("spiced");
    // The router sized the entries (its governor), and its log says who bid.
    expect(result.sizing).toEqual({ mode: "governor" });
    const router = host.events.filter((e) => e.type === "log_entry" && e.data.module === "router");
    expect(router.length).toBeGreaterThan(0);
    // The same config as vanilla trades the strategy alone, at its fixed size.
    const vanilla = await open({ ...config, variant: "vanilla" });
    const plain = await vanilla.run(await vanilla.prepare("v"), recordingHost());
    expect(plain.variant).toBe("vanilla");
    expect(plain.sizing).toEqual({ mode: "fixed", lots: 0.1 });
    expect(plain.trades.map((t) => t.lots)).not.toEqual(result.trades.map((t) => t.lots));
  });

  it("refuses a config whose variant cannot run, naming the field, before any data is read", async () => {
    const market = walkMarket();
    const config = { ...JSON.parse(configText(MA)), variant: "vanilla_full" };
    const error = await failure(open(config, market));
    expect([error.code, error.where]).toEqual(["WALK_FORWARD_MISSING", { file: "t.json", path: "$.walk_forward" }]);
    expect(market.calls).toBe(0);
  });

  it("issue 15: an edited contract size doubles a backtest's, a sweep's and a comparison's P&L alike", async () => {
    const config = configText(MA, { days: 20, backtest: { costs: { spread: "bar" } } });
    const pnl = async (contractSize: number) => {
      const run = await open(config, marketWith(contractSize));
      const input = await run.prepare("c");
      const backtest = (await run.run(input, recordingHost())).metrics.net_profit;
      const [vanilla] = await run.variants(input, ["vanilla"], { hostFor: () => recordingHost() });
      const compare = vanilla.status === "complete" ? vanilla.result.metrics.net_profit : Number.NaN;
      const plan = run.sweep({
        params: ["fast=5"],
        constraints: [],
        objective: "net_profit",
        search: { kind: "grid" },
      });
      const outcome = await startSweep(
        {
          config: plan.config,
          instrument: plan.run.instrument,
          data: shareRunData(sweepData(input)),
          combinations: plan.combinations.combinations,
          method: plan.method,
          methodReason: plan.methodReason,
        },
        inProcessHost(1),
      ).done;
      return { backtest, compare, sweep: outcome.rows[0].metrics?.net_profit };
    };
    const standard = await pnl(100_000);
    const doubled = await pnl(200_000);
    expect(standard.backtest).not.toBe(0);
    expect(standard.compare).toBeCloseTo(standard.backtest, 6);
    expect(standard.sweep).toBeCloseTo(standard.backtest, 6);
    expect(doubled.backtest).toBeCloseTo(2 * standard.backtest, 6);
    expect(doubled.compare).toBeCloseTo(2 * standard.backtest, 6);
    expect(doubled.sweep).toBeCloseTo(2 * standard.backtest, 6);
  });
});
