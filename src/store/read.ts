import { bucketStarts, canResample, resampleBarsSql, resampleTicksSql } from "../core/data/resample.ts";
import { TIMEFRAME_MS } from "../core/data/timeframes.ts";
import { type BarColumns, type DataKind, TIMEFRAMES, type TickColumns, type Timeframe } from "../core/data/types.ts";
import { PipscopeError } from "../core/errors.ts";
import type { DataOrigin, Loaded } from "../core/run/prepare.ts";
import { MS_PER_DAY, type UtcMs } from "../core/units.ts";
import type { Dataset, Partition } from "./catalog.ts";
import type { StoreHost } from "./host.ts";
import { COLUMN_NAMES, partitionsRelation, READ_SELECT } from "./write.ts";

/** What a read needs: the host, the datasets of the catalog and an instrument's point. */
export interface ReadContext {
  host: StoreHost;
  datasets: readonly Dataset[];
  /** The instrument's point (price step), to turn tick spreads into points. */
  point(symbol: string): number;
}

const CLOCK_ALIGNED = new Set<Timeframe>(["M1", "M5", "M15", "M30", "H1"]);

/** `epoch_ms(<ms>::BIGINT)`: a UTC instant as a DuckDB TIMESTAMP. */
const at = (ms: number) => `epoch_ms(${Math.floor(ms)}::BIGINT)`;

function overlapping(dataset: Dataset, from: number, to: number): Partition[] {
  return dataset.partitions.filter((p) => p.last >= from && p.first < to).sort((a, b) => a.first - b.first);
}

function barColumns(length: number, c: Record<string, Float64Array | Int32Array>): BarColumns {
  return {
    length,
    time: c.time as Float64Array,
    open: c.open as Float64Array,
    high: c.high as Float64Array,
    low: c.low as Float64Array,
    close: c.close as Float64Array,
    tickVolume: c.tick_volume as Float64Array,
    volume: c.volume as Float64Array,
    spread: c.spread as Float64Array,
  };
}

function tickColumns(length: number, c: Record<string, Float64Array | Int32Array>): TickColumns {
  return {
    length,
    time: c.time as Float64Array,
    bid: c.bid as Float64Array,
    ask: c.ask as Float64Array,
    last: c.last as Float64Array,
    volume: c.volume as Float64Array,
    flags: c.flags as Int32Array,
  };
}

/** Rows [start, end) of columns as new arrays (each owns its buffer, so it can be transferred). */
function slice<T extends BarColumns | TickColumns>(rows: T, start: number, end: number): T {
  if (start === 0 && end === rows.length) return rows;
  const out: Record<string, unknown> = { length: end - start };
  for (const [key, value] of Object.entries(rows)) {
    if (key !== "length") out[key] = (value as Float64Array | Int32Array).slice(start, end);
  }
  return out as T;
}

/** Joins warm-up rows and range rows into one set of columns. */
function concat<T extends BarColumns | TickColumns>(a: T, b: T): T {
  if (a.length === 0) return b;
  const out: Record<string, unknown> = { length: a.length + b.length };
  for (const [key, value] of Object.entries(a)) {
    if (key === "length") continue;
    const left = value as Float64Array | Int32Array;
    const right = (b as unknown as Record<string, Float64Array | Int32Array>)[key];
    const joined =
      left instanceof Int32Array ? new Int32Array(out.length as number) : new Float64Array(out.length as number);
    joined.set(left);
    joined.set(right, left.length);
    out[key] = joined;
  }
  return out as T;
}

async function readStored(ctx: ReadContext, dataset: Dataset, where: string, partitions: Partition[], suffix = "") {
  const kind = dataset.kind;
  if (partitions.length === 0) return kind === "bars" ? barColumns(0, empty(kind)) : tickColumns(0, empty(kind));
  const relation = await partitionsRelation(ctx.host, partitions);
  const { length, columns } = ctx.host.sql.columns(
    `SELECT ${READ_SELECT[kind]} FROM ${relation} WHERE ${where}${suffix}`,
    COLUMN_NAMES[kind],
  );
  return kind === "bars" ? barColumns(length, columns) : tickColumns(length, columns);
}

function empty(kind: DataKind): Record<string, Float64Array | Int32Array> {
  const columns: Record<string, Float64Array | Int32Array> = {};
  for (const name of COLUMN_NAMES[kind]) columns[name] = name === "flags" ? new Int32Array(0) : new Float64Array(0);
  return columns;
}

/** Rows of a stored dataset in [from, to) plus up to `warmupRows` rows before `from`. */
async function readDirect<T extends BarColumns | TickColumns>(
  ctx: ReadContext,
  dataset: Dataset,
  from: number,
  to: number,
  warmupRows: number,
): Promise<Loaded<T>> {
  const range = (await readStored(
    ctx,
    dataset,
    `time >= ${at(from)} AND time < ${at(to)}`,
    overlapping(dataset, from, to),
  )) as T;
  if (warmupRows <= 0) return { rows: range, startIndex: 0 };
  // Walk back through the partitions before `from` until they hold enough rows.
  const before = dataset.partitions.filter((p) => p.first < from).sort((a, b) => b.first - a.first);
  const picked: Partition[] = [];
  let rows = 0;
  for (const p of before) {
    picked.unshift(p);
    rows += p.rows;
    if (rows >= warmupRows) break;
  }
  const warm = (await readStored(
    ctx,
    dataset,
    `time < ${at(from)}`,
    picked,
    ` ORDER BY time DESC LIMIT ${Math.floor(warmupRows)}`,
  )) as T;
  const ascending = reverse(warm);
  return { rows: concat(ascending, range), startIndex: ascending.length };
}

function reverse<T extends BarColumns | TickColumns>(rows: T): T {
  for (const [key, value] of Object.entries(rows)) if (key !== "length") (value as Float64Array).reverse();
  return rows;
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
    const bars = await resampleWindow(ctx, source, timeframe, start, end);
    let first = 0;
    while (first < bars.length && bars.time[first] < from) first++;
    let last = first;
    while (last < bars.length && bars.time[last] < to) last++;
    if (first >= warmupRows || start <= source.first) {
      const warm = Math.min(first, Math.max(0, warmupRows));
      return { rows: slice(bars, first - warm, last), startIndex: warm };
    }
    span = span * 2 + TIMEFRAME_MS[timeframe];
  }
}

async function resampleWindow(ctx: ReadContext, source: Dataset, timeframe: Timeframe, start: number, end: number) {
  const partitions = overlapping(source, start, end);
  if (partitions.length === 0) return barColumns(0, empty("bars"));
  const relation = await partitionsRelation(ctx.host, partitions);
  const rows = `(SELECT ${READ_SELECT[source.kind]} FROM ${relation} WHERE time >= ${at(start)} AND time < ${at(end)})`;
  if (!CLOCK_ALIGNED.has(timeframe)) {
    ctx.host.sql.insert("boundaries", { start: bucketStarts(timeframe, start, end) });
  }
  const sql =
    source.kind === "ticks"
      ? resampleTicksSql(rows, timeframe, ctx.point(source.symbol), "boundaries")
      : resampleBarsSql(rows, timeframe, "boundaries");
  const { length, columns } = ctx.host.sql.columns(sql, COLUMN_NAMES.bars);
  return barColumns(length, columns);
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
export async function readPartition(ctx: ReadContext, dataset: Dataset, partition: Partition) {
  return readStored(ctx, dataset, "true", [partition]);
}
