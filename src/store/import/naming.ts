import { isTimeframe } from "../../core/data/timeframes.ts";
import { TIMEFRAMES, type Timeframe } from "../../core/data/types.ts";
import { PipscopeError } from "../../core/errors.ts";
import { MS_PER_MINUTE } from "../../core/units.ts";

/**
 * The symbol a file name mentions: a known symbol anywhere in it (`DAT_ASCII_EURUSD_M1_2017.csv`,
 * `XAUUSD.a_M1.csv`), else a six-letter word made of two currency codes (`eurgbp-ticks.csv` →
 * EURGBP).
 */
export function symbolFromName(name: string, known: readonly string[]): string | undefined {
  const upper = name.toUpperCase().replace(/\.[A-Z0-9]+$/, "");
  const hit = [...known].sort((a, b) => b.length - a.length).find((s) => upper.includes(s));
  if (hit) return hit;
  for (const match of upper.matchAll(/(?:^|[^A-Z])([A-Z]{6})(?=[^A-Z]|$)/g)) {
    const word = match[1];
    if (CURRENCIES.has(word.slice(0, 3)) && CURRENCIES.has(word.slice(3))) return word;
  }
  return undefined;
}

/** ISO 4217 codes (and metals, crypto) seen in FX/CFD symbols: a six-letter word of two is a pair. */
const CURRENCIES = new Set(
  "USD EUR JPY GBP CHF CAD AUD NZD SEK NOK DKK PLN HUF CZK TRY ZAR MXN SGD HKD CNH CNY RUB ILS THB INR KRW BRL XAU XAG XPT XPD BTC ETH".split(
    " ",
  ),
);

/**
 * The bar timeframe a file name states: `_M1_`, `-H4.`, `MN1`, or Dukascopy's `Candlestick_1_M`
 * / `_1_Hour_` / `_1_D_`.
 */
export function timeframeFromName(name: string): Timeframe | undefined {
  const upper = name.toUpperCase();
  for (const token of upper.split(/[^A-Z0-9]+/)) if (isTimeframe(token)) return token;
  const dukascopy = /CANDLESTICK_(\d+)_(M|MIN|MINUTE|H|HOUR|D|DAY)(?:_|\b)/.exec(upper);
  if (dukascopy) {
    const unit = dukascopy[2][0] === "M" ? "M" : dukascopy[2][0] === "H" ? "H" : "D";
    const candidate = `${unit}${dukascopy[1]}`;
    if (isTimeframe(candidate)) return candidate;
  }
  return undefined;
}

const STEPS: [number, Timeframe][] = [
  [MS_PER_MINUTE, "M1"],
  [5 * MS_PER_MINUTE, "M5"],
  [15 * MS_PER_MINUTE, "M15"],
  [30 * MS_PER_MINUTE, "M30"],
  [60 * MS_PER_MINUTE, "H1"],
  [240 * MS_PER_MINUTE, "H4"],
  [1440 * MS_PER_MINUTE, "D1"],
];

/**
 * The timeframe of bars from their times: the most common step between consecutive rows (weekend
 * and gap steps are rarer than the bar step). W1 and MN1 must be stated.
 * @throws PipscopeError DATA_TIMEFRAME_REQUIRED when the step is not a timeframe's.
 */
export function timeframeFromTimes(time: Float64Array, length: number, file: string): Timeframe {
  const counts = new Map<number, number>();
  for (let i = 1; i < Math.min(length, 5000); i++) {
    const step = time[i] - time[i - 1];
    if (step > 0) counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [step, count] of counts) {
    if (count > bestCount || (count === bestCount && step < best)) {
      best = step;
      bestCount = count;
    }
  }
  const found = STEPS.find(([ms]) => ms === best);
  if (found) return found[1];
  throw new PipscopeError(
    "DATA_TIMEFRAME_REQUIRED",
    `cannot tell the timeframe from the data (most common step ${best / 1000} s); say it with --timeframe (${TIMEFRAMES.join(", ")})`,
    { file, field: "timeframe" },
  );
}

/** Throws the error asked for when no symbol can be found. */
export function symbolRequired(file: string): PipscopeError {
  return new PipscopeError(
    "DATA_SYMBOL_REQUIRED",
    "the file name does not say which symbol this is; give it with --symbol (e.g. --symbol EURUSD)",
    { file, field: "symbol" },
  );
}
