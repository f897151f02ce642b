import { describe, expect, it } from "vitest";
import { monteCarloCliOptions, monteCarloSection } from "../../../src/cli/print-monte-carlo.ts";
import type { BacktestResult } from "../../../src/core/engine/backtest.ts";

/** A result with only what the section reads: the trades' P&Ls, the sizing and the initial balance. */
const resultWith = (pnls: number[]) =>
  ({
    trades: pnls.map((pnl) => ({ pnl, entryEquity: 10_000 })),
    sizing: { mode: "fixed", lots: 0.1 },
    account: { currency: "USD", initial_balance: 10_000, leverage: 100, mode: "hedging" },
  }) as unknown as BacktestResult;

describe("the CLI's Monte Carlo section", () => {
  it("prints percentiles and the chosen drawdown's probability; equal trades give one path", () => {
    // Every path of three −50 trades ends at 9,850 with a 1.5 % drawdown.
    expect(monteCarloSection(resultWith([-50, -50, -50]), { runs: 200, seed: 7, drawdownPct: 1.5 })).toBe(
      [
        "Monte Carlo: 200 bootstrap paths of 3 trades, seed 7",
        "  drawn from fixed lots: each trade's money P&L",
        "percentile              5%       25%       50%       75%       95%",
        "Final equity      9,850.00  9,850.00  9,850.00  9,850.00  9,850.00",
        "Max drawdown %        1.50      1.50      1.50      1.50      1.50",
        "P(max drawdown ≥ 1.5%) 100.0%   P(ruin) 0.0%",
      ].join("\n"),
    );
  });

  it("widens its columns to the widest figure: a ten-million account's equity stays apart", () => {
    const result = { ...resultWith([-50, 75]), account: { currency: "USD", initial_balance: 10_000_000 } };
    const section = monteCarloSection(result as BacktestResult, { runs: 50, seed: 1, drawdownPct: 20 });
    const equity = section.split("\n").find((line) => line.startsWith("Final equity")) ?? "";
    expect(equity.trim().split(/\s{2,}/)).toHaveLength(6);
    expect(equity).toMatch(/^Final equity\s+9,999,900\.00\s+/);
  });

  it("is the same with the same seed, and says so when there is nothing to resample", () => {
    const result = resultWith([120, -80, 45, -60, 30, -20]);
    const options = { runs: 500, seed: 3, drawdownPct: 2 };
    expect(monteCarloSection(result, options)).toBe(monteCarloSection(result, options));
    expect(monteCarloSection(resultWith([]), options)).toBe("Monte Carlo: no trades to resample");
  });

  it("reads its options with defaults, and names a bad one", () => {
    expect(monteCarloCliOptions({})).toEqual({ runs: 1000, seed: 1, drawdownPct: 20 });
    expect(monteCarloCliOptions({ "monte-carlo": "0", "mc-seed": "42", "mc-drawdown": "12.5" })).toEqual({
      runs: 0,
      seed: 42,
      drawdownPct: 12.5,
    });
    expect(() => monteCarloCliOptions({ "monte-carlo": "lots" })).toThrow(
      expect.objectContaining({
        code: "CLI_USAGE",
        message: "--monte-carlo 'lots' is not a whole number from 0 to 100000",
      }),
    );
    expect(() => monteCarloCliOptions({ "mc-seed": "1.5" })).toThrow(
      expect.objectContaining({ message: expect.stringContaining("--mc-seed '1.5' is not a whole number") }),
    );
    expect(() => monteCarloCliOptions({ "mc-drawdown": "0" })).toThrow(
      expect.objectContaining({ message: "--mc-drawdown '0' is not a percentage above 0 up to 100" }),
    );
  });
});
