import type { Loaded, MarketData } from "../core/config/prepare.ts";
import { BarChunk, type Chunk, TickChunk } from "../core/data/chunk.ts";
import { DETECT_LINES, detectLayout, type LayoutOptions } from "../core/data/formats/detect.ts";
import { instrumentFor, instrumentSchema } from "../core/data/instruments.ts";
import { QualityAnalyzer, type QualityOptions, type QualityReport, qualityScore } from "../core/data/quality.ts";
import { formatSourceZone, parseSourceZone, toUtcConverter } from "../core/data/source-zone.ts";
import {
  DEFAULT_SAMPLE,
  DEFAULT_SEED,
  SYNTHETIC_SOURCE,
  syntheticBars,
  syntheticTicks,
} from "../core/data/synthetic.ts";
import { TIMEFRAME_MS } from "../core/data/timeframes.ts";
import type { BarColumns, DataKind, Instrument, TickColumns, Timeframe } from "../core/data/types.ts";
import { PipscopeError } from "../core/errors.ts";
import { FX_CALENDAR, marketCalendar } from "../core/time/index.ts";
import { MS_PER_DAY, type UtcMs } from "../core/units.ts";
import {
  type Catalog,
  type Dataset,
  type DatasetSource,
  type DatasetTimeframe,
  datasetId,
  type Partition,
  parseCatalog,
} from "./catalog.ts";
import type { StorageUsage, StoreHost } from "./host.ts";
import { ColumnsProducer } from "./import/columns-producer.ts";
import { sniff } from "./import/decode.ts";
import { symbolFromName, symbolRequired, timeframeFromName, timeframeFromTimes } from "./import/naming.ts";
import { ParquetProducer } from "./import/parquet-producer.ts";
import { fingerprint, type ImportSource } from "./import/source.ts";
import { type RowProducer, TextProducer } from "./import/text-producer.ts";
import { type ReadContext, readBars, readPartition, readTicks } from "./read.ts";
import { rewrite, writeRows } from "./write.ts";

/** Rows per chunk handed to DuckDB: ~40 MB of columns, so an import's memory stays flat. */
export const CHUNK_ROWS = 500_000;
/** Recorded tick files under this many rows count as small… */
const COMPACT_BELOW_ROWS = 200_000;
/** …and this many small files are merged into one. */
const COMPACT_AFTER = 16;

/** Progress of the sample: which dataset (`EURUSD/bars/M1`), step `step` of `steps`, overall fraction 0–1. */
export interface SampleProgress {
  dataset: string;
  step: number;
  steps: number;
  fraction: number;
}

/** What the user says about an import; the rest is detected (issue 5 §3, §10). */
export interface ImportOptions extends LayoutOptions {
  symbol?: string;
  timeframe?: Timeframe;
  /** Source timezone: UTC, +02:00, an IANA zone or mt5-server. Required unless the format fixes it. */
  tz?: string;
  /** What to do with a file already imported: refuse (default), replace its rows, or skip it. */
  onDuplicate?: "error" | "replace" | "skip";
  quality?: Partial<QualityOptions>;
  /** Rows per chunk (the memory bound): default CHUNK_ROWS. */
  chunkRows?: number;
}

/** Progress of an import, reported after every piece of the file. */
export interface ImportProgress {
  phase: "reading" | "saving";
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

/** The outcome of an import. */
export interface ImportResult {
  status: "imported" | "skipped";
  dataset: DatasetSummary;
  format: string;
  /** What was recognised, e.g. "MT5 Bars export (tab-separated, with header)". */
  description: string;
  timezone: string;
  rowsRead: number;
  rowsStored: number;
  /** Quality of this file's rows alone; the dataset's report covers everything cached. */
  report: QualityReport | null;
}

/** A dataset as listed by `data list` and the Data page. */
export interface DatasetSummary {
  id: string;
  symbol: string;
  kind: DataKind;
  timeframe: DatasetTimeframe;
  rows: number;
  first: UtcMs;
  last: UtcMs;
  quality: number;
  synthetic: boolean;
  bytes: number;
  sources: string[];
  updatedAt: UtcMs;
}

/** A file whose format is recognised: what it holds and how to read its rows. */
interface RecognisedInput {
  kind: DataKind;
  format: string;
  description: string;
  /** The zone the format fixes (HistData, Dukascopy), if any. */
  impliedZone?: string;
  /** Every time carries its own offset or is UTC already: no source zone needed. */
  zoneInRows: boolean;
  /** The rows, times converted to UTC by `toUtc` where they are wall-clock times. */
  producer(toUtc: (local: number) => number): RowProducer;
  /** Releases what reading held (Parquet's registered bytes). */
  close?(): void;
}

/** Everything `ingest` needs besides the rows. */
interface IngestPlan {
  symbol: string;
  kind: DataKind;
  timeframe?: Timeframe;
  producer: RowProducer;
  source: Pick<DatasetSource, "file" | "fingerprint" | "format" | "timezone">;
  synthetic: boolean;
  quality?: Partial<QualityOptions>;
  chunkRows?: number;
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
}

function summary(d: Dataset): DatasetSummary {
  return {
    id: d.id,
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

function cancelled(file: string): PipscopeError {
  return new PipscopeError("DATA_IMPORT_CANCELLED", "the import was cancelled; the cache is as it was", { file });
}

/**
 * The market-data cache (SPEC §3): Parquet partitions by symbol/kind/timeframe/year and a
 * catalog, in OPFS + IndexedDB (browser) or a directory (CLI), queried with DuckDB-WASM.
 *
 * Writes are atomic: new files are written beside the old ones and only the catalog swap makes
 * them part of the cache; a failed or cancelled import deletes what it wrote, so the cache stays
 * byte-for-byte as it was, and files no catalog names (a crash mid-import) are removed on open.
 * Operations run one at a time (a queue), so a read never sees a half-swapped catalog.
 */
export class MarketStore implements MarketData {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly host: StoreHost,
    private catalog: Catalog,
    /** No catalog existed when the store was opened: the app and the CLI create the sample then. */
    readonly firstStart: boolean,
  ) {}

  /** Opens the cache on a host: reads and validates the catalog, removes orphaned files. */
  static async open(host: StoreHost): Promise<MarketStore> {
    const stored = await host.loadCatalog();
    const store = new MarketStore(host, parseCatalog(stored, host.location), stored === undefined);
    await store.exclusive(() => store.removeOrphans());
    return store;
  }

  /** Whether the default sample should be created now: first start, never created. */
  get wantsSample(): boolean {
    return this.firstStart && this.catalog.sampleCreatedAt === null && this.catalog.datasets.length === 0;
  }

  /** Where the cache lives, for messages. */
  get location(): string {
    return this.host.location;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async removeOrphans(): Promise<void> {
    const known = new Set(this.catalog.datasets.flatMap((d) => d.partitions.map((p) => p.path)));
    for (const path of await this.host.listFiles()) if (!known.has(path)) await this.host.remove(path);
  }

  private async saveCatalog(next: Catalog): Promise<void> {
    await this.host.saveCatalog(next);
    this.catalog = next;
  }

  /** Every dataset, ordered by symbol, kind and timeframe. */
  list(): DatasetSummary[] {
    return this.catalog.datasets.map(summary).sort((a, b) => a.id.localeCompare(b.id));
  }

  /** A dataset by id (`EURUSD/bars/M1`). @throws PipscopeError DATA_NO_DATASET. */
  dataset(id: string): Dataset {
    const found = this.catalog.datasets.find((d) => d.id === id);
    if (!found) {
      const known = this.catalog.datasets.map((d) => d.id).join(", ") || "none yet";
      throw new PipscopeError("DATA_NO_DATASET", `no dataset '${id}' in the cache (cached: ${known})`, {
        field: "dataset",
      });
    }
    return structuredClone(found);
  }

  /** The quality report of a dataset (covering everything cached in it). */
  quality(id: string): QualityReport {
    return this.dataset(id).quality;
  }

  /** Bytes used and the quota left. */
  usage(): Promise<StorageUsage> {
    return this.host.usage();
  }

  // ---- instruments ----

  /** Edited instruments (stored), which win over the built-in defaults. */
  editedInstruments(): Instrument[] {
    return structuredClone(this.catalog.instruments);
  }

  /** The edited specs as MarketData offers them to planning, which prefers them to the defaults. */
  async instruments(): Promise<Instrument[]> {
    return this.editedInstruments();
  }

  /** The instrument of a symbol: the edited one, else the built-in default. */
  instrument(symbol: string): Instrument {
    return instrumentFor(symbol, this.catalog.instruments);
  }

  /** Stores an edited instrument (validated). @throws PipscopeError DATA_BAD_INSTRUMENT. */
  saveInstrument(instrument: Instrument): Promise<void> {
    const parsed = instrumentSchema.safeParse(instrument);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PipscopeError("DATA_BAD_INSTRUMENT", `instrument ${String(issue.path.join("."))}: ${issue.message}`, {
        field: String(issue.path[0] ?? "instrument"),
      });
    }
    return this.exclusive(() =>
      this.saveCatalog({
        ...this.catalog,
        instruments: [...this.catalog.instruments.filter((i) => i.symbol !== parsed.data.symbol), parsed.data],
      }),
    );
  }

  // ---- reads (MarketData, used by the engine) ----

  private readContext(): ReadContext {
    return {
      host: this.host,
      datasets: this.catalog.datasets,
      point: (symbol) => this.pointOf(symbol),
    };
  }

  private pointOf(symbol: string): number {
    try {
      return this.instrument(symbol).point;
    } catch {
      return Number.NaN;
    }
  }

  /** Bars of a range with warm-up rows (see readBars). */
  bars(symbol: string, timeframe: Timeframe, from: UtcMs, to: UtcMs, warmupRows = 0): Promise<Loaded<BarColumns>> {
    return this.exclusive(() => readBars(this.readContext(), symbol, timeframe, from, to, warmupRows));
  }

  /** Ticks of a range with warm-up rows (see readTicks). */
  ticks(symbol: string, from: UtcMs, to: UtcMs, warmupRows = 0): Promise<Loaded<TickColumns>> {
    return this.exclusive(() => readTicks(this.readContext(), symbol, from, to, warmupRows));
  }

  // ---- imports ----

  /**
   * Imports a file: detects its format from the first lines (or takes `options.format`), reads
   * it in chunks with bounded memory, converts times to UTC from the source zone, analyses its
   * quality and merges it into the dataset of its symbol/kind/timeframe (its rows replace cached
   * rows in the same time range). Cancel with `signal`.
   * @throws PipscopeError with the file, line and field of the first problem; the cache is untouched.
   */
  importFile(
    source: ImportSource,
    options: ImportOptions = {},
    onProgress?: (progress: ImportProgress) => void,
    signal?: AbortSignal,
  ): Promise<ImportResult> {
    return this.exclusive(() => this.importNow(source, options, onProgress, signal));
  }

  private async importNow(
    source: ImportSource,
    options: ImportOptions,
    onProgress?: (progress: ImportProgress) => void,
    signal?: AbortSignal,
  ): Promise<ImportResult> {
    const input = await this.recognise(source, options);
    try {
      return await this.importRecognised(source, input, options, onProgress, signal);
    } finally {
      input.close?.();
    }
  }

  /** Tells a file's format from its first bytes and lines (or `options.format`). */
  private async recognise(source: ImportSource, options: ImportOptions): Promise<RecognisedInput> {
    const head = await source.read(0, 64 * 1024);
    const sniffed = sniff(head, source.name);
    if (sniffed.kind === "parquet") {
      if (options.format && options.format !== "parquet") {
        throw new PipscopeError("DATA_FORMAT_MISMATCH", `--format ${options.format} was given, but this is Parquet`, {
          file: source.name,
          field: "format",
        });
      }
      const parquet = await ParquetProducer.open(this.host.sql, source);
      return {
        kind: parquet.shape.kind,
        format: "parquet",
        description: parquet.shape.description,
        zoneInRows: !parquet.shape.needsZone,
        producer: (toUtc) => {
          parquet.useZone(toUtc);
          return parquet;
        },
        close: () => parquet.close(),
      };
    }
    const text = new TextDecoder(sniffed.encoding).decode(head.subarray(sniffed.bomBytes));
    const lines = text.split(/\r?\n/).slice(0, DETECT_LINES + 5);
    if (head.length < source.size) lines.pop(); // the last line of the head may be cut
    const layout = detectLayout(lines, source.name, options);
    return {
      kind: layout.kind,
      format: layout.format,
      description: layout.description,
      impliedZone: layout.impliedZone,
      zoneInRows: layout.rowOffsets,
      producer: (toUtc) => new TextProducer(source, layout, sniffed.encoding, sniffed.bomBytes, toUtc),
    };
  }

  private async importRecognised(
    source: ImportSource,
    input: RecognisedInput,
    options: ImportOptions,
    onProgress?: (progress: ImportProgress) => void,
    signal?: AbortSignal,
  ): Promise<ImportResult> {
    const zoneText = options.tz ?? input.impliedZone;
    if (!zoneText && !input.zoneInRows) {
      throw new PipscopeError(
        "DATA_TIMEZONE_REQUIRED",
        `say which timezone the times of this ${input.description} are in, e.g. --tz mt5-server (most MT5 brokers: UTC+2, +3 in New York summer), --tz UTC or --tz Europe/London`,
        { file: source.name, field: "tz" },
      );
    }
    const zone = parseSourceZone(zoneText ?? "UTC");
    const known = [
      ...new Set([...this.catalog.datasets.map((d) => d.symbol), ...this.catalog.instruments.map((i) => i.symbol)]),
    ];
    const builtIn = ["EURUSD", "GBPUSD", "USDJPY", "AUDUSD", "USDCHF", "USDCAD", "NZDUSD", "XAUUSD", "US500"];
    const symbol = (options.symbol ?? symbolFromName(source.name, [...known, ...builtIn]))?.toUpperCase();
    if (!symbol) throw symbolRequired(source.name);
    const print = await fingerprint(source);
    const already = this.catalog.datasets.find((d) => d.sources.some((s) => s.fingerprint === print));
    const base = {
      format: input.format,
      description: input.description,
      timezone: formatSourceZone(zone),
    };
    if (already && (options.onDuplicate ?? "error") === "error") {
      const when = new Date(already.sources.find((s) => s.fingerprint === print)?.importedAt ?? 0).toISOString();
      throw new PipscopeError(
        "DATA_ALREADY_IMPORTED",
        `this file was already imported into ${already.id} on ${when}: choose replace (import it again over the same range) or skip`,
        { file: source.name },
      );
    }
    if (already && options.onDuplicate === "skip") {
      return { status: "skipped", dataset: summary(already), ...base, rowsRead: 0, rowsStored: 0, report: null };
    }
    const timeframe = input.kind === "bars" ? (options.timeframe ?? timeframeFromName(source.name)) : undefined;
    const producer = input.producer(toUtcConverter(zone));
    const { dataset, report } = await this.ingest({
      symbol,
      kind: input.kind,
      timeframe,
      producer,
      source: { file: source.name, fingerprint: print, format: input.format, timezone: base.timezone },
      synthetic: false,
      quality: options.quality,
      chunkRows: options.chunkRows,
      onProgress,
      signal,
    });
    return {
      status: "imported",
      dataset: summary(dataset),
      ...base,
      rowsRead: report.rowsRead,
      rowsStored: report.rowsStored,
      report,
    };
  }

  /**
   * Reads every row from a producer into new files, then merges them into the dataset and swaps
   * the catalog. Any failure (bad line, cancel, full disk) deletes the new files and rethrows.
   */
  private async ingest(plan: IngestPlan): Promise<{ dataset: Dataset; report: QualityReport }> {
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
        if (plan.signal?.aborted) throw cancelled(plan.source.file);
        more = await producer.fill(chunk, target);
        if (plan.signal?.aborted) throw cancelled(plan.source.file);
        if (chunk.length === 0) continue;
        if (!analyzer) {
          timeframe ??= timeframeFromTimes(chunk.time, chunk.length, plan.source.file);
          id = datasetId(plan.symbol, kind, timeframe);
          analyzer = this.analyzer(plan.symbol, kind, timeframe, plan.quality);
        }
        rows += chunk.length;
        if (chunk instanceof BarChunk) analyzer.bars(chunk);
        else analyzer.ticks(chunk);
        progress("reading");
        created.push(...(await writeRows(this.host, id, kind, chunk.view())));
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
      const dataset = await this.commit(id, plan, timeframe, created, report);
      return { dataset, report };
    } catch (error) {
      for (const p of created) await this.host.remove(p.path);
      throw error;
    }
  }

  private analyzer(symbol: string, kind: DataKind, timeframe: DatasetTimeframe, options?: Partial<QualityOptions>) {
    let instrument: Instrument | undefined;
    try {
      instrument = this.instrument(symbol);
    } catch {
      instrument = undefined; // a symbol without a spec: FX calendar, spreads in price
    }
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
  private async commit(
    id: string,
    plan: IngestPlan,
    timeframe: DatasetTimeframe,
    created: Partition[],
    report: QualityReport,
  ): Promise<Dataset> {
    const kind = plan.kind;
    let fresh = [...created];
    if (report.outOfOrder > 0) fresh = await this.sortByYear(id, kind, fresh, created);
    const first = Math.min(...fresh.map((p) => p.first));
    const last = Math.max(...fresh.map((p) => p.last));
    const old = this.catalog.datasets.find((d) => d.id === id);
    const kept: Partition[] = [];
    const obsolete: Partition[] = [];
    for (const p of old?.partitions ?? []) {
      if (p.last < first || p.first > last) {
        kept.push(p);
        continue;
      }
      obsolete.push(p);
      for (const where of [`time < epoch_ms(${first}::BIGINT)`, `time > epoch_ms(${last}::BIGINT)`]) {
        const piece = await rewrite(this.host, id, kind, [p], where, p.year);
        if (piece) {
          created.push(piece);
          kept.push(piece);
        }
      }
    }
    const partitions = [...kept, ...fresh].sort((a, b) => a.first - b.first);
    const entry: DatasetSource = {
      ...plan.source,
      importedAt: Date.now(),
      rowsRead: report.rowsRead,
      rowsStored: report.rowsStored,
      duplicates: report.duplicates,
      outOfOrder: report.outOfOrder,
      badPrices: report.badPrices,
      first: report.first,
      last: report.last,
    };
    const sources = [...(old?.sources.filter((s) => s.fingerprint !== entry.fingerprint) ?? []), entry];
    const draft: Dataset = {
      id,
      symbol: plan.symbol,
      kind,
      timeframe,
      rows: partitions.reduce((sum, p) => sum + p.rows, 0),
      first: partitions[0].first,
      last: Math.max(...partitions.map((p) => p.last)),
      synthetic: plan.synthetic && (old?.synthetic ?? true),
      sources,
      quality: report,
      partitions,
      updatedAt: Date.now(),
    };
    if (old) draft.quality = await this.reanalyse(draft, plan.quality);
    await this.saveCatalog({ ...this.catalog, datasets: [...this.catalog.datasets.filter((d) => d.id !== id), draft] });
    for (const p of obsolete) await this.host.remove(p.path);
    return draft;
  }

  /** Rewrites each year's new files as one file sorted by time (out-of-order input). */
  private async sortByYear(id: string, kind: DataKind, fresh: Partition[], created: Partition[]): Promise<Partition[]> {
    const sorted: Partition[] = [];
    for (const year of [...new Set(fresh.map((p) => p.year))].sort()) {
      const parts = fresh.filter((p) => p.year === year);
      const merged = await rewrite(this.host, id, kind, parts, "true", year);
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
  private async reanalyse(dataset: Dataset, options?: Partial<QualityOptions>): Promise<QualityReport> {
    const analyzer = this.analyzer(dataset.symbol, dataset.kind, dataset.timeframe, options);
    const ctx = this.readContext();
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
      spreadOutliers: report.spread.outliers,
    });
    return { ...report, score, penalties };
  }

  // ---- recording ----

  /**
   * Appends a batch of ticks of `symbol` to its tick dataset (the Live page records the relay's
   * ticks this way). Resolves once the batch is in a Parquet file and the catalog names it, so
   * a reload after that loses nothing. Ticks earlier than the dataset's last one are skipped (the
   * cache never goes back in time); small files are compacted every COMPACT_AFTER batches, when
   * the dataset's quality is analysed again.
   * @throws PipscopeError DATA_BAD_TICKS naming the row and field of the first invalid tick.
   */
  appendTicks(
    symbol: string,
    ticks: TickColumns,
    source = "relay recording",
  ): Promise<{ appended: number; skipped: number; rows: number }> {
    return this.exclusive(() => this.appendNow(symbol.toUpperCase(), ticks, source));
  }

  private async appendNow(symbol: string, ticks: TickColumns, source: string) {
    checkTicks(ticks);
    const id = datasetId(symbol, "ticks", "tick");
    const old = this.catalog.datasets.find((d) => d.id === id);
    // Keep the ticks that move forward from the cache's last tick.
    const chunk = new TickChunk(ticks.length);
    let latest = old?.last ?? Number.NEGATIVE_INFINITY;
    for (let i = 0; i < ticks.length; i++) {
      if (ticks.time[i] < latest) continue;
      latest = ticks.time[i];
      const j = chunk.length++;
      chunk.time[j] = ticks.time[i];
      chunk.bid[j] = ticks.bid[i];
      chunk.ask[j] = ticks.ask[i];
      chunk.last[j] = ticks.last[i];
      chunk.volume[j] = ticks.volume[i];
      chunk.flags[j] = ticks.flags[i];
    }
    const skipped = ticks.length - chunk.length;
    if (chunk.length === 0) return { appended: 0, skipped, rows: old?.rows ?? 0 };
    const created = await writeRows(this.host, id, "ticks", chunk.view());
    try {
      const fingerprint = `recording:${symbol}`;
      const previous = old?.sources.find((s) => s.fingerprint === fingerprint);
      const entry: DatasetSource = {
        file: source,
        fingerprint,
        format: "recording",
        timezone: "UTC",
        importedAt: Date.now(),
        rowsRead: (previous?.rowsRead ?? 0) + ticks.length,
        rowsStored: (previous?.rowsStored ?? 0) + chunk.length,
        duplicates: previous?.duplicates ?? 0,
        outOfOrder: (previous?.outOfOrder ?? 0) + skipped,
        badPrices: previous?.badPrices ?? 0,
        first: previous?.first ?? chunk.time[0],
        last: chunk.time[chunk.length - 1],
      };
      let partitions = [...(old?.partitions ?? []), ...created];
      const obsolete: Partition[] = [];
      const small = partitions.filter((p) => p.rows < COMPACT_BELOW_ROWS);
      const compact = small.length >= COMPACT_AFTER;
      if (compact) {
        for (const year of [...new Set(small.map((p) => p.year))]) {
          const parts = small.filter((p) => p.year === year);
          if (parts.length < 2) continue;
          const merged = await rewrite(this.host, id, "ticks", parts, "true", year);
          if (!merged) continue;
          created.push(merged);
          obsolete.push(...parts);
          partitions = [...partitions.filter((p) => !parts.includes(p)), merged];
        }
        partitions.sort((a, b) => a.first - b.first);
      }
      const draft: Dataset = {
        id,
        symbol,
        kind: "ticks",
        timeframe: "tick",
        rows: partitions.reduce((sum, p) => sum + p.rows, 0),
        first: partitions[0].first,
        last: latest,
        synthetic: false,
        sources: [...(old?.sources.filter((s) => s.fingerprint !== fingerprint) ?? []), entry],
        quality: old?.quality ?? this.analyseBatch(symbol, chunk),
        partitions,
        updatedAt: Date.now(),
      };
      if (old && compact) draft.quality = await this.reanalyse(draft);
      await this.saveCatalog({
        ...this.catalog,
        datasets: [...this.catalog.datasets.filter((d) => d.id !== id), draft],
      });
      for (const p of obsolete) await this.host.remove(p.path);
      return { appended: chunk.length, skipped, rows: draft.rows };
    } catch (error) {
      for (const p of created) await this.host.remove(p.path);
      throw error;
    }
  }

  private analyseBatch(symbol: string, chunk: TickChunk): QualityReport {
    const analyzer = this.analyzer(symbol, "ticks", "tick");
    analyzer.ticks(new TickChunk(chunk.view()));
    return analyzer.report();
  }

  // ---- the synthetic sample ----

  /**
   * Creates the default sample (DEFAULT_SAMPLE, issue 5 §7): synthetic M1 bars of EURUSD, GBPUSD
   * and USDJPY from 2024-11-01 to 2026-11-01 UTC and EURUSD ticks of October 2026, each labelled
   * synthetic — the same rows on every machine and every day. A dataset that already holds them is
   * left as it is; other synthetic data is merged over (its range replaced); user data is never
   * touched (a symbol with imported data keeps it and gets no sample).
   */
  createSample(onProgress?: (progress: SampleProgress) => void, signal?: AbortSignal): Promise<DatasetSummary[]> {
    return this.exclusive(async () => {
      const { bars, ticks } = DEFAULT_SAMPLE;
      const plans = [
        ...DEFAULT_SAMPLE.barSymbols.map((symbol) => ({ symbol, kind: "bars" as const, ...bars })),
        { symbol: DEFAULT_SAMPLE.tickSymbol, kind: "ticks" as const, ...ticks },
      ];
      const made: DatasetSummary[] = [];
      for (const [index, plan] of plans.entries()) {
        const id = datasetId(plan.symbol, plan.kind, plan.kind === "bars" ? "M1" : "tick");
        const print = `${SYNTHETIC_SOURCE}:${plan.symbol}:${plan.kind}:${DEFAULT_SEED}:${plan.from}:${plan.to}`;
        const existing = this.catalog.datasets.find((d) => d.id === id);
        if (existing && !existing.synthetic) continue;
        if (existing?.sources.some((s) => s.fingerprint === print)) {
          made.push(summary(existing)); // already holds these very rows: nothing to generate
          continue;
        }
        const generate =
          plan.kind === "bars"
            ? (a: number, b: number) => syntheticBars(plan.symbol, a, b, DEFAULT_SEED)
            : (a: number, b: number) => syntheticTicks(plan.symbol, a, b, DEFAULT_SEED);
        const producer = new ColumnsProducer(
          generate,
          plan.from,
          plan.to,
          plan.kind === "bars" ? 31 * MS_PER_DAY : 2 * MS_PER_DAY,
        );
        const { dataset } = await this.ingest({
          symbol: plan.symbol,
          kind: plan.kind,
          timeframe: plan.kind === "bars" ? "M1" : undefined,
          producer,
          source: {
            file: `${SYNTHETIC_SOURCE} (seed ${DEFAULT_SEED})`,
            fingerprint: print,
            format: SYNTHETIC_SOURCE,
            timezone: "UTC",
          },
          synthetic: true,
          signal,
          onProgress: (p) =>
            onProgress?.({
              dataset: id,
              step: index + 1,
              steps: plans.length,
              fraction: (index + p.bytesRead / Math.max(1, p.totalBytes)) / plans.length,
            }),
        });
        made.push(summary(dataset));
      }
      await this.saveCatalog({ ...this.catalog, sampleCreatedAt: Date.now() });
      onProgress?.({ dataset: "", step: plans.length, steps: plans.length, fraction: 1 });
      return made;
    });
  }

  private async dropDataset(id: string): Promise<void> {
    const dataset = this.dataset(id);
    await this.saveCatalog({ ...this.catalog, datasets: this.catalog.datasets.filter((d) => d.id !== id) });
    for (const p of dataset.partitions) await this.host.remove(p.path);
  }

  // ---- deletes ----

  /** Deletes a dataset: catalog first (atomic), then its files. @throws PipscopeError DATA_NO_DATASET. */
  remove(id: string): Promise<void> {
    return this.exclusive(() => this.dropDataset(id));
  }
}

/** Checks a batch of ticks from outside (the relay, via the data worker) before it is stored. */
function checkTicks(ticks: TickColumns): void {
  const n = ticks.length;
  const columns = ["time", "bid", "ask", "last", "volume", "flags"] as const;
  for (const name of columns) {
    const column = ticks[name];
    const typed = name === "flags" ? column instanceof Int32Array : column instanceof Float64Array;
    if (!typed || column.length < n) {
      throw new PipscopeError(
        "DATA_BAD_TICKS",
        `ticks.${name} must be a ${name === "flags" ? "Int32Array" : "Float64Array"} of ${n} values`,
        {
          field: name,
        },
      );
    }
  }
  for (let i = 0; i < n; i++) {
    const bad = !Number.isFinite(ticks.time[i])
      ? "time"
      : !(ticks.bid[i] > 0 && ticks.bid[i] < Infinity)
        ? "bid"
        : !(ticks.ask[i] > 0 && ticks.ask[i] < Infinity)
          ? "ask"
          : undefined;
    if (bad) {
      throw new PipscopeError("DATA_BAD_TICKS", `tick ${i} has an invalid ${bad} (${ticks[bad][i]})`, {
        field: bad,
        path: `$[${i}].${bad}`,
      });
    }
  }
}
