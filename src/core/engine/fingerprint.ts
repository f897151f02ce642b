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
  let hash = 0x811c9dc5;
  const mix = (column: Float64Array) => {
    const bytes = new Uint8Array(column.buffer, column.byteOffset + start * 8, (rows.length - start) * 8);
    for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  };
  mix(rows.time);
  mix(rows.close);
  return {
    symbol,
    timeframe,
    from: rows.time[start],
    to: rows.time[rows.length - 1],
    rows: rows.length - start,
    hash: (hash >>> 0).toString(16).padStart(8, "0"),
  };
}
