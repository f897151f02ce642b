import { PipscopeError } from "../errors.ts";
import { MS_PER_DAY, MS_PER_MINUTE } from "../units.ts";
import { TIMEFRAMES, type Timeframe } from "./types.ts";

/**
 * Nominal length of a bar of each timeframe in ms. D1, W1 and MN1 follow the FX calendar (an FX
 * day is 17:00→17:00 New York; a month has 28–31 days), so theirs is the typical length, used
 * for gap thresholds — never to compute bar boundaries (see resample.ts).
 */
export const TIMEFRAME_MS: Readonly<Record<Timeframe, number>> = {
  M1: MS_PER_MINUTE,
  M5: 5 * MS_PER_MINUTE,
  M15: 15 * MS_PER_MINUTE,
  M30: 30 * MS_PER_MINUTE,
  H1: 60 * MS_PER_MINUTE,
  H4: 240 * MS_PER_MINUTE,
  D1: MS_PER_DAY,
  W1: 7 * MS_PER_DAY,
  MN1: 30 * MS_PER_DAY,
};

/** Whether `value` names a timeframe (M1 … MN1, upper case). */
export function isTimeframe(value: string): value is Timeframe {
  return (TIMEFRAMES as readonly string[]).includes(value);
}

/**
 * Parses a timeframe, case-insensitively (`h1` → `H1`).
 * @throws PipscopeError `DATA_BAD_TIMEFRAME` listing the timeframes.
 */
export function parseTimeframe(value: string, field = "timeframe"): Timeframe {
  const upper = value.trim().toUpperCase();
  if (isTimeframe(upper)) return upper;
  throw new PipscopeError("DATA_BAD_TIMEFRAME", `'${value}' is not a timeframe: use one of ${TIMEFRAMES.join(", ")}`, {
    field,
  });
}

/**
 * The finest timeframe no finer than `finest` with at most `maxBars` bars over `spanMs` (D1 at
 * most): what a chart of a long range draws so that it stays responsive.
 */
export function timeframeForSpan(spanMs: number, finest: Timeframe, maxBars: number): Timeframe {
  const candidates = TIMEFRAMES.filter(
    (tf) => TIMEFRAME_MS[tf] >= TIMEFRAME_MS[finest] && TIMEFRAME_MS[tf] <= MS_PER_DAY,
  );
  return candidates.find((tf) => spanMs / TIMEFRAME_MS[tf] <= maxBars) ?? "D1";
}
