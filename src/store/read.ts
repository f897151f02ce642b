import { bucketStarts, canResample, resampleBars, resampleTicks } from "../core/data/resample.ts";
import { TIMEFRAME_MS } from "../core/data/timeframes.ts";
import { type BarColumns, TIMEFRAMES, type TickColumns, type Timeframe } from "../core/data/types.ts";
import { PipscopeError } from "../core/errors.ts";
import type { DataOrigin, Loaded } from "../core/run/prepare.ts";
import { MS_PER_DAY, type UtcMs } from "../core/units.ts";
import type { Dataset, Partition } from "./catalog.ts";
import { type ColumnFile, emptyRows, openColumns, readRows, readTimes } from "./column-file.ts";
import type { StoreHost } from "./host.ts";
import { columnsPath, writeColumnsOf } from "./write.ts";

/** What a read needs: the host, the datasets of the catalog and an instrument's point. */
export interface ReadContext {
  host: StoreHost;
  datasets: readonly Dataset[];
  /** The instrument's point (price step), to turn tick spreads into points. */
  point(symbol: string): number;
}

const CLOCK_ALIGNED = new Set<Timeframe>(["M1", "M5", "M15", "M30", "H1"]);

type Rows = BarColumns | TickColumns;

/** First index of the sorted times at or after `t`. */
function lowerBound(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Rows [start, end) of columns as new arrays (each owns its buffer, so it can be transferred). */
function slice<T extends Rows>(rows: T, start: number, end: number): T {
  if (start === 0 && end === rows.length) return rows;
  const out: Record<string, unknown> = { length: end - start };
  for (const [key, value] of Object.entries(rows)) {
    if (key !== "length") out[key] = (value as Float64Array | Int32Array).slice(start, end);
  }
  return out as T;
}

/** Rows [a, b) of one partition's column file. */
interface Piece {
  columns: ColumnFile;
  a: number;
  b: number;
  /** The partition's whole time column when it was read to find a and b: copied, not read again. */
  time?: Float64Array;
}

/** A dataset's partitions opened for one read: each column file once, its times read once. */
class PartitionReader {
  private readonly opened = new Map<Partition, Promise<ColumnFile>>();
  private readonly times = new Map<Partition, Promise<Float64Array>>();

  constructor(
    private readonly ctx: ReadContext,
    private readonly dataset: Dataset,
  ) {}

  /** The partition's column file, built from its Parquet file first when it has none (a cache from before them). */
  columns(p: Partition): Promise<ColumnFile> {
    let opening = this.opened.get(p);
    if (!opening) {
      opening = this.open(p);
      this.opened.set(p, opening);
    }
    return opening;
  }

  async timesOf(p: Partition): Promise<Float64Array> {
    let reading = this.times.get(p);
    if (!reading) {
      reading = this.columns(p).then(readTimes);
      this.times.set(p, reading);
    }
    return reading;
  }

  /** Opens a partition's column file; one that is missing or damaged is written again from the Parquet file. */
  private async open(p: Partition): Promise<ColumnFile> {
    const { host } = this.ctx;
    const { kind } = this.dataset;
    const path = columnsPath(p.path);
    const file = await host.openFile(path);
    if (file) {
      try {
        const columns = await openColumns(file, kind, path);
        if (columns.rows === p.rows) return columns;
      } catch (error) {
        if (!(error instanceof PipscopeError && error.code === "DATA_BAD_COLUMNS")) throw error;
      }
      await file.close();
    }
    await writeColumnsOf(host, kind, p);
    const written = await host.openFile(path);
    if (!written) throw new PipscopeError("DATA_NO_COLUMNS", `${path} could not be written`, { file: path });
    return openColumns(written, kind, path);
  }

  /** Reads the pieces, in order, into new columns. */
  async read(pieces: readonly Piece[]): Promise<Rows> {
    const out = emptyRows(
      this.dataset.kind,
      pieces.reduce((sum, p) => sum + p.b - p.a, 0),
    );
    let at = 0;
    for (const piece of pieces) {
      await readRows(piece.columns, piece.a, piece.b, out, at, piece.time);
      at += piece.b - piece.a;
    }
    return out;
  }

  async close(): Promise<void> {
    for (const opening of this.opened.values()) await (await opening).file.close();
  }
}

/** Rows of a stored dataset in [from, to) plus up to `warmupRows` rows before `from`, straight from its column files. */
async function readDirect<T extends Rows>(
  ctx: ReadContext,
  dataset: Dataset,
  from: number,
  to: number,
  warmupRows: number,
): Promise<Loaded<T>> {
  const reader = new PartitionReader(ctx, dataset);
  try {
    const partitions = [...dataset.partitions].sort((a, b) => a.first - b.first);
    const range: Piece[] = [];
    for (const p of partitions) {
      if (p.last < from || p.first >= to) continue;
      // A partition wholly inside the range is read once; one cut by it, its times first to find where.
      if (p.first >= from && p.last < to) {
        range.push({ columns: await reader.columns(p), a: 0, b: p.rows });
        continue;
      }
      const time = await reader.timesOf(p);
      const a = lowerBound(time, from);
      const b = lowerBound(time, to);
      if (b > a) range.push({ columns: await reader.columns(p), a, b, time });
    }
    // Warm-up: the rows just before `from`, walking back through the partitions.
    const warm: Piece[] = [];
    let need = Math.max(0, Math.floor(warmupRows));
    for (let k = partitions.length - 1; k >= 0 && need > 0; k--) {
      const p = partitions[k];
      if (p.first >= from) continue;
      const before = p.last < from ? p.rows : lowerBound(await reader.timesOf(p), from);
      const take = Math.min(need, before);
      if (take > 0)
        warm.unshift({ columns: await reader.columns(p), a: before - take, b: before, time: await reader.timesOf(p) });
      need -= take;
    }
    const rows = (await reader.read([...warm, ...range])) as T;
    return { rows, startIndex: warm.reduce((sum, p) => sum + p.b - p.a, 0) };
  } finally {
    await reader.close();
  }
}

/** What a read asks for: bars of a timeframe, or ticks. */
export type Want = { kind: "bars"; timeframe: Timeframe } | { kind: "ticks" };

/** The dataset a read uses, whether it resamples it, and the symbol's other datasets that could serve. */
export interface Choice {
  dataset: Dataset;
  resampled: boolean;
  alternatives: Dataset[];
}

/** The dataset of one name that serves `want`: its exact one, else the finest bars (or ticks) that make it. */
function serving(datasets: readonly Dataset[], want: Want): Dataset | undefined {
  if (want.kind === "ticks") return datasets.find((d) => d.kind === "ticks");
  const exact = datasets.find((d) => d.kind === "bars" && d.timeframe === want.timeframe);
  if (exact) return exact;
  const bars = datasets
    .filter((d) => d.kind === "bars" && canResample(d.timeframe as Timeframe, want.timeframe))
    .sort((a, b) => TIMEFRAMES.indexOf(a.timeframe as Timeframe) - TIMEFRAMES.indexOf(b.timeframe as Timeframe));
  return bars[0] ?? datasets.find((d) => d.kind === "ticks");
}

/** Milliseconds of [from, to) a dataset's range covers. */
const overlap = (d: Dataset, from: number, to: number) =>
  Math.max(0, Math.min(d.last + 1, to) - Math.max(d.first, from));

/**
 * Picks the dataset a read of `symbol` uses. Each source keeps its own dataset, so a symbol may
 * have several that serve a request: `name` chooses one (the config's `session_data_config.datasets`,
 * the Backtest form's Dataset field); without it, the one that covers most of [from, to) — real data
 * before synthetic, an exact timeframe before a resampled one, then by name — and the read says
 * which it took and what else there was (`DataOrigin.alternatives`), never silently.
 * @throws PipscopeError DATA_NOT_CACHED when nothing of the symbol serves the request, DATA_NO_DATASET
 *   when the named dataset does not.
 */
export function chooseDataset(
  datasets: readonly Dataset[],
  symbol: string,
  want: Want,
  from: UtcMs,
  to: UtcMs,
  name?: string,
): Choice {
  const mine = datasets.filter((d) => d.symbol === symbol);
  const names = [...new Set(mine.map((d) => d.name))].sort();
  const candidates = names.flatMap(
    (n) =>
      serving(
        mine.filter((d) => d.name === n),
        want,
      ) ?? [],
  );
  const what = want.kind === "ticks" ? "ticks" : `${want.timeframe} bars`;
  if (name !== undefined) {
    const chosen = candidates.find((d) => d.name === name);
    if (!chosen) {
      const held = names.length ? names.join(", ") : "none";
      throw new PipscopeError(
        "DATA_NO_DATASET",
        `no dataset '${name}' of ${symbol} holds or can make ${what} (its datasets: ${held})`,
        { field: "dataset" },
      );
    }
    return choice(chosen, want, candidates);
  }
  if (candidates.length === 0)
    throw noData(symbol, `${what}${want.kind === "bars" ? " (nor finer bars or ticks to build them from)" : ""}`);
  const ranked = [...candidates].sort(
    (a, b) =>
      overlap(b, from, to) - overlap(a, from, to) ||
      Number(a.synthetic) - Number(b.synthetic) ||
      Number(isResampled(a, want)) - Number(isResampled(b, want)) ||
      a.name.localeCompare(b.name),
  );
  return choice(ranked[0], want, candidates);
}

const isResampled = (d: Dataset, want: Want) =>
  want.kind === "bars" && !(d.kind === "bars" && d.timeframe === want.timeframe);

function choice(dataset: Dataset, want: Want, candidates: readonly Dataset[]): Choice {
  return { dataset, resampled: isResampled(dataset, want), alternatives: candidates.filter((d) => d !== dataset) };
}

/** Where rows read through `choice` come from, as the run and its result name it. */
export function originOf({ dataset, resampled, alternatives }: Choice): DataOrigin {
  return {
    dataset: dataset.id,
    name: dataset.name,
    sources: dataset.sources.map((s) => s.file),
    synthetic: dataset.synthetic,
    quality: dataset.quality.score,
    resampledFrom: resampled ? dataset.timeframe : undefined,
    first: dataset.first,
    last: dataset.last,
    alternatives: alternatives.map((d) => d.name),
  };
}

/** The start of the bar of `timeframe` holding `ms`. */
function barStart(timeframe: Timeframe, ms: number): number {
  if (CLOCK_ALIGNED.has(timeframe)) return Math.floor(ms / TIMEFRAME_MS[timeframe]) * TIMEFRAME_MS[timeframe];
  const starts = bucketStarts(timeframe, ms - 40 * MS_PER_DAY, ms);
  let start = starts[0];
  for (const s of starts) if (s <= ms) start = s;
  return start;
}

/** The end of the bar of `timeframe` holding `ms - 1` (so every bar opening before `ms` is whole). */
function barEnd(timeframe: Timeframe, ms: number): number {
  if (CLOCK_ALIGNED.has(timeframe)) return Math.ceil(ms / TIMEFRAME_MS[timeframe]) * TIMEFRAME_MS[timeframe];
  const starts = bucketStarts(timeframe, ms, ms + 40 * MS_PER_DAY);
  for (const s of starts) if (s >= ms) return s;
  return ms + 40 * MS_PER_DAY;
}

async function readResampled(
  ctx: ReadContext,
  source: Dataset,
  timeframe: Timeframe,
  from: number,
  to: number,
  warmupRows: number,
): Promise<Loaded<BarColumns>> {
  const end = barEnd(timeframe, Math.min(to, source.last + 1));
  // Enough history for the warm-up: bars × their length, stretched for weekends and gaps.
  let span = warmupRows > 0 ? warmupRows * TIMEFRAME_MS[timeframe] * 1.6 + 4 * MS_PER_DAY : 0;
  for (;;) {
    const start = barStart(timeframe, Math.max(from - span, source.first));
    const { rows } = await readDirect<Rows>(ctx, source, start, end, 0);
    const bars =
      source.kind === "ticks"
        ? resampleTicks(rows as TickColumns, timeframe, ctx.point(source.symbol))
        : resampleBars(rows as BarColumns, timeframe);
    const first = lowerBound(bars.time, from);
    const last = lowerBound(bars.time, to);
    if (first >= warmupRows || start <= source.first) {
      const warm = Math.min(first, Math.max(0, warmupRows));
      return { rows: slice(bars, first - warm, last), startIndex: warm };
    }
    span = span * 2 + TIMEFRAME_MS[timeframe];
  }
}

function describe(origin: DataOrigin, rows: number): string {
  const via = origin.resampledFrom
    ? ` resampled from ${origin.resampledFrom === "tick" ? "ticks" : origin.resampledFrom}`
    : "";
  return `${rows} rows of ${origin.dataset}${via}, quality ${origin.quality}/100${origin.synthetic ? ", SYNTHETIC" : ""}`;
}

function noData(symbol: string, what: string): PipscopeError {
  return new PipscopeError(
    "DATA_NOT_CACHED",
    `no ${what} of ${symbol} in the cache: import a file (pipscope import <file>) or create the sample (pipscope data sample)`,
    { field: "symbol" },
  );
}

/**
 * Bars of `symbol` at `timeframe` over [from, to) UTC ms, plus up to `warmupRows` bars before
 * `from`, from the dataset `chooseDataset` picks (named `name`, or the best): read as stored, or
 * resampled in SQL from its finest bars (or ticks). Columns are Float64Arrays that own their
 * buffers (transferable). The result says where the rows came from (`origin`).
 */
export async function readBars(
  ctx: ReadContext,
  symbol: string,
  timeframe: Timeframe,
  from: UtcMs,
  to: UtcMs,
  warmupRows = 0,
  name?: string,
): Promise<Loaded<BarColumns>> {
  const picked = chooseDataset(ctx.datasets, symbol, { kind: "bars", timeframe }, from, to, name);
  const origin = originOf(picked);
  const loaded = picked.resampled
    ? await readResampled(ctx, picked.dataset, timeframe, from, to, warmupRows)
    : await readDirect<BarColumns>(ctx, picked.dataset, from, to, warmupRows);
  return { ...loaded, label: describe(origin, loaded.rows.length), origin };
}

/** Ticks of `symbol` over [from, to) UTC ms plus up to `warmupRows` ticks before `from` (see readBars). */
export async function readTicks(
  ctx: ReadContext,
  symbol: string,
  from: UtcMs,
  to: UtcMs,
  warmupRows = 0,
  name?: string,
): Promise<Loaded<TickColumns>> {
  const picked = chooseDataset(ctx.datasets, symbol, { kind: "ticks" }, from, to, name);
  const origin = originOf(picked);
  const loaded = await readDirect<TickColumns>(ctx, picked.dataset, from, to, warmupRows);
  return { ...loaded, label: describe(origin, loaded.rows.length), origin };
}

/** Every row of one partition, for re-analysis. */
export async function readPartition(ctx: ReadContext, dataset: Dataset, partition: Partition): Promise<Rows> {
  const reader = new PartitionReader(ctx, dataset);
  try {
    const columns = await reader.columns(partition);
    return await reader.read([{ columns, a: 0, b: columns.rows }]);
  } finally {
    await reader.close();
  }
}
