import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { createStrategy } from "../../../src/core/strategy/index.ts";
import { run } from "./fixtures.ts";
import { GOOG, googBars } from "./goog.ts";

// See tests/fixtures/backtesting-py/README.md for where these files come from.
const DIR = new URL("../../fixtures/backtesting-py/", import.meta.url);

async function expectedTrades() {
  const rows = (await readFile(new URL("goog-smacross-trades.csv", DIR), "utf8")).trim().split("\n").slice(1);
  return rows.map((row) => {
    const [size, entryBar, exitBar, , , entryPrice, exitPrice] = row.split(",").map(Number);
    return { size, entryBar, exitBar, entryPrice, exitPrice };
  });
}

describe("parity with backtesting.py (SmaCross 10/30 on its GOOG data)", () => {
  it("opens and closes the same trades at the same bars, prices and sizes", async () => {
    const bars = await googBars();
    const { instance, params } = createStrategy("ma_cross", { fast: 10, slow: 30, kind: "SMA" });
    const { trades, result } = await run(bars, instance, {
      strategy: { id: "ma_cross", params, instance },
      instrument: GOOG,
      timeframe: "D1",
      // backtesting.py defaults: cash 10,000, margin 1 (no leverage), no commission, all-in size.
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
    const expected = await expectedTrades();
    const ours = trades.map((t) => ({
      size: (t.side === "long" ? 1 : -1) * t.lots,
      entryBar: t.entryIndex,
      exitBar: t.exitIndex,
      entryPrice: t.entryPrice,
      exitPrice: t.exitPrice,
    }));
    expect(ours).toHaveLength(66);
    // The first 65 trades: identical. The last is closed when the data ends — backtesting.py's
    // finalize_trades closes it at that bar's open, we close it at the last price (its close).
    expect(ours.slice(0, 65)).toEqual(expected.slice(0, 65));
    expect(ours[65]).toEqual({ ...expected[65], exitPrice: 806.19 });
    // Marked at the last close, backtesting.py's own tests record Equity Final 51959.94999999997.
    expect(result.metrics.final_balance).toBeCloseTo(51959.94999999997, 6);
  });
});
