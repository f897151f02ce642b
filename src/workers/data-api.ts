import { z } from "zod";
import { FORMATS } from "../core/data/formats/layout.ts";
import { DEFAULT_INSTRUMENTS } from "../core/data/instruments.ts";
import type { DataOrigin } from "../core/data/origin.ts";
import type { QualityReport } from "../core/data/quality.ts";
import { type BarColumns, type Instrument, TIMEFRAMES, type TickColumns, type Timeframe } from "../core/data/types.ts";
import { PipscopeError } from "../core/errors.ts";
import type { Loaded } from "../core/run/prepare.ts";
import type { UtcMs } from "../core/units.ts";
import { PIPSCOPE_VERSION } from "../core/version.ts";
import type { StorageUsage } from "../store/host.ts";
import { blobSource } from "../store/import/source.ts";
import type {
  DatasetSummary,
  ImportOptions,
  ImportProgress,
  ImportResult,
  MarketStore,
  RecordingOrigin,
  SampleProgress,
} from "../store/market-store.ts";
import type { WriteLockNotice } from "../store/write-lock.ts";

/**
 * Where the default sample stands: created on first start, in the background. "idle" means no
 * sample was wanted (the cache had data) or asked for.
 */
export interface SampleStatus {
  state: "idle" | "running" | "done" | "failed";
  progress: SampleProgress | null;
  error: string | null;
}

/** Whether this tab's writes wait for another tab's (the Data page says so while they do). */
export interface WriteLockStatus {
  waiting: boolean;
  /** Who holds the lock, e.g. "another Pipscope tab"; null when not waiting. */
  holder: string | null;
  /** When the wait began (UTC ms); null when not waiting. */
  since: number | null;
}

/** Import options as they arrive from the page: checked before use (a worker boundary). */
const importOptionsSchema = z
  .object({
    format: z.enum(FORMATS).optional(),
    symbol: z
      .string()
      .regex(/^[A-Za-z0-9._#-]{1,32}$/)
      .optional(),
    timeframe: z.enum(TIMEFRAMES).optional(),
    tz: z.string().min(1).max(64).optional(),
    map: z.record(z.string(), z.string()).optional(),
    dateFormat: z.string().min(1).max(64).optional(),
    onDuplicate: z.enum(["error", "replace", "skip"]).optional(),
    dataset: z
      .string()
      .regex(/^[a-z0-9_-]{1,48}$/)
      .optional(),
  })
  .strict();

const rangeSchema = z.object({
  symbol: z.string().regex(/^[A-Za-z0-9._#-]{1,32}$/),
  from: z.number().finite(),
  to: z.number().finite(),
  warmupRows: z.number().int().min(0).max(10_000_000),
  dataset: z
    .string()
    .regex(/^[a-z0-9_-]{1,48}$/)
    .optional(),
});

const originSchema = z.object({ label: z.string().min(1).max(200), synthetic: z.boolean() });

function checked<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.map(String).join(".");
  throw new PipscopeError("DATA_BAD_REQUEST", `${what}: ${path ? `${path}: ` : ""}${issue.message}`, {
    field: path || what,
  });
}

let openStore: (() => Promise<MarketStore>) | undefined;
let serve: ((port: MessagePort) => void) | undefined;
let opened: Promise<MarketStore> | undefined;
let sample: SampleStatus = { state: "idle", progress: null, error: null };
let importing: AbortController | undefined;
let writeLock: WriteLockStatus = { waiting: false, holder: null, since: null };

/** Hears the store's write lock (the worker entry passes it to the host), for `writeLockStatus`. */
export function onWriteLockNotice(notice: WriteLockNotice): void {
  writeLock =
    notice.kind === "waiting"
      ? { waiting: true, holder: notice.holder, since: Date.now() }
      : { waiting: false, holder: null, since: null };
}

/**
 * Tells the data API how to open the market-data store (the worker entry passes the OPFS host;
 * tests pass a directory). With `sampleOnFirstStart`, the default sample is created in the
 * background when the store opens for the first time ever (SPEC §3).
 */
export function provideMarketStore(open: () => Promise<MarketStore>, sampleOnFirstStart: boolean): void {
  openStore = open;
  opened = undefined;
  sample = { state: "idle", progress: null, error: null };
  if (sampleOnFirstStart) {
    // A store that fails to open reports it on the first call that needs it.
    store().then(
      (s) => {
        if (s.wantsSample) startSample(s);
      },
      () => undefined,
    );
  }
}

/** Tells `listen` how to serve this API on another port (the worker entry does, with comlink). */
export function provideServer(serveOnPort: (port: MessagePort) => void): void {
  serve = serveOnPort;
}

function store(): Promise<MarketStore> {
  if (!openStore) throw new PipscopeError("DATA_NO_STORE", "the data worker has no market store yet");
  opened ??= openStore();
  return opened;
}

function startSample(s: MarketStore): void {
  if (sample.state === "running") return;
  sample = { state: "running", progress: null, error: null };
  s.createSample((progress) => {
    sample = { ...sample, progress };
  }).then(
    () => {
      sample = { ...sample, state: "done" };
    },
    (error: unknown) => {
      sample = { ...sample, state: "failed", error: error instanceof Error ? error.message : String(error) };
    },
  );
}

/**
 * The data worker's API. It knows nothing of comlink: `data.worker.ts` exposes it (transferring
 * query results) and the tests call it in-thread. Every argument is checked here, at the
 * worker boundary.
 */
export const dataApi = {
  /** Pipscope's version as the worker sees it. */
  version(): string {
    return PIPSCOPE_VERSION;
  },
  /** Echoes `payload` with the worker's receive time; proves the round trip. */
  ping(payload: string): { payload: string; receivedAt: number } {
    return { payload, receivedAt: Date.now() };
  },
  /** Throws a PipscopeError on purpose: proves codes and locations cross the boundary. */
  fail(code: string, message: string): void {
    throw new PipscopeError(code, message, { field: "fail" });
  },
  /**
   * Serves this API on another port as well, e.g. one end of a MessageChannel whose other end
   * the backtest worker wraps as its MarketData: bars then go worker to worker, transferred.
   */
  listen(port: MessagePort): void {
    if (!serve) throw new PipscopeError("DATA_NO_SERVER", "this data API is not served by a worker");
    serve(port);
  },

  /** The cached datasets. */
  async datasets(): Promise<DatasetSummary[]> {
    return (await store()).list();
  },
  /** The quality report of a dataset (`EURUSD/bars/M1`). */
  async quality(id: string): Promise<QualityReport> {
    return (await store()).quality(checked(z.string().max(100), id, "dataset"));
  },
  /**
   * Imports a file picked or dropped on the page. `onProgress` is called after every piece
   * (through comlink it is a proxy). Only one import runs at a time; `cancelImport` stops it.
   */
  async importFile(
    file: Blob,
    name: string,
    options: ImportOptions,
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<ImportResult> {
    if (!(file instanceof Blob))
      throw new PipscopeError("DATA_BAD_REQUEST", "importFile needs a File", { field: "file" });
    const opts = checked(importOptionsSchema, options, "import options") as ImportOptions;
    if (importing) throw new PipscopeError("DATA_IMPORT_BUSY", "another import is running; wait for it or cancel it");
    const controller = new AbortController();
    importing = controller;
    try {
      const s = await store();
      return await s.importFile(
        blobSource(file, checked(z.string().min(1).max(255), name, "name")),
        opts,
        onProgress,
        controller.signal,
      );
    } finally {
      importing = undefined;
    }
  },
  /** Cancels the running import; it rejects with DATA_IMPORT_CANCELLED and the cache is untouched. */
  cancelImport(): boolean {
    importing?.abort();
    return importing !== undefined;
  },
  /** Deletes a dataset. */
  async deleteDataset(id: string): Promise<void> {
    await (await store()).remove(checked(z.string().max(100), id, "dataset"));
  },
  /** Bars for the engine or a chart: [from, to) UTC ms plus warm-up rows (MarketData.bars). */
  async bars(
    symbol: string,
    timeframe: Timeframe,
    from: UtcMs,
    to: UtcMs,
    warmupRows = 0,
    dataset?: string,
  ): Promise<Loaded<BarColumns>> {
    const range = checked(rangeSchema, { symbol, from, to, warmupRows, dataset }, "bars");
    const tf = checked(z.enum(TIMEFRAMES), timeframe, "timeframe");
    return (await store()).bars(range.symbol.toUpperCase(), tf, range.from, range.to, range.warmupRows, range.dataset);
  },
  /** The dataset a run of `symbol` would read over [from, to), and what it misses of that range. */
  async coverage(
    symbol: string,
    timeframe: Timeframe | "ticks",
    from: UtcMs,
    to: UtcMs,
    dataset?: string,
  ): Promise<{ origin: DataOrigin; gap: string | null }> {
    const range = checked(rangeSchema, { symbol, from, to, warmupRows: 0, dataset }, "coverage");
    const tf = checked(z.enum([...TIMEFRAMES, "ticks"]), timeframe, "timeframe");
    return (await store()).coverage(range.symbol.toUpperCase(), tf, range.from, range.to, range.dataset);
  },
  /** Ticks: [from, to) UTC ms plus warm-up rows (MarketData.ticks). */
  async ticks(symbol: string, from: UtcMs, to: UtcMs, warmupRows = 0, dataset?: string): Promise<Loaded<TickColumns>> {
    const range = checked(rangeSchema, { symbol, from, to, warmupRows, dataset }, "ticks");
    return (await store()).ticks(range.symbol.toUpperCase(), range.from, range.to, range.warmupRows, range.dataset);
  },
  /**
   * Records a batch of live ticks (the Live page); resolves once they are stored. `synthetic`: the
   * relay replays the synthetic generator, and the ticks go to a dataset of their own, so labelled.
   */
  async appendTicks(
    symbol: string,
    ticks: TickColumns,
    origin?: RecordingOrigin,
  ): Promise<{ appended: number; skipped: number; rows: number }> {
    const checkedOrigin = origin && checked(originSchema, origin, "recording origin");
    return (await store()).appendTicks(checked(rangeSchema.shape.symbol, symbol, "symbol"), ticks, checkedOrigin);
  },
  /** Storage used and granted to this origin. */
  async usage(): Promise<StorageUsage> {
    return (await store()).usage();
  },
  /**
   * Where the default sample stands, once the store has opened: on a first start that is
   * already "running" (never a stale "idle"), so "done" or "idle" means the data is there to read.
   */
  async sampleStatus(): Promise<SampleStatus> {
    await store().catch(() => undefined); // a store that fails to open says so on the next call
    return sample;
  },
  /** Whether this tab's writes wait for another tab's right now. */
  writeLockStatus(): WriteLockStatus {
    return writeLock;
  },
  /** Creates the sample now (in the background; follow it with sampleStatus). */
  async createSample(): Promise<void> {
    startSample(await store());
  },
  /** Every instrument: the built-in ones, with the user's edits over them. */
  async instruments(): Promise<Instrument[]> {
    const edited = (await store()).editedInstruments();
    const bySymbol = new Map([...DEFAULT_INSTRUMENTS, ...edited].map((i) => [i.symbol, i]));
    return [...bySymbol.values()];
  },
  /** Stores an edited instrument (validated by the store). */
  async saveInstrument(instrument: Instrument): Promise<void> {
    await (await store()).saveInstrument(instrument);
  },
};

export type DataApi = typeof dataApi;
