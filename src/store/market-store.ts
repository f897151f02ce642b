import { coverageGap, overlapOf } from "../core/data/coverage.ts";
import { instrumentFor, instrumentSchema } from "../core/data/instruments.ts";
import type { DataOrigin } from "../core/data/origin.ts";
import type { QualityReport } from "../core/data/quality.ts";
import type { BarColumns, Instrument, TickColumns, Timeframe } from "../core/data/types.ts";
import { PipscopeError } from "../core/errors.ts";
import type { Loaded, MarketData } from "../core/run/prepare.ts";
import { FX_CALENDAR, marketCalendar } from "../core/time/index.ts";
import type { UtcMs } from "../core/units.ts";
import type { CacheState } from "./cache-state.ts";
import { type Catalog, type Dataset, parseCatalog } from "./catalog.ts";
import { type DatasetSummary, summary } from "./dataset-summary.ts";
import type { StorageUsage, StoreHost } from "./host.ts";
import { type ImportOptions, type ImportResult, importFile } from "./import/import-file.ts";
import type { ImportSource } from "./import/source.ts";
import type { ImportProgress } from "./ingest.ts";
import { finishPull, type PullTarget, storePulledRows } from "./pull.ts";
import { chooseDataset, originOf, type ReadContext, readBars, readTicks, type Want } from "./read.ts";
import { appendTicks, type RecordingOrigin } from "./recording.ts";
import { createSample, type SampleProgress } from "./sample.ts";
import { partitionFiles, removePartition } from "./write.ts";

export type { DatasetSummary } from "./dataset-summary.ts";
export type { ImportOptions, ImportResult } from "./import/import-file.ts";
export { CHUNK_ROWS, type ImportProgress } from "./ingest.ts";
export { type PullTarget, pullDatasetId, pullFingerprint } from "./pull.ts";
export type { RecordingOrigin } from "./recording.ts";
export type { SampleProgress } from "./sample.ts";

/**
 * The market-data cache (SPEC §3): Parquet partitions by symbol/kind/timeframe/year of each
 * dataset and a catalog, in OPFS + IndexedDB (browser) or a directory (CLI), queried with DuckDB.
 * Each source keeps its own dataset (the sample, each imported file, a recording): see catalog.ts.
 *
 * Writes are atomic: new files are written beside the old ones and only the catalog swap makes
 * them part of the cache; a failed or cancelled import deletes what it wrote, so the cache stays
 * byte-for-byte as it was, and files no catalog names (a crash mid-import) are removed under the
 * write lock. Operations run one at a time (a queue), so a read never sees a half-swapped catalog;
 * writes also hold the cache's write lock, so writers in other processes or tabs wait their turn
 * and each change lands on the catalog the last one saved. The work
 * itself lives beside it: import/import-file.ts, ingest.ts, recording.ts, sample.ts, read.ts.
 */
export class MarketStore implements MarketData {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly state: CacheState;

  private constructor(
    private readonly host: StoreHost,
    private catalog: Catalog,
    /** No catalog existed when the store was opened: the app and the CLI create the sample then. */
    readonly firstStart: boolean,
  ) {
    const store = this;
    this.state = {
      host,
      get catalog() {
        return store.catalog;
      },
      // Called only inside `write`, under the lock: the change applies to the catalog as stored
      // now, whatever another process or tab saved since this store last read it.
      update: async (change) => {
        const next = change(await store.storedCatalog());
        await host.saveCatalog(next);
        store.catalog = next;
        return next;
      },
      instrument: (symbol) => this.knownInstrument(symbol),
      readContext: () => this.readContext(),
    };
  }

  /**
   * Opens the cache on a host: reads and validates the catalog, and removes orphaned files when no
   * writer is at work — an import in another process or tab has files its catalog names only once
   * it commits, so they are orphans only to someone who does not hold the lock.
   */
  static async open(host: StoreHost): Promise<MarketStore> {
    const stored = await host.loadCatalog();
    const store = new MarketStore(host, parseCatalog(stored, host.location), stored === undefined);
    await store.exclusive(() =>
      host.writeLock.holdIfFree(async () => {
        store.catalog = await store.storedCatalog();
        await store.removeOrphans();
      }),
    );
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

  /**
   * Runs a change to the cache: one at a time in this store, holding the cache's write lock (one
   * writer across processes or tabs), starting from the catalog as stored now. After a holder that
   * died holding the lock, first removes the files it left half-written.
   */
  private write<T>(work: () => Promise<T>): Promise<T> {
    return this.exclusive(() =>
      this.host.writeLock.hold(async ({ recovered }) => {
        this.catalog = await this.storedCatalog();
        if (recovered) await this.removeOrphans();
        return work();
      }),
    );
  }

  private async storedCatalog(): Promise<Catalog> {
    return parseCatalog(await this.host.loadCatalog(), this.host.location);
  }

  /** Deletes the files no catalog names (a crash mid-write left them): only under the write lock. */
  private async removeOrphans(): Promise<void> {
    const known = new Set(this.catalog.datasets.flatMap((d) => partitionFiles(d.partitions)));
    for (const path of await this.host.listFiles()) if (!known.has(path)) await this.host.remove(path);
  }

  /** Every dataset, ordered by symbol, kind, timeframe and name. */
  list(): DatasetSummary[] {
    return this.catalog.datasets.map(summary).sort((a, b) => a.id.localeCompare(b.id));
  }

  /** A dataset by id (`EURUSD/bars/M1/sample`). @throws PipscopeError DATA_NO_DATASET. */
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

  /** The instrument of a symbol: the edited one, else the built-in default. @throws PipscopeError when it has none. */
  instrument(symbol: string): Instrument {
    return instrumentFor(symbol, this.catalog.instruments);
  }

  private knownInstrument(symbol: string): Instrument | undefined {
    try {
      return this.instrument(symbol);
    } catch {
      return undefined; // a symbol without a spec: FX calendar, spreads in price
    }
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
    return this.write(async () => {
      await this.state.update((catalog) => ({
        ...catalog,
        instruments: [...catalog.instruments.filter((i) => i.symbol !== parsed.data.symbol), parsed.data],
      }));
    });
  }

  // ---- reads (MarketData, used by the engine) ----

  private readContext(): ReadContext {
    return {
      host: this.host,
      datasets: this.catalog.datasets,
      point: (symbol) => this.knownInstrument(symbol)?.point ?? Number.NaN,
    };
  }

  /** Bars of a range with warm-up rows, from the dataset named `dataset` or the best one (see readBars). */
  bars(
    symbol: string,
    timeframe: Timeframe,
    from: UtcMs,
    to: UtcMs,
    warmupRows = 0,
    dataset?: string,
  ): Promise<Loaded<BarColumns>> {
    return this.exclusive(() => readBars(this.readContext(), symbol, timeframe, from, to, warmupRows, dataset));
  }

  /** Ticks of a range with warm-up rows (see readTicks). */
  ticks(symbol: string, from: UtcMs, to: UtcMs, warmupRows = 0, dataset?: string): Promise<Loaded<TickColumns>> {
    return this.exclusive(() => readTicks(this.readContext(), symbol, from, to, warmupRows, dataset));
  }

  /**
   * Which dataset a run of `symbol` over [from, to) would read (named `dataset`, or the best), and
   * what it misses of that range — what the Backtest form says before a run starts.
   */
  coverage(
    symbol: string,
    timeframe: Timeframe | "ticks",
    from: UtcMs,
    to: UtcMs,
    dataset?: string,
  ): { origin: DataOrigin; gap: string | null } {
    const want: Want = timeframe === "ticks" ? { kind: "ticks" } : { kind: "bars", timeframe };
    const origin = originOf(chooseDataset(this.catalog.datasets, symbol, want, from, to, dataset));
    const instrument = this.knownInstrument(symbol);
    const calendar = instrument ? marketCalendar(instrument.exchangeGroup, instrument.assetClass) : FX_CALENDAR;
    const requested = { from, to };
    const gap = coverageGap(
      { requested, covered: overlapOf(origin.first, origin.last, requested) },
      calendar,
      timeframe,
    );
    return { origin, gap };
  }

  // ---- writes ----

  /** Imports a file into its dataset (see import/import-file.ts); cancel with `signal`. */
  importFile(
    source: ImportSource,
    options: ImportOptions = {},
    onProgress?: (progress: ImportProgress) => void,
    signal?: AbortSignal,
  ): Promise<ImportResult> {
    return this.write(() => importFile(this.state, source, options, onProgress, signal));
  }

  /** Appends recorded ticks to the symbol's recording dataset (see recording.ts). */
  appendTicks(
    symbol: string,
    ticks: TickColumns,
    origin: RecordingOrigin = { label: "relay recording", synthetic: false },
  ): Promise<{ appended: number; skipped: number; rows: number }> {
    return this.write(() => appendTicks(this.state, symbol.toUpperCase(), ticks, origin));
  }

  /** Stores one acknowledged chunk of a pull from MT5 in the pull's own dataset (see pull.ts). */
  async storePulledRows(target: PullTarget, rows: BarColumns | TickColumns): Promise<DatasetSummary> {
    return summary(await this.write(() => storePulledRows(this.state, target, rows)));
  }

  /** Where the pull into dataset `id` has its range from, if a pull fed it (see pull.ts). */
  pulledFrom(id: string, fingerprint: string): number | undefined {
    return this.catalog.datasets.find((d) => d.id === id)?.sources.find((s) => s.fingerprint === fingerprint)
      ?.pulledFrom;
  }

  /** Ends a pull: merges its chunk files and analyses the dataset's quality (see pull.ts). */
  async finishPull(id: string): Promise<DatasetSummary | undefined> {
    const dataset = await this.write(() => finishPull(this.state, id));
    return dataset && summary(dataset);
  }

  /** Creates the default sample in its own datasets (see sample.ts). */
  createSample(onProgress?: (progress: SampleProgress) => void, signal?: AbortSignal): Promise<DatasetSummary[]> {
    return this.write(() => createSample(this.state, onProgress, signal));
  }

  /** Deletes a dataset: catalog first (atomic), then its files. @throws PipscopeError DATA_NO_DATASET. */
  remove(id: string): Promise<void> {
    return this.write(async () => {
      const dataset = this.dataset(id);
      await this.state.update((catalog) => ({ ...catalog, datasets: catalog.datasets.filter((d) => d.id !== id) }));
      for (const p of dataset.partitions) await removePartition(this.host, p);
    });
  }
}
