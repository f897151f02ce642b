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
    // Catalogs from before the price band had no such rows counted.
    offBand: z.number().int().nonnegative().default(0),
    list: z.array(z.object({ time: ms, size: z.number(), average: z.number(), price: z.number().optional() })),
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
  /** Made by the synthetic generator (the sample, or a recording of the relay's synthetic ticks). */
  synthetic: z.boolean().default(false),
  /** The user chose to add this file to a dataset that another source began (never done unasked). */
  joinedByUser: z.boolean().default(false),
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
  /**
   * A pull from MT5: the start of the range it has asked for without a break, UTC ms (its rows may
   * begin later: the market was closed). A pull from there or later goes on after `last`.
   */
  pulledFrom: ms.optional(),
});
export type DatasetSource = z.infer<typeof sourceSchema>;

const datasetSchema = z.object({
  /** `SYMBOL/kind/timeframe/name`, e.g. `EURUSD/bars/M1/sample`, `EURUSD/ticks/tick/recording`. */
  id: z.string(),
  /**
   * Which of a symbol's datasets of that kind and timeframe this is: `sample`, `recording`, or the
   * name of the file that began it. Each source keeps its own dataset; an import joins another only
   * when the user names it.
   */
  name: z.string(),
  symbol: z.string(),
  kind: z.enum(["bars", "ticks"]),
  timeframe: z.enum([...TIMEFRAMES, "tick"]),
  rows: z.number().int().nonnegative(),
  first: ms,
  last: ms,
  /** Holds synthetic rows (any of its sources is synthetic): labelled SYNTHETIC wherever it appears. */
  synthetic: z.boolean(),
  sources: z.array(sourceSchema),
  quality: qualitySchema,
  partitions: z.array(partitionSchema),
  updatedAt: ms,
});
export type Dataset = z.infer<typeof datasetSchema>;

export const catalogSchema = z.object({
  version: z.literal(2),
  datasets: z.array(datasetSchema),
  /** Instruments the user edited; they win over the built-in defaults. */
  instruments: z.array(instrumentSchema),
  /** When the default synthetic sample was created (UTC ms), null if never. */
  sampleCreatedAt: z.number().nullable(),
});
export type Catalog = z.infer<typeof catalogSchema>;

export const EMPTY_CATALOG: Catalog = { version: 2, datasets: [], instruments: [], sampleCreatedAt: null };

/** The name of the sample's datasets, and of recordings'. */
export const SAMPLE_NAME = "sample";
export const RECORDING_NAME = "recording";

/** The id of a dataset: `EURUSD/bars/M1/sample`, `EURUSD/ticks/tick/recording`. */
export function datasetId(symbol: string, kind: DataKind, timeframe: DatasetTimeframe, name: string): string {
  return `${symbol}/${kind}/${timeframe}/${name}`;
}

/**
 * A dataset name from a file name or label: lower case, letters, digits, `_` and `-`, at most
 * 48 characters, the extension dropped ("EURUSD_M1 2017.csv" → "eurusd_m1-2017").
 */
export function datasetName(label: string): string {
  const stem = label.replace(/^.*[/\\]/, "").replace(/\.[A-Za-z0-9]{1,8}$/, "");
  const name = stem
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return name || "import";
}

/** Version 1 kept one dataset per symbol, kind and timeframe, whatever fed it: each gets a name. */
const catalogV1Schema = z.object({
  version: z.literal(1),
  datasets: z.array(datasetSchema.omit({ id: true, name: true }).extend({ id: z.string() })),
  instruments: z.array(instrumentSchema),
  sampleCreatedAt: z.number().nullable(),
});

function fromVersion1(v1: z.infer<typeof catalogV1Schema>): Catalog {
  const datasets = v1.datasets.map(({ id, ...dataset }) => {
    const sources = dataset.sources.map((s) => ({ ...s, synthetic: s.synthetic || s.format === "synthetic" }));
    const synthetic = sources.some((s) => s.synthetic);
    const name =
      sources.length > 1
        ? "merged"
        : sources[0]?.format === "synthetic"
          ? SAMPLE_NAME
          : sources[0]?.format === "recording"
            ? RECORDING_NAME
            : datasetName(sources[0]?.file ?? "import");
    return { ...dataset, id: `${id}/${name}`, name, synthetic, sources };
  });
  return { ...v1, version: 2, datasets };
}

/**
 * Validates a stored catalog (catalog.json can be edited by hand, IndexedDB by other code), and
 * brings a version 1 catalog up to date (its files stay where they are: partitions name their paths).
 * @throws PipscopeError DATA_BAD_CATALOG naming the JSON path of the first problem.
 */
export function parseCatalog(value: unknown, where: string): Catalog {
  if (value === undefined) return structuredClone(EMPTY_CATALOG);
  const v1 = (value as { version?: unknown })?.version === 1;
  const parsed = (v1 ? catalogV1Schema : catalogSchema).safeParse(value);
  if (parsed.success)
    return v1 ? fromVersion1(parsed.data as z.infer<typeof catalogV1Schema>) : (parsed.data as Catalog);
  const issue = parsed.error.issues[0];
  const path = `$${issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}`;
  throw new PipscopeError(
    "DATA_BAD_CATALOG",
    `the data catalog is damaged: ${issue.message}; restore it, or delete it to start an empty cache`,
    { file: where, path },
  );
}
