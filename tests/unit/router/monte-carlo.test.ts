import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../src/core/random.ts";
import {
  drawdownProbability,
  MAX_MONTE_CARLO_RUNS,
  monteCarlo,
  monteCarloDraws,
  percentile,
} from "../../../src/core/router/monte-carlo.ts";
import { createStrategy } from "../../../src/core/strategy/index.ts";
import { run } from "../engine/fixtures.ts";
import { GOOG, googBars } from "../engine/goog.ts";

const distinct = (values: Float64Array) => [...new Set(Array.from(values, (v) => Math.round(v * 1e9) / 1e9))];

describe("Monte Carlo of a trade sequence", () => {
  it("shuffling +100 then −50 keeps final equity and gives one of two drawdowns", () => {
    // +100 first: 1000 → 1100 → 1050, drawdown 50 / 1100 = 4.545…%; −50 first: 50 / 1000 = 5%.
    const result = monteCarlo([100, -50], 1000, { method: "shuffle", runs: 200 });
    expect(distinct(result.finalEquity)).toEqual([1050]);
    expect(distinct(result.maxDrawdownPct)).toEqual([Math.round((5000 / 1100) * 1e9) / 1e9, 5]);
    const fives = result.maxDrawdownPct.filter((d) => d === 5).length;
    expect(fives).toBeGreaterThan(60);
    expect(fives).toBeLessThan(140);
    expect(drawdownProbability(result, 5)).toBe(fives / 200);
    expect(drawdownProbability(result, 4)).toBe(1);
    expect(drawdownProbability(result, 5.01)).toBe(0);
  });

  it("bootstrapping +100 and −100 draws the four paths of two trades", () => {
    // ++ 1200 (0%), +− 1000 (100 / 1100), −+ 1000 (10%), −− 800 (200 / 1000 = 20%).
    const result = monteCarlo([100, -100], 1000, { runs: 400 });
    expect(distinct(result.finalEquity)).toEqual([800, 1000, 1200]);
    expect(distinct(result.maxDrawdownPct)).toEqual([0, Math.round((10000 / 1100) * 1e9) / 1e9, 10, 20]);
    expect(result.finalEquity.filter((e) => e === 800).length).toBe(
      result.maxDrawdownPct.filter((d) => d === 20).length,
    );
  });

  it("is deterministic for a seed and differs between seeds", () => {
    const trades = Array.from({ length: 40 }, (_, i) => ((i * 37) % 11) * 10 - 45);
    const a = monteCarlo(trades, 10_000, { seed: 7 });
    const b = monteCarlo(trades, 10_000, { seed: 7 });
    const c = monteCarlo(trades, 10_000, { seed: 8 });
    expect(a.finalEquity).toEqual(b.finalEquity);
    expect(a.maxDrawdownPct).toEqual(b.maxDrawdownPct);
    expect(a.finalEquity).not.toEqual(c.finalEquity);
    expect(a).toMatchObject({ runs: 1000, seed: 7, method: "bootstrap", trades: 40, initialBalance: 10_000 });
    expect(a.percentiles.map((p) => p.percentile)).toEqual([5, 25, 50, 75, 95]);
    expect(a.percentiles[2].finalEquity).toBe(percentile(a.finalEquity, 50));
  });

  it("draws exactly the paths that seededRandom draws, step by step (the generator is inlined for speed)", () => {
    // The plain reading of the method: one seededRandom draw per trade, drawdown as a division each time.
    const reference = (values: number[], start: number, method: "bootstrap" | "shuffle", compound: boolean) => {
      const random = seededRandom(3);
      const order = [...values];
      const paths: Array<[number, number]> = [];
      for (let r = 0; r < 300; r++) {
        let equity = start;
        let peak = start;
        let worst = 0;
        for (let i = 0; i < values.length; i++) {
          let value: number;
          if (method === "bootstrap") value = values[Math.floor(random() * values.length)];
          else {
            const j = i + Math.floor(random() * (values.length - i));
            [order[i], order[j]] = [order[j], order[i]];
            value = order[i];
          }
          equity = compound ? equity * (1 + value) : equity + value;
          if (equity <= 0) {
            equity = 0;
            worst = 1;
            break;
          }
          peak = Math.max(peak, equity);
          worst = Math.max(worst, (peak - equity) / peak);
        }
        paths.push([equity, worst * 100]);
      }
      const sorted = (i: 0 | 1) => Float64Array.from(paths.map((p) => p[i])).sort();
      return { finalEquity: sorted(0), maxDrawdownPct: sorted(1) };
    };
    const money = Array.from({ length: 57 }, (_, i) => ((i * 37) % 11) * 10 - 48);
    const returns = money.map((m) => m / 400);
    for (const [values, start, compound] of [
      [money, 600, false],
      [returns, 600, true],
    ] as const)
      for (const method of ["bootstrap", "shuffle"] as const) {
        const ours = monteCarlo(values, start, { runs: 300, seed: 3, method, basis: compound ? "returns" : "money" });
        const expected = reference([...values], start, method, compound);
        expect(ours.finalEquity).toEqual(expected.finalEquity);
        for (let i = 0; i < 300; i++) expect(ours.maxDrawdownPct[i]).toBeCloseTo(expected.maxDrawdownPct[i], 9);
      }
  });

  it("stops a path at ruin: nothing left, a 100% drawdown, counted in the probability of ruin", () => {
    const result = monteCarlo([-2000], 1000, { runs: 3 });
    expect(Array.from(result.finalEquity)).toEqual([0, 0, 0]);
    expect(Array.from(result.maxDrawdownPct)).toEqual([100, 100, 100]);
    expect(result.ruinProbability).toBe(1);
  });

  it("issue 14: compounds returns on the equity each trade was sized on", () => {
    // +10 % then −10 %, in either order: 1000 × 1.1 × 0.9 = 990 — never the money sums' 1000.
    const result = monteCarlo([0.1, -0.1], 1000, { method: "shuffle", basis: "returns", runs: 50 });
    expect(distinct(result.finalEquity)).toEqual([990]);
    expect(result.basis).toBe("returns");
    // Returns compound toward zero, and a −100 % trade is ruin.
    const ruin = monteCarlo([0.5, -1], 1000, { runs: 400, basis: "returns" });
    expect(ruin.ruinProbability).toBeGreaterThan(0.6);
    expect(ruin.ruinProbability).toBeLessThan(0.9);
    expect(ruin.finalEquity.filter((e) => e === 0).length).toBe(Math.round(ruin.ruinProbability * 400));
  });

  it("draws money P&L for fixed lots and returns on the equity at entry for sizings that compound", () => {
    const trades = [
      { pnl: 100, entryEquity: 1000 },
      { pnl: -55, entryEquity: 1100 },
    ];
    expect(monteCarloDraws(trades, { mode: "fixed", lots: 0.1 })).toEqual({
      basis: "money",
      values: [100, -55],
      why: "fixed lots: each trade's money P&L",
    });
    expect(monteCarloDraws(trades, { mode: "risk", percent: 1 })).toEqual({
      basis: "returns",
      values: [0.1, -0.05],
      why: "risk % sizing: each trade's return on the equity it was sized on, compounded",
    });
    // A trade that does not say its equity (an older result, a link): money, and the reason why.
    expect(monteCarloDraws([{ pnl: 5, entryEquity: null }], { mode: "fraction", fraction: 1 }).basis).toBe("money");
    expect(monteCarloDraws(trades, null).basis).toBe("money");
  });

  it("interpolates percentiles linearly between neighbours", () => {
    const sorted = Float64Array.from([1, 2, 3, 4]);
    expect([0, 25, 50, 100].map((p) => percentile(sorted, p))).toEqual([1, 1.75, 2.5, 4]);
    expect(percentile(new Float64Array(0), 50)).toBeNaN();
  });

  it.each([
    [[10], 1000, { runs: 0 }, "runs must be a whole number from 1 to 100,000, got 0"],
    [[10], 1000, { runs: 2.5 }, "runs must be a whole number from 1 to 100,000, got 2.5"],
    [[10], 1000, { runs: MAX_MONTE_CARLO_RUNS + 1 }, "runs must be a whole number from 1 to 100,000, got 100001"],
    [[10], 1000, { seed: 0.5 }, "seed must be a whole number, got 0.5"],
    [[10], 0, {}, "the initial balance must be a positive number, got 0"],
    [[], 1000, {}, "there are no trades to resample: run a backtest that trades first"],
    [[10, Number.NaN], 1000, {}, "trade 2 has no finite P&L (NaN)"],
  ])("rejects %o from %d with %o", (trades, balance, options, message) => {
    expect(() => monteCarlo(trades, balance, options)).toThrow(
      expect.objectContaining({ code: "MONTE_CARLO_BAD_INPUT", message }),
    );
  });
});

describe("issue 14: Monte Carlo of a compounding run (backtesting.py's all-in sizing on GOOG)", async () => {
  const bars = await googBars();
  const { instance, params } = createStrategy("ma_cross", { fast: 10, slow: 30, kind: "SMA" });
  const { result } = await run(bars, instance, {
    strategy: { id: "ma_cross", params, instance },
    instrument: GOOG,
    timeframe: "D1",
    account: {
      currency: "USD",
      initialBalance: 10_000,
      leverage: 1,
      mode: "hedging",
      marginCallLevel: 100,
      stopOutLevel: 50,
    },
    sizing: { mode: "fraction", fraction: 0.9999 },
  });

  it("draws returns on the equity each trade was sized on: no path below zero, none ruined", () => {
    const draws = monteCarloDraws(result.trades, result.sizing);
    expect(draws.basis).toBe("returns");
    const mc = monteCarlo(draws.values, 10_000, { basis: "returns" });
    expect(mc.finalEquity[0]).toBeGreaterThan(0);
    expect(mc.ruinProbability).toBe(0);
    expect(mc.percentiles[2].maxDrawdownPct).toBeLessThan(100);
    // Adding the late, large trades' money to a 10,000 start — what it did before — ruins paths.
    const money = monteCarlo(
      result.trades.map((t) => t.pnl),
      10_000,
    );
    expect(money.percentiles[0].finalEquity).toBeLessThan(mc.percentiles[0].finalEquity);
    expect(money.ruinProbability).toBeGreaterThan(0);
  });
});
