import type { DataKind } from "../core/data/types.ts";
import type { UtcMs } from "../core/units.ts";
import type { Dataset, DatasetTimeframe } from "./catalog.ts";

/** A dataset as `data list` and the Data page show it. */
export interface DatasetSummary {
  /** `EURUSD/bars/M1/sample`. */
  id: string;
  /** Which of the symbol's datasets of this kind and timeframe: `sample`, `recording`, a file's name. */
  name: string;
  symbol: string;
  kind: DataKind;
  timeframe: DatasetTimeframe;
  rows: number;
  first: UtcMs;
  last: UtcMs;
  quality: number;
  synthetic: boolean;
  bytes: number;
  /** The files (or the generator, a recording) that fed it, oldest first. */
  sources: string[];
  updatedAt: UtcMs;
}

export function summary(d: Dataset): DatasetSummary {
  return {
    id: d.id,
    name: d.name,
    symbol: d.symbol,
    kind: d.kind,
    timeframe: d.timeframe,
    rows: d.rows,
    first: d.first,
    last: d.last,
    quality: d.quality.score,
    synthetic: d.synthetic,
    bytes: d.partitions.reduce((sum, p) => sum + p.bytes, 0),
    sources: d.sources.map((s) => s.file),
    updatedAt: d.updatedAt,
  };
}
