import { Temporal } from "@js-temporal/polyfill";
import type { TickColumns } from "../../src/core/data/types.ts";
import { TICK_FLAGS } from "../../src/core/data/types.ts";
import { PipscopeError } from "../../src/core/errors.ts";
import { symbolSchema, UPSTREAM_TIME_MAX_MS, UPSTREAM_TIME_MIN_MS } from "../../src/core/protocol/relay.ts";
import { mergeTicks, type TickTape } from "./tape.ts";

const TIME_NAMES = ["time", "time_msc", "timestamp", "datetime"];
const OPTIONAL = ["symbol", "last", "volume", "flags"] as const;

/**
 * Reads a replay file: delimited text (comma, semicolon or tab, found from the header line) with a
 * header naming, in any order and case, `time` (or time_msc, timestamp, datetime: UTC epoch ms or
 * ISO 8601 with an offset), `bid`, `ask`, and optionally `symbol`, `last`, `volume`, `flags`.
 * Without a symbol column every row is `defaultSymbol`. Each symbol's rows must be in time order.
 * @throws PipscopeError `RELAY_BAD_TICK_FILE` naming the file, line and field of the first problem.
 */
export function parseTickCsv(text: string, file: string, defaultSymbol?: string): TickTape {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const fail = (message: string, line: number, field?: string): never => {
    throw new PipscopeError("RELAY_BAD_TICK_FILE", message, { file, line, field });
  };
  const header = lines[0] ?? "";
  const delimiter = [",", ";", "\t"].find((d) => header.includes(d));
  if (!delimiter) fail("the first line must be a header such as time,symbol,bid,ask", 1);
  const names = header.split(delimiter as string).map((name) => name.trim().toLowerCase());
  const column = (name: string) => names.indexOf(name);
  const timeColumn = names.findIndex((name) => TIME_NAMES.includes(name));
  if (timeColumn < 0) fail(`no time column: name one ${TIME_NAMES.join(", ")}`, 1, "time");
  if (column("bid") < 0 || column("ask") < 0) fail("the header needs bid and ask columns", 1);
  const [symbolColumn, lastColumn, volumeColumn, flagsColumn] = OPTIONAL.map(column);
  if (symbolColumn < 0 && defaultSymbol === undefined) {
    fail("no symbol column: add one, or name the file's one symbol with --symbols", 1, "symbol");
  }

  const bySymbol = new Map<
    string,
    { time: number[]; bid: number[]; ask: number[]; last: number[]; volume: number[]; flags: number[] }
  >();
  for (let index = 1; index < lines.length; index++) {
    const line = index + 1;
    if (lines[index].trim() === "") continue;
    const cells = lines[index].split(delimiter as string);
    const number = (at: number, field: string, required: boolean): number => {
      const cell = at < 0 ? "" : (cells[at] ?? "").trim();
      if (cell === "" && !required) return Number.NaN;
      const value = Number(cell);
      if (cell === "" || !Number.isFinite(value)) fail(`'${cell}' is not a number`, line, field);
      return value;
    };
    const symbol = symbolColumn < 0 ? (defaultSymbol as string) : (cells[symbolColumn] ?? "").trim();
    if (!symbolSchema.safeParse(symbol).success) fail(`'${symbol}' is not a symbol`, line, "symbol");
    const time = parseTime((cells[timeColumn] ?? "").trim());
    if (Number.isNaN(time))
      fail(`'${cells[timeColumn]}' is neither epoch ms nor ISO 8601 with an offset`, line, names[timeColumn]);
    if (time < UPSTREAM_TIME_MIN_MS || time > UPSTREAM_TIME_MAX_MS)
      fail(`'${cells[timeColumn]}' is not between 1970 and 2200 (epoch ms)`, line, names[timeColumn]);
    const bid = number(column("bid"), "bid", true);
    const ask = number(column("ask"), "ask", true);
    if (bid <= 0 || ask <= 0) fail("prices must be positive", line, bid <= 0 ? "bid" : "ask");
    if (ask < bid) fail(`ask ${ask} is below bid ${bid}`, line, "ask");
    let series = bySymbol.get(symbol);
    if (!series) {
      series = { time: [], bid: [], ask: [], last: [], volume: [], flags: [] };
      bySymbol.set(symbol, series);
    }
    const previous = series.time[series.time.length - 1];
    if (time < previous)
      fail(
        `${symbol} goes back in time (${new Date(time).toISOString()} after ${new Date(previous).toISOString()})`,
        line,
        names[timeColumn],
      );
    const flags = number(flagsColumn, "flags", false);
    series.time.push(time);
    series.bid.push(bid);
    series.ask.push(ask);
    series.last.push(number(lastColumn, "last", false));
    series.volume.push(number(volumeColumn, "volume", false));
    series.flags.push(Number.isNaN(flags) ? TICK_FLAGS.bid | TICK_FLAGS.ask : flags);
  }
  if (bySymbol.size === 0) fail("no ticks after the header", 2);
  return mergeTicks([...bySymbol].map(([symbol, s]) => ({ symbol, ticks: toColumns(s) })));
}

/** UTC epoch ms from digits (epoch ms) or ISO 8601 with an offset; NaN otherwise. */
function parseTime(cell: string): number {
  if (/^\d+(\.\d+)?$/.test(cell)) return Number(cell);
  try {
    return Temporal.Instant.from(cell).epochMilliseconds;
  } catch {
    return Number.NaN;
  }
}

function toColumns(s: {
  time: number[];
  bid: number[];
  ask: number[];
  last: number[];
  volume: number[];
  flags: number[];
}): TickColumns {
  return {
    length: s.time.length,
    time: Float64Array.from(s.time),
    bid: Float64Array.from(s.bid),
    ask: Float64Array.from(s.ask),
    last: Float64Array.from(s.last),
    volume: Float64Array.from(s.volume),
    flags: Int32Array.from(s.flags),
  };
}
