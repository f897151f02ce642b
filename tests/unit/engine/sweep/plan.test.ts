import { describe, expect, it } from "vitest";
import { loadSessionConfig } from "../../../../src/core/config/index.ts";
import { instrumentFor } from "../../../../src/core/data/instruments.ts";
import { vectorisation } from "../../../../src/core/engine/sweep/eligibility.ts";
import { maCrossSignals } from "../../../../src/core/engine/sweep/ma-cross-signals.ts";
import type { PipscopeError } from "../../../../src/core/errors.ts";
import { planRun } from "../../../../src/core/run/index.ts";
import { configWithParams, planSweep, type SweepRequest } from "../../../../src/core/run/sweep-plan.ts";
import { configText } from "./fixtures.ts";

const MA = configText({ id: "ma_cross", parameters: { fast: 10, slow: 30, kind: "EMA" } });
const request = (overrides: Partial<SweepRequest> = {}): SweepRequest => ({
  params: ["fast=10:40:10"],
  constraints: [],
  objective: "sharpe",
  search: { kind: "grid" },
  ...overrides,
});

/** Plans a sweep of `config` (text) as the run path does. */
function sweepOf(request: SweepRequest, config = MA) {
  const parsed = loadSessionConfig(config, "s.json");
  return planSweep(parsed, planRun(parsed, instrumentFor), request);
}

function error(run: () => unknown): PipscopeError {
  try {
    run();
  } catch (e) {
    return e as PipscopeError;
  }
  throw new Error("did not throw");
}

describe("planSweep", () => {
  it("varies the axes around the config's parameters and leaves out what the strategy refuses", () => {
    const plan = sweepOf(request());
    expect(plan.space.base).toEqual({ fast: 10, slow: 30, kind: "EMA", long_only: false });
    // fast 30 and 40 are not below slow 30.
    expect(plan.combinations.combinations.map((c) => c.fast)).toEqual([10, 20]);
    expect(plan.refused).toEqual({ count: 2, example: "ma_cross: fast (30) must be less than slow (30)" });
    expect(plan).toMatchObject({
      method: "vectorised",
      methodReason: "ma_cross is vectorised under these settings (checked against the engine first)",
    });
    expect(plan.objective.label).toBe("sharpe");
  });

  it("rejects a sweep with nothing to vary, custom code, or no combination the strategy accepts", () => {
    expect(error(() => sweepOf(request({ params: [] }))).code).toBe("SWEEP_NO_PARAMS");
    const custom = configText({ id: "mine", source: "export default { onBar() {} }" });
    const code = error(() => sweepOf(request(), custom));
    expect([code.code, code.where]).toEqual(["SWEEP_CUSTOM_STRATEGY", { path: "$.strategy.source" }]);
    const none = error(() => sweepOf(request({ params: ["fast=30:50:10"] })));
    expect([none.code, none.message]).toEqual([
      "SWEEP_EMPTY",
      "ma_cross refuses every combination: ma_cross: fast (30) must be less than slow (30)",
    ]);
  });

  it("turns a row back into the config that runs it alone", () => {
    const base = loadSessionConfig(MA);
    const config = configWithParams(base, { fast: 20, slow: 30, kind: "EMA", long_only: true });
    expect(config.strategy).toEqual({
      id: "ma_cross",
      parameters: { fast: 20, slow: 30, kind: "EMA", long_only: true },
    });
    expect(config.backtest_config).toEqual(base.backtest_config);
  });
});

describe("which sweeps are vectorised", () => {
  const plan = (strategy: object, backtest: object = {}) =>
    planRun(loadSessionConfig(configText(strategy, { backtest }), "t.json"), instrumentFor);
  const ma = { id: "ma_cross" };

  it("ma_cross with fixed lots, per-lot commission, next-open fills, no slippage, quote = account currency", () => {
    expect(vectorisation(plan(ma))).toEqual({ ok: true });
  });

  it("everything else runs in the engine, saying why", () => {
    const cases: [object, object, string][] = [
      [{ id: "rsi_reversion" }, {}, "rsi_reversion has no vectorised form (only ma_cross)"],
      [
        ma,
        { trade_on_close: true },
        "trade_on_close fills at the signal's close; the simulator fills at the next open",
      ],
      [ma, { sizing: { mode: "risk", percent: 1 } }, "risk sizing depends on equity; the simulator trades fixed lots"],
      [ma, { costs: { spread: "bar", slippage_points: 2 } }, "slippage is not simulated"],
    ];
    for (const [strategy, backtest, reason] of cases)
      expect(vectorisation(plan(strategy, backtest))).toEqual({ ok: false, reason });
    const yen = planRun(loadSessionConfig(configText(ma).replace('"EURUSD"', '"USDJPY"'), "t.json"), instrumentFor);
    expect(vectorisation(yen)).toEqual({
      ok: false,
      reason: "USDJPY is quoted in JPY, the account is in USD: the simulator has no conversion",
    });
    expect(vectorisation({ ...plan(ma), timeframe: "ticks" })).toEqual({
      ok: false,
      reason: "tick mode runs in the engine",
    });
    expect(vectorisation({ ...plan(ma), news: {} })).toEqual({
      ok: false,
      reason: "news kill zones run in the engine",
    });
    expect(vectorisation({ ...plan(ma), sessionsFilter: ["LONDON"] })).toEqual({
      ok: false,
      reason: "a sessions filter runs in the engine",
    });
  });
});

describe("ma_cross signals for the simulator", () => {
  const signals = (n: number) => ({
    entryLong: new Uint8Array(n),
    entryShort: new Uint8Array(n),
    exit: new Uint8Array(n),
  });

  it("buys on a cross up and sells on a cross down from the first tested row; long_only only exits", () => {
    const cross = Int8Array.from([1, 0, 1, 0, -1, 0, 1, -1]);
    const both = signals(6);
    expect(maCrossSignals(cross, 2, false, both)).toBe(true);
    expect([...both.entryLong]).toEqual([1, 0, 0, 0, 1, 0]);
    expect([...both.entryShort]).toEqual([0, 0, 1, 0, 0, 1]);
    expect([...both.exit]).toEqual([0, 0, 0, 0, 0, 0]);
    const longOnly = signals(6);
    expect(maCrossSignals(cross, 2, true, longOnly)).toBe(true);
    expect([...longOnly.exit]).toEqual([0, 0, 1, 0, 0, 1]);
    expect([...longOnly.entryShort]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("says when a tie makes the strategy stack a second position (two crosses up in a row)", () => {
    expect(maCrossSignals(Int8Array.from([0, 1, 0, 1, 0]), 0, false, signals(5))).toBe(false);
    // On the last row the second signal never fills: nothing stacks.
    expect(maCrossSignals(Int8Array.from([0, 1, 0, 0, 1]), 0, false, signals(5))).toBe(true);
  });
});
