/**
 * A MetaTrader 5 terminal running the Pipscope EA, simulated from relay/mql5/PROTOCOL.md alone,
 * for the unit, e2e and bench tests: it connects to a relay's mt5-socket port, says `hello`,
 * streams numbered ticks of several symbols at a set rate (keeping what the relay has not
 * acknowledged, and sending it again after a reconnect), sends account snapshots, and answers
 * history requests from files or the synthetic generator in acknowledged chunks.
 *
 *   node --import tsx tests/sim/terminal.ts --port 8766 [--token T] [--symbols EURUSD,GBPUSD]
 *     [--rate 2000] [--ticks N] [--history EURUSD:M1=bars.csv] [--history EURUSD:ticks=synthetic]
 *     [--drop-after-rows N] [--drop-after-ticks N] [--server Sim-Server] [--session S]
 *
 * History files are UTC: CSV with a header (time as epoch ms or ISO 8601, then open, high, low,
 * close, tick_volume, volume, spread — or bid, ask, last, volume, flags) or Parquet. Like a real
 * terminal it serves them in trade-server time, New York time + 7 h (an "mt5-server" broker).
 * It prints one JSON line per event on stdout; on stdin, `drop` cuts the connection (it then
 * reconnects) and `stop` ends it.
 */
import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { Temporal } from "@js-temporal/polyfill";
import { syntheticBars, syntheticTicks } from "../../src/core/data/synthetic.ts";
import type { BarColumns, TickColumns } from "../../src/core/data/types.ts";

const { values } = parseArgs({
  options: {
    host: { type: "string", default: "127.0.0.1" },
    port: { type: "string" },
    token: { type: "string" },
    symbols: { type: "string", default: "EURUSD,GBPUSD,USDJPY,XAUUSD" },
    rate: { type: "string", default: "0" },
    ticks: { type: "string" },
    history: { type: "string", multiple: true, default: [] },
    "drop-after-rows": { type: "string" },
    "drop-after-ticks": { type: "string" },
    server: { type: "string", default: "Sim-Server" },
    session: { type: "string", default: `sim-${process.pid}-${Date.now().toString(36)}` },
    "rows-per-line": { type: "string", default: "400" },
  },
});
const port = Number(values.port);
const symbols = (values.symbols as string).split(",").filter(Boolean);
const rate = Number(values.rate);
const tickLimit = values.ticks === undefined ? Number.POSITIVE_INFINITY : Number(values.ticks);
const rowsPerLine = Number(values["rows-per-line"]);
let dropAfterRows = values["drop-after-rows"] === undefined ? undefined : Number(values["drop-after-rows"]);
let dropAfterTicks = values["drop-after-ticks"] === undefined ? undefined : Number(values["drop-after-ticks"]);
const MAX_LINE_BYTES = 65_536;
const HOUR = 3_600_000;

const say = (event: string, detail: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ event, ...detail })}\n`);

// ---- trade-server time: New York + 7 h, offsets cached per hour ----

const offsets = new Map<number, number>();
function serverOffset(utc: number): number {
  const hour = Math.floor(utc / HOUR);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const zoned = Temporal.Instant.fromEpochMilliseconds(hour * HOUR).toZonedDateTimeISO("America/New_York");
    offset = zoned.offsetNanoseconds / 1e6 + 7 * HOUR;
    offsets.set(hour, offset);
  }
  return offset;
}

// ---- history sources ----

type Kind = "bars" | "ticks";
interface Source {
  kind: Kind;
  rows(fromUtc: number, toUtc: number): BarColumns | TickColumns;
}
const sources = new Map<string, Source>();

function readCsv(file: string, kind: Kind): BarColumns | TickColumns {
  const lines = readFileSync(file, "utf8").split(/\r?\n/).filter(Boolean);
  const header = lines[0].split(",").map((h) => h.trim().toLowerCase());
  const n = lines.length - 1;
  const names =
    kind === "bars"
      ? ["open", "high", "low", "close", "tick_volume", "volume", "spread"]
      : ["bid", "ask", "last", "volume", "flags"];
  const columns = names.map(() => new Float64Array(n));
  const time = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const cells = lines[i + 1].split(",");
    const t = cells[header.indexOf("time")];
    time[i] = /^\d+$/.test(t) ? Number(t) : Date.parse(t);
    names.forEach((name, k) => {
      const at = header.indexOf(name);
      columns[k][i] = at < 0 ? 0 : Number(cells[at]);
    });
  }
  if (kind === "bars") {
    const [open, high, low, close, tickVolume, volume, spread] = columns;
    return { length: n, time, open, high, low, close, tickVolume, volume, spread };
  }
  const [bid, ask, last, volume, flags] = columns;
  return { length: n, time, bid, ask, last, volume, flags: Int32Array.from(flags) };
}

async function readParquet(file: string, kind: Kind): Promise<BarColumns | TickColumns> {
  const { openNodeDuckDB } = await import("../../src/store/duckdb/node.ts");
  const { ParquetProducer } = await import("../../src/store/import/parquet-producer.ts");
  const { nodeFileSource } = await import("../../src/store/node-source.ts");
  const { BarChunk, TickChunk } = await import("../../src/core/data/chunk.ts");
  const { tmpdir } = await import("node:os");
  const source = await nodeFileSource(file);
  const producer = await ParquetProducer.open(await openNodeDuckDB(tmpdir()), source, kind);
  producer.useZone((utc) => utc);
  const chunk = kind === "bars" ? new BarChunk(producer.shape.rows) : new TickChunk(producer.shape.rows);
  while (await producer.fill(chunk, chunk.capacity)) {}
  producer.close();
  await source.close();
  return chunk.view();
}

function fromColumns(kind: Kind, all: BarColumns | TickColumns): Source {
  return {
    kind,
    rows(fromUtc, toUtc) {
      const lo = lowerBound(all.time, fromUtc);
      const hi = lowerBound(all.time, toUtc);
      const out: Record<string, unknown> = { length: hi - lo };
      for (const [key, column] of Object.entries(all)) if (key !== "length") out[key] = column.subarray(lo, hi);
      return out as unknown as BarColumns | TickColumns;
    },
  };
}

function lowerBound(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (time[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

for (const spec of values.history as string[]) {
  const match = /^([A-Za-z0-9._#-]+):(ticks|M1|M5|M15|M30|H1|H4|D1|W1|MN1)=(.+)$/.exec(spec);
  if (!match) throw new Error(`--history ${spec}: SYMBOL:TIMEFRAME=file (or SYMBOL:ticks=file, or =synthetic)`);
  const [, symbol, frame, file] = match;
  const kind: Kind = frame === "ticks" ? "ticks" : "bars";
  const key = `${symbol}:${frame}`;
  if (file === "synthetic") {
    // The last range asked is kept, as a terminal keeps the history it has loaded.
    let kept: { from: number; to: number; rows: BarColumns | TickColumns } | undefined;
    sources.set(key, {
      kind,
      rows(from, to) {
        if (kept?.from !== from || kept.to !== to)
          kept = {
            from,
            to,
            rows: kind === "bars" ? syntheticBars(symbol, from, to) : syntheticTicks(symbol, from, to),
          };
        return kept.rows;
      },
    });
  } else {
    const rows = /\.parquet$/i.test(file) ? await readParquet(file, kind) : readCsv(file, kind);
    sources.set(key, fromColumns(kind, rows));
  }
}

// ---- the connection ----

let socket: Socket | undefined;
let stopped = false;
let lastN = 0;
/** Ticks sent and not yet acknowledged, oldest first: [n, line]. */
const unacked: [number, string][] = [];
let ticksMade = 0;
let ticksSentThisConnection = 0;
let greeted = false;
let history: HistoryAnswer | undefined;

function send(line: string): boolean {
  if (!socket || socket.destroyed) return false;
  socket.write(line);
  return true;
}
const sendMessage = (message: object) => send(`${JSON.stringify(message)}\n`);

function drop(reason: string): void {
  say("dropped", { reason });
  socket?.destroy();
}

function open(): void {
  greeted = false;
  ticksSentThisConnection = 0;
  history = undefined;
  const s = connect(port, values.host as string);
  socket = s;
  s.setNoDelay(true);
  s.on("connect", () => {
    say("connected");
    if (values.token) sendMessage({ type: "auth", token: values.token });
    sendMessage({
      type: "hello",
      protocol: 1,
      ea: "TerminalSim 1.0",
      session: values.session,
      server: values.server,
      company: "Simulated Broker",
      server_offset_ms: serverOffset(Date.now()),
      symbols,
      features: ["ticks", "history", "account"],
    });
  });
  let pending = "";
  s.on("data", (chunk) => {
    pending += chunk.toString("utf8");
    let end = pending.indexOf("\n");
    while (end >= 0) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      if (line.trim()) receive(JSON.parse(line));
      end = pending.indexOf("\n");
    }
  });
  s.on("error", () => {});
  s.on("close", () => {
    if (stopped) return;
    setTimeout(open, 200);
  });
}

function receive(message: Record<string, unknown>): void {
  switch (message.type) {
    case "hello": {
      greeted = true;
      const last = message.last_n as number;
      while (unacked.length && unacked[0][0] <= last) unacked.shift();
      say("relay_hello", { last_n: last, resend: unacked.length, protocol: message.protocol });
      for (const [, line] of [...unacked]) if (!sendTick(line)) break;
      return;
    }
    case "ack": {
      const n = message.n as number;
      while (unacked.length && unacked[0][0] <= n) unacked.shift();
      say("acked", { n, unacked: unacked.length });
      return;
    }
    case "history":
      startHistory(message);
      return;
    case "history_ack":
      if (history && message.id === history.id) history.acked(message.chunk as number);
      return;
    case "history_cancel":
      if (history && message.id === history.id) history = undefined;
      return;
    case "error":
      say("relay_error", { code: message.code, message: message.message });
      return;
  }
}

// ---- ticks ----

const prices = new Map(symbols.map((s, i) => [s, startPrice(s, i)]));
function startPrice(symbol: string, i: number): number {
  if (symbol.endsWith("JPY")) return 150 + i;
  if (symbol.startsWith("XAU")) return 2300 + i;
  return 1.05 + i * 0.1;
}
let lastTime = 0;
/** What was made of each symbol, for the tests to compare with what arrived: count and sum of bids. */
const made = new Map<string, { count: number; bid_sum: number }>();

function makeTick(): void {
  const symbol = symbols[ticksMade % symbols.length];
  const digits = symbol.endsWith("JPY") ? 3 : symbol.startsWith("XAU") ? 2 : 5;
  const point = 10 ** -digits;
  const step = Math.sin(ticksMade * 12.9898) * 43758.5453;
  const move = (step - Math.floor(step) - 0.5) * 4 * point;
  const bid = Number(((prices.get(symbol) as number) + move).toFixed(digits));
  prices.set(symbol, bid);
  const tally = made.get(symbol) ?? { count: 0, bid_sum: 0 };
  tally.count++;
  tally.bid_sum = Number((tally.bid_sum + bid).toFixed(6));
  made.set(symbol, tally);
  const ask = Number((bid + 12 * point).toFixed(digits));
  lastTime = Math.max(lastTime, Date.now());
  const n = ++lastN;
  ticksMade++;
  const line = `${JSON.stringify({ type: "tick", n, symbol, bid, ask, last: 0, volume: 0, time_msc: lastTime, flags: 6, digits })}\n`;
  unacked.push([n, line]);
  if (greeted) sendTick(line);
}

/** Sends a tick line; false once `--drop-after-ticks` cut the connection. */
function sendTick(line: string): boolean {
  if (!send(line)) return false;
  ticksSentThisConnection++;
  if (dropAfterTicks !== undefined && ticksSentThisConnection >= dropAfterTicks) {
    dropAfterTicks = undefined;
    drop("drop-after-ticks");
    return false;
  }
  return true;
}

if (rate > 0) {
  const started = performance.now();
  const timer = setInterval(() => {
    const due = Math.min(tickLimit, Math.floor(((performance.now() - started) * rate) / 1000));
    while (ticksMade < due) makeTick();
    if (ticksMade >= tickLimit) {
      clearInterval(timer);
      say("ticks_made", { count: ticksMade, per_symbol: Object.fromEntries(made) });
    }
  }, 5);
}

setInterval(() => {
  if (!greeted) return;
  const bid = prices.get(symbols[0]) as number;
  sendMessage({
    type: "account",
    balance: 10000,
    equity: 10000 + Math.round((bid % 0.001) * 1e6) / 100,
    margin: 216.1,
    free_margin: 9783.9,
    currency: "USD",
    positions: [
      {
        ticket: 101,
        symbol: symbols[0],
        side: "buy",
        volume: 0.1,
        price_open: 1.05,
        price_current: bid,
        sl: 0,
        tp: 0,
        profit: 1.5,
        swap: -0.2,
        time_msc: Date.now() - 60_000,
      },
    ],
    orders: [
      {
        ticket: 202,
        symbol: symbols[0],
        kind: "buy_limit",
        volume: 0.2,
        price_open: 1.01,
        sl: 0,
        tp: 0,
        time_msc: Date.now() - 30_000,
        expiration_msc: 0,
      },
    ],
  });
}, 2000);

// ---- history ----

interface HistoryAnswer {
  id: string;
  acked(chunk: number): void;
}

function startHistory(request: Record<string, unknown>): void {
  const id = request.id as string;
  const symbol = request.symbol as string;
  const kind = request.kind as Kind;
  const frame = kind === "ticks" ? "ticks" : (request.timeframe as string);
  const source = sources.get(`${symbol}:${frame}`);
  say("history_request", { id, symbol, kind, frame, from_msc: request.from_msc, to_msc: request.to_msc });
  if (!source) {
    const known = [...sources.keys()].some((k) => k.startsWith(`${symbol}:`));
    sendMessage({
      type: "error",
      id,
      code: known ? "NO_HISTORY" : "NO_SYMBOL",
      message: known
        ? `CopyRates(${symbol}, ${frame}) failed: error 4401 (requested history not found)`
        : `symbol ${symbol} is not in the terminal: error 4301 (unknown symbol)`,
    });
    return;
  }
  // The EA's request to the terminal: today's offset, widened by 4 h each side (PROTOCOL.md).
  const offset = serverOffset(Date.now());
  const serverFrom = (request.from_msc as number) + offset - 4 * HOUR;
  const serverTo = (request.to_msc as number) + offset + 4 * HOUR;
  const all = source.rows(serverFrom - 12 * HOUR, serverTo + 12 * HOUR);
  const server = new Float64Array(all.length);
  const keep: number[] = [];
  for (let i = 0; i < all.length; i++) {
    server[i] = all.time[i] + serverOffset(all.time[i]);
    if (server[i] >= serverFrom && server[i] < serverTo) keep.push(i);
  }
  const chunkRows = request.chunk_rows as number;
  const names =
    kind === "bars"
      ? ([
          ["time"],
          ["open"],
          ["high"],
          ["low"],
          ["close"],
          ["tick_volume", "tickVolume"],
          ["volume"],
          ["spread"],
        ] as const)
      : ([["time"], ["bid"], ["ask"], ["last"], ["volume"], ["flags"]] as const);
  const rowsOf = (from: number, to: number) => {
    const line: Record<string, unknown> = {};
    for (const [wire, field = wire] of names) {
      const column = (all as unknown as Record<string, Float64Array | Int32Array>)[field];
      const values: number[] = new Array(to - from);
      for (let k = from; k < to; k++) {
        const v = wire === "time" ? server[keep[k]] : column[keep[k]];
        values[k - from] = Number.isFinite(v) ? v : 0;
      }
      line[wire] = values;
    }
    return line;
  };
  const chunks = Math.max(1, Math.ceil(keep.length / chunkRows));
  let sentRows = 0;
  let next = 0;
  let acked = -1;
  // At most two chunks unacknowledged (PROTOCOL.md): the next is read while the client stores one.
  const pump = () => {
    while (history?.id === id && next < chunks && next - acked <= 2) sendChunk(next++);
  };
  const sendChunk = (chunk: number) => {
    const from = chunk * chunkRows;
    const to = Math.min(keep.length, from + chunkRows);
    for (let at = from; at < to; ) {
      let n = Math.min(rowsPerLine, to - at);
      let line = `${JSON.stringify({ type: "history_rows", id, chunk, ...rowsOf(at, at + n) })}\n`;
      while (Buffer.byteLength(line) > MAX_LINE_BYTES) {
        n = Math.floor(n / 2);
        line = `${JSON.stringify({ type: "history_rows", id, chunk, ...rowsOf(at, at + n) })}\n`;
      }
      if (!send(line)) {
        history = undefined;
        return;
      }
      at += n;
      sentRows += n;
      if (dropAfterRows !== undefined && sentRows >= dropAfterRows && at < to) {
        dropAfterRows = undefined;
        history = undefined;
        drop("drop-after-rows");
        return;
      }
    }
    const last = to >= keep.length;
    sendMessage({ type: "history_chunk", id, chunk, rows: to - from, last });
    say("history_chunk", { id, chunk, rows: to - from, last });
  };
  history = {
    id,
    acked(chunk) {
      acked = Math.max(acked, chunk);
      if (acked === chunks - 1) history = undefined;
      else pump();
    },
  };
  pump();
}

createInterface({ input: process.stdin }).on("line", (command) => {
  if (command === "drop") drop("asked");
  if (command === "stop") {
    stopped = true;
    socket?.destroy();
    process.exit(0);
  }
});
process.on("SIGTERM", () => process.exit(0));

open();
say("started", { session: values.session, symbols, rate });
