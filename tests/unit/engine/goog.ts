import { readFile } from "node:fs/promises";
import type { BarColumns, Instrument } from "../../../src/core/data/types.ts";

// See tests/fixtures/backtesting-py/README.md for where the data comes from.
const GOOG_CSV = new URL("../../fixtures/backtesting-py/GOOG.csv", import.meta.url);

/** GOOG as backtesting.py trades it: one share per unit, no leverage of its own. */
export const GOOG: Instrument = {
  symbol: "GOOG",
  digits: 2,
  point: 0.01,
  pipSize: 0.01,
  contractSize: 1,
  baseCurrency: "GOOG",
  quoteCurrency: "USD",
  marginRate: 1,
  commissionPerLot: 0,
  swapMode: "points",
  swapLong: 0,
  swapShort: 0,
  exchangeGroup: "US_EQUITY",
  assetClass: "EQUITY",
};

/** backtesting.py's GOOG daily bars (2,148 rows, 2004-08-19 → 2013-03-01), times at UTC midnight. */
export async function googBars(): Promise<BarColumns> {
  const rows = (await readFile(GOOG_CSV, "utf8")).trim().split("\n").slice(1);
  const n = rows.length;
  const bars: BarColumns = {
    length: n,
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    tickVolume: new Float64Array(n),
    volume: new Float64Array(n),
    spread: new Float64Array(n),
  };
  rows.forEach((row, i) => {
    const [date, open, high, low, close, volume] = row.split(",");
    bars.time[i] = Date.parse(`${date}T00:00:00Z`);
    bars.open[i] = Number(open);
    bars.high[i] = Number(high);
    bars.low[i] = Number(low);
    bars.close[i] = Number(close);
    bars.volume[i] = Number(volume);
  });
  return bars;
}
