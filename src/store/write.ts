import type { BarColumns, DataKind, TickColumns } from "../core/data/types.ts";
import type { Partition } from "./catalog.ts";
import { COLUMN_FIELDS, encodeColumns } from "./column-file.ts";
import type { Columns } from "./duckdb/engine.ts";
import type { StoreHost } from "./host.ts";

/**
 * Parquet schema of the cache. `time` is a TIMESTAMP (UTC, millisecond precision) so other tools
 * read real times; prices and volumes are DOUBLE (Dukascopy volumes have fractions, unknown
 * values are NaN); tick flags are INTEGER (MT5 bits).
 */
const STORED_SELECT: Record<DataKind, string> = {
  bars: "epoch_ms(time::BIGINT) AS time, open, high, low, close, tick_volume, volume, spread",
  ticks: "epoch_ms(time::BIGINT) AS time, bid, ask, last, volume, flags",
};

/** Columns as read back from Parquet: `time` in UTC epoch ms. */
const READ_SELECT: Record<DataKind, string> = {
  bars: "epoch_ms(time)::DOUBLE AS time, open, high, low, close, tick_volume, volume, spread",
  ticks: "epoch_ms(time)::DOUBLE AS time, bid, ask, last, volume, flags",
};

let sequence = 0;

/** A new, unique file name stem for a write: time-ordered, so listing shows write order. */
export function newFileStem(): string {
  sequence = (sequence + 1) % 1_000_000;
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}-${sequence}`;
}

/** The directory of a dataset's year: `EURUSD/bars/M1/2024`. */
export function yearDirectory(datasetId: string, year: number): string {
  return `${datasetId}/${year}`;
}

/**
 * Writes rows (any order) as Parquet files, one per run of rows in the same UTC year, under the
 * dataset's year directories. Returns the partitions written, in row order.
 */
export async function writeRows(
  host: StoreHost,
  datasetId: string,
  kind: DataKind,
  rows: BarColumns | TickColumns,
): Promise<Partition[]> {
  const written: Partition[] = [];
  let start = 0;
  while (start < rows.length) {
    const year = new Date(rows.time[start]).getUTCFullYear();
    const from = Date.UTC(year, 0, 1);
    const to = Date.UTC(year + 1, 0, 1);
    let end = start;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    while (end < rows.length && rows.time[end] >= from && rows.time[end] < to) {
      const t = rows.time[end];
      if (t < first) first = t;
      if (t > last) last = t;
      end++;
    }
    const sql = await host.sql();
    sql.insert("stage", stageColumns(kind, rows, start, end));
    const path = `${yearDirectory(datasetId, year)}/${newFileStem()}.parquet`;
    try {
      const bytes = await host.writeParquet(`SELECT ${STORED_SELECT[kind]} FROM stage`, path);
      written.push({ path, year, rows: end - start, first, last, bytes });
      await host.writeFile(columnsPath(path), encodeColumns(kind, wholeMs(rows, start, end)));
    } finally {
      sql.run("DROP TABLE IF EXISTS stage");
    }
    start = end;
  }
  return written;
}

/** The path of a partition's column file (column-file.ts), beside its Parquet file. */
export function columnsPath(partitionPath: string): string {
  return `${partitionPath}.cols`;
}

/** Deletes a partition: its Parquet file and its column file. */
export async function removePartition(host: StoreHost, partition: Partition): Promise<void> {
  await host.remove(columnsPath(partition.path));
  await host.remove(partition.path);
}

/** Every file of these partitions: Parquet and column files, for telling what an orphan is. */
export function partitionFiles(partitions: readonly Partition[]): string[] {
  return partitions.flatMap((p) => [p.path, columnsPath(p.path)]);
}

/** Rows [start, end) with times as Parquet stores them (whole ms, as `time::BIGINT` rounds them). */
function wholeMs<T extends BarColumns | TickColumns>(rows: T, start: number, end: number): T {
  const time = rows.time.slice(start, end);
  for (let i = 0; i < time.length; i++) time[i] = Math.round(time[i]);
  const out: Record<string, unknown> = { length: end - start, time };
  for (const [key, value] of Object.entries(rows))
    if (key !== "length" && key !== "time") out[key] = (value as Float64Array | Int32Array).subarray(start, end);
  return out as T;
}

function stageColumns(kind: DataKind, rows: BarColumns | TickColumns, start: number, end: number): Columns {
  const cut = <T extends Float64Array | Int32Array>(column: T) => column.subarray(start, end) as T;
  if (kind === "bars") {
    const b = rows as BarColumns;
    return {
      time: cut(b.time),
      open: cut(b.open),
      high: cut(b.high),
      low: cut(b.low),
      close: cut(b.close),
      tick_volume: cut(b.tickVolume),
      volume: cut(b.volume),
      spread: cut(b.spread),
    };
  }
  const t = rows as TickColumns;
  return {
    time: cut(t.time),
    bid: cut(t.bid),
    ask: cut(t.ask),
    last: cut(t.last),
    volume: cut(t.volume),
    flags: cut(t.flags),
  };
}

/** A relation over the listed partition files, in the given (time) order, as SQL. */
async function partitionsRelation(host: StoreHost, partitions: readonly Partition[]): Promise<string> {
  const names: string[] = [];
  for (const p of partitions) names.push(await host.attach(p.path));
  return `read_parquet([${names.map((n) => `'${n.replaceAll("'", "''")}'`).join(", ")}])`;
}

/**
 * Rewrites rows of `source` that satisfy `where` (SQL over the stored columns) into new files of
 * the same dataset, sorted by time; bars keep one row per time. Returns the new partitions.
 */
export async function rewrite(
  host: StoreHost,
  datasetId: string,
  kind: DataKind,
  source: readonly Partition[],
  where: string,
  year: number,
): Promise<Partition | undefined> {
  const sql = await host.sql();
  const relation = await partitionsRelation(host, source);
  const distinct = kind === "bars" ? "DISTINCT ON (time) " : "";
  const select = `SELECT ${distinct}* FROM ${relation} WHERE ${where} ORDER BY time`;
  const stats = sql.query(
    `SELECT count(*)::DOUBLE AS n, epoch_ms(min(time))::DOUBLE AS first, epoch_ms(max(time))::DOUBLE AS last FROM (${select})`,
  );
  const row = stats.get(0)?.toJSON() as { n: number; first: number; last: number } | undefined;
  if (!row || row.n === 0) return undefined;
  const path = `${yearDirectory(datasetId, year)}/${newFileStem()}.parquet`;
  const bytes = await host.writeParquet(select, path);
  const partition = { path, year, rows: row.n, first: row.first, last: row.last, bytes };
  await writeColumnsOf(host, kind, partition);
  return partition;
}

/** Writes a partition's column file from its Parquet file (a rewrite's, or one from before column files). */
export async function writeColumnsOf(host: StoreHost, kind: DataKind, partition: Partition): Promise<void> {
  const sql = await host.sql();
  const { length, columns } = sql.columns(
    `SELECT ${READ_SELECT[kind]} FROM ${await partitionsRelation(host, [partition])}`,
    COLUMN_FIELDS[kind].map(([name]) => name),
  );
  const rows = Object.fromEntries(COLUMN_FIELDS[kind].map(([name, field]) => [field, columns[name]]));
  await host.writeFile(
    columnsPath(partition.path),
    encodeColumns(kind, { length, ...rows } as BarColumns | TickColumns),
  );
}
