import { z } from "zod";
import { instrumentSchema } from "../core/data/instruments.ts";
import type { QualityReport } from "../core/data/quality.ts";
import { type DataKind, TIMEFRAMES, type Timeframe } from "../core/data/types.ts";
import { PipscopeError } from "../core/errors.ts";

/** A dataset's timeframe: a bar timeframe, or `tick` for ticks. */
export type DatasetTimeframe = Timeframe | "tick";

const ms = z.number().finite();

const qualitySchema = z.object({
  kind: z.enum(["bars", "ticks"]),
  timeframe: z.enum([...TIMEFRAMES, "tick"]),
  rowsRead: z.number().int().nonnegative(),
  rowsStored: z.number().int().nonnegative(),
  first: ms.nullable(),
  last: ms.nullable(),
  duplicates: z.number().int().nonnegative(),
  outOfOrder: z.number().int().nonnegative(),
  ohlcInconsistent: z.number().int().nonnegative(),
  badPrices: z.number().int().nonnegative(),
  bidAboveAsk: z.number().int().nonnegative(),
  gaps: z.object({
    count: z.number().int().nonnegative(),
    thresholdMs: z.number().nonnegative(),
    openMs: z.number().nonnegative(),
    missingMs: z.number().nonnegative(),
    list: z.array(z.object({ from: ms, to: ms, openMs: z.number().nonnegative() })),
  }),
  spikes: z.object({
    count: z.number().int().nonnegative(),
    k: z.number().positive(),
    list: z.array(z.object({ time: ms, size: z.number(), average: z.number() })),
  }),
  spread: z.object({
    median: z.number(),
    threshold: z.number(),
    outliers: z.number().int().nonnegative(),
    max: z.number(),
    unit: z.enum(["points", "price"]),
  }),
  score: z.number().min(0).max(100),
  penalties: z.object({ integrity: z.number(), gaps: z.number(), spikes: z.number(), spread: z.number() }),
}) satisfies z.ZodType<QualityReport>;

/** One Parquet file of a dataset: a year's rows, or a part of them. */
const partitionSchema = z.object({
  /** Path relative to the data directory. */
  path: z.string().min(1),
  year: z.number().int(),
  rows: z.number().int().positive(),
  first: ms,
  last: ms,
  bytes: z.number().int().nonnegative(),
});
export type Partition = z.infer<typeof partitionSchema>;

/** One import (or recording) that fed a dataset. */
const sourceSchema = z.object({
  /** The file's name, or `synthetic (seed 1)`, or `relay recording`. */
  file: z.string(),
  /** Size and content hash of the file's head and tail: the same file imported twice is recognised. */
  fingerprint: z.string(),
  format: z.string(),
  /** Source timezone as given (`mt5-server`, `+02:00`, `Europe/Berlin`, `UTC`). */
  timezone: z.string(),
  importedAt: ms,
  rowsRead: z.number().int().nonnegative(),
  rowsStored: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  outOfOrder: z.number().int().nonnegative(),
  badPrices: z.number().int().nonnegative(),
  first: ms.nullable(),
  last: ms.nullable(),
});
export type DatasetSource = z.infer<typeof sourceSchema>;

const datasetSchema = z.object({
  /** `SYMBOL/kind/timeframe`, e.g. `EURUSD/bars/M1`, `EURUSD/ticks/tick`. */
  id: z.string(),
  symbol: z.string(),
  kind: z.enum(["bars", "ticks"]),
  timeframe: z.enum([...TIMEFRAMES, "tick"]),
  rows: z.number().int().nonnegative(),
  first: ms,
  last: ms,
  /** Made by the synthetic generator: shown as "synthetic" wherever it appears. */
  synthetic: z.boolean(),
  sources: z.array(sourceSchema),
  quality: qualitySchema,
  partitions: z.array(partitionSchema),
  updatedAt: ms,
});
export type Dataset = z.infer<typeof datasetSchema>;

export const catalogSchema = z.object({
  version: z.literal(1),
  datasets: z.array(datasetSchema),
  /** Instruments the user edited; they win over the built-in defaults. */
  instruments: z.array(instrumentSchema),
  /** When the default synthetic sample was created (UTC ms), null if never. */
  sampleCreatedAt: z.number().nullable(),
});
export type Catalog = z.infer<typeof catalogSchema>;

export const EMPTY_CATALOG: Catalog = { version: 1, datasets: [], instruments: [], sampleCreatedAt: null };

/** The id of a dataset: `EURUSD/bars/M1`, `EURUSD/ticks/tick`. */
export function datasetId(symbol: string, kind: DataKind, timeframe: DatasetTimeframe): string {
  return `${symbol}/${kind}/${timeframe}`;
}

/**
 * Validates a stored catalog (catalog.json can be edited by hand, IndexedDB by other code).
 * @throws PipscopeError DATA_BAD_CATALOG naming the JSON path of the first problem.
 */
export function parseCatalog(value: unknown, where: string): Catalog {
  if (value === undefined) return structuredClone(EMPTY_CATALOG);
  const parsed = catalogSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = `$${issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}`;
  throw new PipscopeError(
    "DATA_BAD_CATALOG",
    `the data catalog is damaged: ${issue.message}; restore it, or delete it to start an empty cache`,
    { file: where, path },
  );
}
