import type { BarColumns } from "../data/types.ts";

/** What data a run saw, so a re-run elsewhere can tell whether it has the same data. */
export interface DataFingerprint {
  symbol: string;
  timeframe: string;
  /** First and last tested row (UTC ms) and the number of tested rows. */
  from: number;
  to: number;
  rows: number;
  /** FNV-1a (32-bit, hex) over the tested rows' times and closes, as float64 bytes. */
  hash: string;
}

/**
 * Fingerprints rows [start, end) of `rows` (bars, or ticks with their bid as `close`): one pass
 * over two columns, no allocation but a view.
 */
export function fingerprint(
  symbol: string,
  timeframe: string,
  rows: Pick<BarColumns, "length" | "time" | "close">,
  start: number,
): DataFingerprint {
  const bytes = (column: Float64Array) =>
    new Uint8Array(column.buffer, column.byteOffset + start * 8, (rows.length - start) * 8);
  const hash = fnv1a(fnv1a(0x811c9dc5, bytes(rows.time)), bytes(rows.close));
  return {
    symbol,
    timeframe,
    from: rows.time[start],
    to: rows.time[rows.length - 1],
    rows: rows.length - start,
    hash: (hash >>> 0).toString(16).padStart(8, "0"),
  };
}

/**
 * FNV-1a over `bytes`, continuing from `hash`. The hash lives in a local: kept in a closure, each
 * step would store a 32-bit integer that Chromium (31-bit small integers) boxes — 12M allocations
 * for two years of M1, a tenth of a second.
 */
function fnv1a(hash: number, bytes: Uint8Array): number {
  let h = hash;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h;
}

/**
 * What data a run ran on (the result's `data`): the tested rows' fingerprint, the dataset they came
 * from, and what they covered of the range the run asked for.
 */
export interface RunData extends DataFingerprint {
  /** The cached dataset, e.g. `EURUSD/bars/M1/sample`; null for data not from the cache. */
  dataset: string | null;
  /** What fed the dataset: file names, "synthetic (seed 1)", a relay recording. */
  sources: string[];
  /** Synthetic rows: labelled SYNTHETIC wherever the result shows; null when not recorded (older results). */
  synthetic: boolean | null;
  /** The dataset's quality score (0–100), when known. */
  quality: number | null;
  /** The timeframe the rows were resampled from (`M1`, `tick`), or null. */
  resampled_from: string | null;
  /** The range the run asked for (UTC ms), when known. */
  requested_from: number | null;
  requested_to: number | null;
  /** What the data missed of that range, in words (core/data/coverage.ts); null when it covered it. */
  coverage_gap: string | null;
}
