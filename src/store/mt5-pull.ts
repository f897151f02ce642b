import { BarChunk, TickChunk } from "../core/data/chunk.ts";
import { formatSourceZone, parseSourceZone, toUtcConverter } from "../core/data/source-zone.ts";
import type { DataKind, Timeframe } from "../core/data/types.ts";
import { PipscopeError } from "../core/errors.ts";
import { HISTORY_CHUNK_ROWS, HISTORY_CHUNK_ROWS_MAX, type HistoryKind, readHistoryRows } from "../core/protocol/mt5.ts";
import { type RelayFrame, type RelayFrameOf, relayFrameSchema } from "../core/protocol/relay.ts";
import type { UtcMs } from "../core/units.ts";
import type { DatasetSummary, MarketStore } from "./market-store.ts";
import { type PullTarget, pullDatasetId, pullFingerprint } from "./pull.ts";

/** What to pull from the terminal behind a relay. */
export interface PullRequest {
  /** The relay, e.g. `ws://127.0.0.1:8765`. */
  relay: string;
  token?: string;
  symbol: string;
  kind: DataKind;
  /** Bars only. */
  timeframe?: Timeframe;
  /** UTC ms, [from, to). */
  from: UtcMs;
  to: UtcMs;
  /** The zone of the trade server's times; default `mt5-server` (New York + 7 h). */
  tz?: string;
  chunkRows?: number;
}

/** Progress of a pull, after each stored chunk. */
export interface PullProgress {
  /** Rows stored by this pull so far. */
  rows: number;
  /** The pulled range: where this pull started (after what was cached) and where it ends, UTC ms. */
  from: UtcMs;
  to: UtcMs;
  /** The last stored row's time, UTC ms. */
  at: UtcMs;
  /** Rows stored per second of wall time. */
  rate: number;
  chunks: number;
}

export interface PullResult {
  status: "pulled" | "up_to_date";
  dataset: DatasetSummary | undefined;
  rows: number;
  /** Where this pull started: `from`, or after the rows a previous pull left in the dataset. */
  started: UtcMs;
  /** True when it carried on after a previous pull's stored rows. */
  resumed: boolean;
  server: string;
  seconds: number;
}

/** The part of a WebSocket a pull uses: the browser's and `ws`'s both have it. */
export interface PullSocket {
  send(text: string): void;
  close(): void;
  addEventListener(type: "open" | "close" | "error", listener: () => void): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
}

/** How long a pull waits for the relay to say which terminal feeds it, ms. */
const TERMINAL_WAIT_MS = 5000;

/**
 * Pulls history from the MT5 terminal behind a relay into the cache (relay/mql5/PROTOCOL.md,
 * History): asks the relay for `[from, to)` after what the pull's dataset already holds, stores
 * each chunk (times converted from the server's zone to UTC; rows outside the range dropped) and
 * acknowledges it only once stored, so a pull that stops — terminal closed, relay restarted,
 * cancelled — leaves whole chunks only, and the same pull run again goes on from the last stored
 * row. Errors the terminal gives (unknown symbol, no history) arrive with its own words.
 * @throws PipscopeError MT5_… naming what went wrong; what was stored stays.
 */
export async function pullHistory(
  store: MarketStore,
  request: PullRequest,
  openSocket: (url: string) => PullSocket,
  onProgress?: (progress: PullProgress) => void,
  signal?: AbortSignal,
): Promise<PullResult> {
  const zone = parseSourceZone(request.tz ?? "mt5-server");
  const toUtc = toUtcConverter(zone);
  const kind: HistoryKind = request.kind;
  const chunkRows = request.chunkRows ?? HISTORY_CHUNK_ROWS;
  const url = request.token ? `${request.relay}?token=${encodeURIComponent(request.token)}` : request.relay;
  const link = new RelayLink(openSocket(url), request.relay, signal);
  const startedAt = Date.now();
  try {
    const terminal = await link.terminal();
    const where = { symbol: request.symbol, kind, timeframe: request.timeframe, server: terminal.server };
    const id = pullDatasetId(where);
    const cached = store.list().find((d) => d.id === id);
    // Go on after the stored rows when an earlier pull covered, without a break, from here on.
    const pulledFrom = store.pulledFrom(id, pullFingerprint(where));
    const resumed = cached !== undefined && pulledFrom !== undefined && pulledFrom <= request.from;
    const from = (resumed ? Math.max(request.from, cached.last + 1) : request.from) as UtcMs;
    const target: PullTarget = {
      ...where,
      company: terminal.company,
      timezone: formatSourceZone(zone),
      from: resumed ? (pulledFrom as number) : request.from,
    };
    const result = (status: PullResult["status"], dataset: DatasetSummary | undefined, rows: number) => ({
      status,
      dataset,
      rows,
      started: from,
      resumed,
      server: terminal.server,
      seconds: (Date.now() - startedAt) / 1000,
    });
    if (from >= request.to) return result("up_to_date", cached, 0);

    const requestId = `pull-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    link.send({
      type: "history",
      id: requestId,
      symbol: request.symbol,
      kind,
      ...(kind === "bars" ? { timeframe: request.timeframe } : {}),
      from_msc: from,
      to_msc: request.to,
      chunk_rows: Math.min(HISTORY_CHUNK_ROWS_MAX, chunkRows),
    });
    // Rows of the chunk on the wire; a chunk may carry up to the margin's worth of rows outside the range.
    const capacity = chunkRows + 1;
    let chunk = kind === "bars" ? new BarChunk(capacity) : new TickChunk(capacity);
    let received = 0;
    let stored = 0;
    let chunks = 0;
    let at = from;
    let dataset: DatasetSummary | undefined = cached;
    for (;;) {
      const frame = await link.next(requestId);
      if (frame.type === "history_rows") {
        const rows = readHistoryRows(frame, kind);
        if ("error" in rows) throw new PipscopeError("MT5_BAD_HISTORY", rows.error, { field: "history_rows" });
        received += rows.length;
        if (chunk.length + rows.length > chunk.capacity) chunk = grow(chunk, chunk.length + rows.length);
        append(chunk, rows.columns, toUtc, from, request.to);
        continue;
      }
      if (frame.type === "history_error") {
        throw new PipscopeError(`MT5_${frame.code.replace(/^RELAY_/, "")}`, `the terminal answered: ${frame.message}`, {
          field: "symbol",
        });
      }
      if (frame.type !== "history_chunk") continue;
      if (frame.rows !== received) {
        throw new PipscopeError(
          "MT5_BAD_HISTORY",
          `chunk ${frame.chunk} announced ${frame.rows} rows, ${received} arrived`,
          { field: "history_chunk" },
        );
      }
      if (chunk.length > 0) {
        sortIfNeeded(chunk);
        dataset = await store.storePulledRows(target, chunk.view());
        stored += chunk.length;
        at = chunk.time[chunk.length - 1] as UtcMs;
      }
      chunks++;
      link.send({ type: "history_ack", id: requestId, chunk: frame.chunk });
      const seconds = Math.max(1e-3, (Date.now() - startedAt) / 1000);
      onProgress?.({ rows: stored, from, to: request.to, at, rate: stored / seconds, chunks });
      chunk.reset();
      received = 0;
      if (frame.last) break;
    }
    if (stored === 0) return result(cached ? "up_to_date" : "pulled", cached, 0);
    return result("pulled", (await store.finishPull(id)) ?? dataset, stored);
  } finally {
    link.close();
  }
}

/** Rows of a `history_rows` line into the chunk: times to UTC, only those inside [from, to). */
function append(
  chunk: BarChunk | TickChunk,
  rows: Record<string, number[]>,
  toUtc: (local: number) => number,
  from: number,
  to: number,
): void {
  const time = rows.time;
  const n = time.length;
  if (chunk instanceof BarChunk) {
    const { open, high, low, close, tick_volume: tickVolume, volume, spread } = rows;
    for (let i = 0; i < n; i++) {
      const t = toUtc(time[i]);
      if (t < from || t >= to) continue;
      const j = chunk.length++;
      chunk.time[j] = t;
      chunk.open[j] = open[i];
      chunk.high[j] = high[i];
      chunk.low[j] = low[i];
      chunk.close[j] = close[i];
      chunk.tickVolume[j] = tickVolume[i];
      chunk.volume[j] = volume[i];
      chunk.spread[j] = spread[i];
    }
    return;
  }
  const { bid, ask, last, volume, flags } = rows;
  for (let i = 0; i < n; i++) {
    const t = toUtc(time[i]);
    if (t < from || t >= to) continue;
    const j = chunk.length++;
    chunk.time[j] = t;
    chunk.bid[j] = bid[i];
    chunk.ask[j] = ask[i];
    // MT5 writes 0 where a tick has no last price or volume; the cache keeps NaN for "none".
    chunk.last[j] = last[i] === 0 ? Number.NaN : last[i];
    chunk.volume[j] = volume[i];
    chunk.flags[j] = flags[i];
  }
}

/** A chunk with room for `rows`, holding the rows of `chunk`. */
function grow(chunk: BarChunk | TickChunk, rows: number): BarChunk | TickChunk {
  const bigger = chunk instanceof BarChunk ? new BarChunk(rows * 2) : new TickChunk(rows * 2);
  for (const [key, column] of Object.entries(chunk)) {
    const into = (bigger as unknown as Record<string, unknown>)[key];
    if (ArrayBuffer.isView(into)) (into as Float64Array).set((column as Float64Array).subarray(0, chunk.length));
  }
  bigger.length = chunk.length;
  return bigger;
}

/**
 * The server's clock goes back an hour when daylight saving ends; converted to UTC the rows are
 * in order again, but a chunk cut at such an hour can still hold them out of order. Sort then.
 */
function sortIfNeeded(chunk: BarChunk | TickChunk): void {
  const time = chunk.time;
  let sorted = true;
  for (let i = 1; i < chunk.length && sorted; i++) sorted = time[i] >= time[i - 1];
  if (sorted) return;
  const order = Array.from({ length: chunk.length }, (_, i) => i).sort((a, b) => time[a] - time[b]);
  for (const [key, column] of Object.entries(chunk)) {
    if (!ArrayBuffer.isView(column) || key === "length") continue;
    const values = column as Float64Array;
    const copy = values.slice(0, chunk.length);
    for (let i = 0; i < order.length; i++) values[i] = copy[order[i]];
  }
}

/**
 * A pull's connection to the relay: frames checked against the protocol and queued; `next` waits
 * for the next frame of the request, and fails at once when the connection is lost or cancelled.
 */
class RelayLink {
  private readonly frames: RelayFrame[] = [];
  private failure: PipscopeError | undefined;
  private wake: (() => void) | undefined;
  private terminalFrame: RelayFrameOf<"terminal"> | undefined;
  private opened = false;

  constructor(
    private readonly socket: PullSocket,
    private readonly where: string,
    signal?: AbortSignal,
  ) {
    socket.addEventListener("open", () => {
      this.opened = true;
    });
    socket.addEventListener("message", (event) => this.receive(event.data));
    socket.addEventListener("close", () =>
      this.fail(
        this.opened
          ? new PipscopeError(
              "MT5_CONNECTION_LOST",
              "the connection to the relay was lost mid-pull; the chunks stored so far stay: run the same pull again to go on from there",
            )
          : new PipscopeError(
              "MT5_NO_RELAY",
              `cannot reach the relay at ${where}: is \`pipscope relay --source mt5-socket:<port>\` running?`,
              {
                field: "relay",
              },
            ),
      ),
    );
    signal?.addEventListener("abort", () => {
      this.fail(new PipscopeError("MT5_PULL_CANCELLED", "the pull was cancelled; the chunks stored so far stay"));
      socket.close();
    });
  }

  send(frame: object): void {
    this.socket.send(JSON.stringify(frame));
  }

  close(): void {
    this.socket.close();
  }

  /** The terminal feeding the relay, once the relay says which; fails when none is connected. */
  async terminal(): Promise<RelayFrameOf<"terminal">> {
    const deadline = Date.now() + TERMINAL_WAIT_MS;
    while (!this.terminalFrame?.connected) {
      if (this.failure) throw this.failure;
      if (Date.now() > deadline)
        throw new PipscopeError(
          "MT5_NO_TERMINAL",
          `no MetaTrader 5 terminal with the Pipscope EA is connected to the relay at ${this.where}: start the relay with --source mt5-socket:<port> and attach PipscopeBridge to a chart`,
          { field: "relay" },
        );
      await this.waitAny(100);
    }
    return this.terminalFrame;
  }

  /** The next frame of request `id` (rows, chunk ends, errors). */
  async next(id: string): Promise<RelayFrame> {
    for (;;) {
      const at = this.frames.findIndex((f) => "id" in f && f.id === id);
      if (at >= 0) return this.frames.splice(at, 1)[0];
      if (this.failure) throw this.failure;
      this.frames.length = 0; // nothing else is read by a pull
      await this.waitAny(60_000);
    }
  }

  private waitAny(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private receive(data: unknown): void {
    let frame: RelayFrame;
    try {
      frame = relayFrameSchema.parse(JSON.parse(String(data)));
    } catch {
      this.fail(new PipscopeError("MT5_BAD_FRAME", "the relay sent a frame that is not of its protocol"));
      return;
    }
    if (frame.type === "terminal") this.terminalFrame = frame;
    else if (frame.type === "error") {
      this.fail(new PipscopeError(frame.code, `the relay refused: ${frame.message}`, { field: "relay" }));
    } else if ("id" in frame && frame.type !== "pong") this.frames.push(frame);
    this.wake?.();
  }

  private fail(error: PipscopeError): void {
    this.failure ??= error;
    this.wake?.();
  }
}
