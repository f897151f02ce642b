import { BarChunk, type Chunk, TickChunk } from "../core/data/chunk.ts";
import { QualityAnalyzer, type QualityOptions, type QualityReport, qualityScore } from "../core/data/quality.ts";
import { TIMEFRAME_MS } from "../core/data/timeframes.ts";
import type { BarColumns, DataKind, TickColumns, Timeframe } from "../core/data/types.ts";
import { PipscopeError } from "../core/errors.ts";
import { FX_CALENDAR, marketCalendar } from "../core/time/index.ts";
import type { CacheState } from "./cache-state.ts";
import { type Dataset, type DatasetSource, type DatasetTimeframe, datasetId, type Partition } from "./catalog.ts";
import { timeframeFromTimes } from "./import/naming.ts";
import type { RowProducer } from "./import/text-producer.ts";
import { readPartition } from "./read.ts";
import { removePartition, rewrite, writeRows } from "./write.ts";

/** Rows per chunk handed to DuckDB: ~40 MB of columns, so an import's memory stays flat. */
export const CHUNK_ROWS = 500_000;

/** Progress of an import, reported after every piece of the file. */
export interface ImportProgress {
  phase: "reading" | "saving";
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

/** What one ingest stores, and into which dataset. */
export interface IngestPlan {
  symbol: string;
  kind: DataKind;
  timeframe?: Timeframe;
  /** The dataset's name: the source's own, or one the user chose to add to. */
  name: string;
  /** The user named the dataset: adding to one another source began is then recorded as their choice. */
  chosen?: boolean;
  producer: RowProducer;
  source: Pick<DatasetSource, "file" | "fingerprint" | "format" | "timezone" | "pulledFrom">;
  synthetic: boolean;
  quality?: Partial<QualityOptions>;
  /**
   * The source's counts add to what it fed the dataset before, instead of replacing them: a pull
   * from MT5 stores its chunks one ingest each, as one source.
   */
  accumulate?: boolean;
  /**
   * Analyse the whole dataset again after the merge (default). A pull skips it between chunks and
   * analyses once at its end (reading every stored row for each chunk would cost O(n²)); until
   * then the dataset's report is its last chunk's.
   */
  reanalyse?: boolean;
  chunkRows?: number;
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
}

export function importCancelled(file: string): PipscopeError {
  return new PipscopeError("DATA_IMPORT_CANCELLED", "the import was cancelled; the cache is as it was", { file });
}

/**
 * Reads every row from a producer into new files, then merges them into the named dataset and
 * swaps the catalog. Any failure (bad line, cancel, full disk) deletes the new files and rethrows:
 * the cache stays as it was.
 */
export async function ingest(
  state: CacheState,
  plan: IngestPlan,
): Promise<{ dataset: Dataset; report: QualityReport }> {
  const { kind, producer } = plan;
  const target = plan.chunkRows ?? CHUNK_ROWS;
  const chunk: Chunk = kind === "bars" ? new BarChunk(target) : new TickChunk(target);
  const created: Partition[] = [];
  let analyzer: QualityAnalyzer | undefined;
  let timeframe: DatasetTimeframe | undefined = kind === "ticks" ? "tick" : plan.timeframe;
  let id = "";
  let rows = 0;
  const progress = (phase: ImportProgress["phase"]) =>
    plan.onProgress?.({ phase, bytesRead: producer.bytesRead, totalBytes: producer.totalBytes, rows });
  try {
    let more = true;
    while (more) {
      if (plan.signal?.aborted) throw importCancelled(plan.source.file);
      more = await producer.fill(chunk, target);
      if (plan.signal?.aborted) throw importCancelled(plan.source.file);
      if (chunk.length === 0) continue;
      if (!analyzer) {
        timeframe ??= timeframeFromTimes(chunk.time, chunk.length, plan.source.file);
        id = datasetId(plan.symbol, kind, timeframe, plan.name);
        analyzer = qualityAnalyzer(state, plan.symbol, kind, timeframe, plan.quality);
      }
      rows += chunk.length;
      if (chunk instanceof BarChunk) analyzer.bars(chunk);
      else analyzer.ticks(chunk);
      progress("reading");
      created.push(...(await writeRows(state.host, id, kind, chunk.view())));
      chunk.reset();
    }
    if (!analyzer || !timeframe) {
      throw new PipscopeError("DATA_EMPTY_FILE", "the file has no data rows", { file: plan.source.file });
    }
    const report = analyzer.report();
    if (report.rowsStored === 0) {
      throw new PipscopeError(
        "DATA_NO_VALID_ROWS",
        `none of the ${report.rowsRead} rows could be stored (every price is zero or negative)`,
        { file: plan.source.file },
      );
    }
    progress("saving");
    const dataset = await commit(state, id, plan, timeframe, created, report);
    return { dataset, report };
  } catch (error) {
    for (const p of created) await removePartition(state.host, p);
    throw error;
  }
}

/** The quality analyser of a dataset: gaps measured against its market's calendar. */
export function qualityAnalyzer(
  state: CacheState,
  symbol: string,
  kind: DataKind,
  timeframe: DatasetTimeframe,
  options?: Partial<QualityOptions>,
): QualityAnalyzer {
  const instrument = state.instrument(symbol);
  const calendar = instrument ? marketCalendar(instrument.exchangeGroup, instrument.assetClass) : FX_CALENDAR;
  const period = timeframe === "tick" ? 0 : TIMEFRAME_MS[timeframe];
  return new QualityAnalyzer(
    kind,
    timeframe,
    period,
    (from, to) => calendar.openIntervals(from, to),
    instrument?.point ?? Number.NaN,
    options,
  );
}

/**
 * Merges new files into the dataset: sorts them when the file was out of order, cuts the new
 * range out of older files (their rows before and after it are rewritten, the rest kept as
 * they are), swaps the catalog, then deletes what the new catalog no longer names.
 * `created` collects every file written, so the caller can delete them on failure.
 */
async function commit(
  state: CacheState,
  id: string,
  plan: IngestPlan,
  timeframe: DatasetTimeframe,
  created: Partition[],
  report: QualityReport,
): Promise<Dataset> {
  const kind = plan.kind;
  let fresh = [...created];
  if (report.outOfOrder > 0) fresh = await sortByYear(state, id, kind, fresh, created);
  const first = Math.min(...fresh.map((p) => p.first));
  const last = Math.max(...fresh.map((p) => p.last));
  const old = state.catalog.datasets.find((d) => d.id === id);
  const kept: Partition[] = [];
  const obsolete: Partition[] = [];
  for (const p of old?.partitions ?? []) {
    if (p.last < first || p.first > last) {
      kept.push(p);
      continue;
    }
    obsolete.push(p);
    for (const where of [`time < epoch_ms(${first}::BIGINT)`, `time > epoch_ms(${last}::BIGINT)`]) {
      const piece = await rewrite(state.host, id, kind, [p], where, p.year);
      if (piece) {
        created.push(piece);
        kept.push(piece);
      }
    }
  }
  const partitions = [...kept, ...fresh].sort((a, b) => a.first - b.first);
  const entry: DatasetSource = {
    ...plan.source,
    synthetic: plan.synthetic,
    joinedByUser: Boolean(plan.chosen && old?.sources.some((s) => s.fingerprint !== plan.source.fingerprint)),
    importedAt: Date.now(),
    rowsRead: report.rowsRead,
    rowsStored: report.rowsStored,
    duplicates: report.duplicates,
    outOfOrder: report.outOfOrder,
    badPrices: report.badPrices,
    first: report.first,
    last: report.last,
  };
  const before = plan.accumulate ? old?.sources.find((s) => s.fingerprint === entry.fingerprint) : undefined;
  if (before) {
    for (const key of ["rowsRead", "rowsStored", "duplicates", "outOfOrder", "badPrices"] as const)
      entry[key] += before[key];
    entry.first = Math.min(before.first ?? Number.POSITIVE_INFINITY, entry.first ?? Number.POSITIVE_INFINITY);
    entry.last = Math.max(before.last ?? Number.NEGATIVE_INFINITY, entry.last ?? Number.NEGATIVE_INFINITY);
    if (before.pulledFrom !== undefined && entry.pulledFrom !== undefined)
      entry.pulledFrom = Math.min(before.pulledFrom, entry.pulledFrom);
  }
  const sources = [...(old?.sources.filter((s) => s.fingerprint !== entry.fingerprint) ?? []), entry];
  const draft: Dataset = {
    id,
    name: plan.name,
    symbol: plan.symbol,
    kind,
    timeframe,
    rows: partitions.reduce((sum, p) => sum + p.rows, 0),
    first: partitions[0].first,
    last: Math.max(...partitions.map((p) => p.last)),
    synthetic: sources.some((s) => s.synthetic),
    sources,
    quality: report,
    partitions,
    updatedAt: Date.now(),
  };
  if (old && plan.reanalyse !== false) draft.quality = await reanalyse(state, draft, plan.quality);
  await state.update((catalog) => ({ ...catalog, datasets: [...catalog.datasets.filter((d) => d.id !== id), draft] }));
  for (const p of obsolete) await removePartition(state.host, p);
  return draft;
}

/** Rewrites each year's new files as one file sorted by time (out-of-order input). */
async function sortByYear(
  state: CacheState,
  id: string,
  kind: DataKind,
  fresh: Partition[],
  created: Partition[],
): Promise<Partition[]> {
  const sorted: Partition[] = [];
  for (const year of [...new Set(fresh.map((p) => p.year))].sort()) {
    const parts = fresh.filter((p) => p.year === year);
    const merged = await rewrite(state.host, id, kind, parts, "true", year);
    if (merged) {
      created.push(merged);
      sorted.push(merged);
    }
  }
  return sorted;
}

/**
 * The quality of everything a dataset holds after a merge: its stored rows analysed again,
 * partition by partition, plus the rows its imports dropped (duplicates, bad prices) and found
 * out of order.
 */
export async function reanalyse(
  state: CacheState,
  dataset: Dataset,
  options?: Partial<QualityOptions>,
): Promise<QualityReport> {
  const analyzer = qualityAnalyzer(state, dataset.symbol, dataset.kind, dataset.timeframe, options);
  const ctx = state.readContext();
  for (const p of dataset.partitions) {
    const rows = await readPartition(ctx, dataset, p);
    if (dataset.kind === "bars") analyzer.bars(new BarChunk(rows as BarColumns));
    else analyzer.ticks(new TickChunk(rows as TickColumns));
  }
  const report = analyzer.report();
  const dropped = dataset.sources.reduce((sum, s) => sum + s.duplicates + s.badPrices, 0);
  report.duplicates += dataset.sources.reduce((sum, s) => sum + s.duplicates, 0);
  report.badPrices += dataset.sources.reduce((sum, s) => sum + s.badPrices, 0);
  report.outOfOrder += dataset.sources.reduce((sum, s) => sum + s.outOfOrder, 0);
  report.rowsRead = report.rowsStored + dropped;
  const { score, penalties } = qualityScore({
    rowsRead: report.rowsRead,
    rowsStored: report.rowsStored,
    bad: report.duplicates + report.outOfOrder + report.ohlcInconsistent + report.badPrices + report.bidAboveAsk,
    openMs: report.gaps.openMs,
    missingMs: report.gaps.missingMs,
    spikes: report.spikes.count,
    offBand: report.spikes.offBand,
    spreadOutliers: report.spread.outliers,
  });
  return { ...report, score, penalties };
}
