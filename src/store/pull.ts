import type { BarColumns, DataKind, TickColumns, Timeframe } from "../core/data/types.ts";
import type { CacheState } from "./cache-state.ts";
import { type Dataset, datasetId, datasetName, type Partition } from "./catalog.ts";
import { ColumnsProducer } from "./import/columns-producer.ts";
import { ingest, reanalyse } from "./ingest.ts";
import { removePartition, rewrite } from "./write.ts";

/** Where pulled rows come from and where they go: a symbol's bars or ticks from one trade server. */
export interface PullTarget {
  symbol: string;
  kind: DataKind;
  /** Bars only. */
  timeframe?: Timeframe;
  /** The trade server (`ACCOUNT_SERVER`) and broker the EA reported. */
  server: string;
  company: string;
  /** The source zone the server times were converted from, as formatSourceZone writes it. */
  timezone: string;
  /** Where the pull's range starts, UTC ms: what the dataset holds is contiguous from there. */
  from: number;
}

/**
 * The dataset a pull from `server` lands in: `mt5-<server>`, its own, never another source's
 * (`EURUSD/bars/M1/mt5-metaquotes-demo`). Two brokers' histories stay apart.
 */
export function pullDatasetName(server: string): string {
  return `mt5-${datasetName(server)}`.slice(0, 48);
}

/** The fingerprint of a pull's source in its dataset. */
export function pullFingerprint(target: Pick<PullTarget, "symbol" | "kind" | "timeframe" | "server">): string {
  return `mt5:${target.server}:${pullDatasetId(target)}`;
}

/** The id of the dataset a pull of `target` lands in. */
export function pullDatasetId(target: Pick<PullTarget, "symbol" | "kind" | "timeframe" | "server">): string {
  const timeframe = target.kind === "ticks" ? "tick" : (target.timeframe as Timeframe);
  return datasetId(target.symbol, target.kind, timeframe, pullDatasetName(target.server));
}

/**
 * Stores one acknowledged chunk of a pull (UTC, in time order) through the import path: analysed,
 * written as Parquet, and committed with one catalog swap — so a chunk is in the cache whole or
 * not at all. Its rows replace the dataset's rows in the chunk's time range (a pull asked again
 * over a stored range stores each row once). The dataset's quality is analysed again by
 * `finishPull`.
 */
export async function storePulledRows(
  state: CacheState,
  target: PullTarget,
  rows: BarColumns | TickColumns,
): Promise<Dataset> {
  const first = rows.time[0];
  const end = rows.time[rows.length - 1] + 1;
  const { dataset } = await ingest(state, {
    symbol: target.symbol,
    kind: target.kind,
    timeframe: target.timeframe,
    name: pullDatasetName(target.server),
    producer: new ColumnsProducer(() => rows, first, end, end - first),
    source: {
      file: `MT5 ${target.server} (${target.company})`,
      fingerprint: pullFingerprint(target),
      format: "mt5-pull",
      timezone: target.timezone,
      pulledFrom: target.from,
    },
    synthetic: false,
    accumulate: true,
    reanalyse: false,
    chunkRows: rows.length,
  });
  return dataset;
}

/** A pull's files under this many rows are merged when it ends… */
const SMALL_FILE_ROWS = 500_000;
/** …when a year has more than this many of them (a few dozen files cost a read nothing much). */
const MERGE_ABOVE_FILES = 32;

/**
 * Ends a pull: merges each year's small chunk files into one when there are many, and analyses the whole dataset's
 * quality once. Atomic like every write: the catalog swap makes the merged files part of it.
 */
export async function finishPull(state: CacheState, id: string): Promise<Dataset | undefined> {
  const old = state.catalog.datasets.find((d) => d.id === id);
  if (!old) return undefined;
  const created: Partition[] = [];
  try {
    let partitions = [...old.partitions];
    const obsolete: Partition[] = [];
    for (const year of [...new Set(partitions.map((p) => p.year))]) {
      const small = partitions.filter((p) => p.year === year && p.rows < SMALL_FILE_ROWS);
      if (small.length <= MERGE_ABOVE_FILES) continue;
      const merged = await rewrite(state.host, id, old.kind, small, "true", year);
      if (!merged) continue;
      created.push(merged);
      obsolete.push(...small);
      partitions = [...partitions.filter((p) => !small.includes(p)), merged];
    }
    partitions.sort((a, b) => a.first - b.first);
    const draft: Dataset = { ...old, partitions, rows: partitions.reduce((sum, p) => sum + p.rows, 0) };
    draft.quality = await reanalyse(state, draft);
    draft.updatedAt = Date.now();
    await state.update((catalog) => ({
      ...catalog,
      datasets: [...catalog.datasets.filter((d) => d.id !== id), draft],
    }));
    for (const p of obsolete) await removePartition(state.host, p);
    return draft;
  } catch (error) {
    for (const p of created) await removePartition(state.host, p);
    throw error;
  }
}
